import { useMutation, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useConnection } from '../../apollo/connection';
import { backoffDelay } from '../../apollo/resumable';
import { useWhenBack } from '../../apollo/when-back';
import { clearSession, getSession, updateSessionUser } from '../../apollo/session';
import { Avatar } from '../../components/Avatar';
import { Toasts } from '../../components/Toast';
import { graphql } from '../../gql';
import { nameOf } from '../../lib/format';
import { linkHandler } from '../../lib/router';
import { ConnectionIndicator } from '../connection/ConnectionIndicator';
import { MentionsLink } from '../mentions/MentionsLink';
import { RoomView } from '../room/RoomView';
import { useDesktopNotifications } from '../notifications/useDesktopNotifications';
import { BrowseRoomsDialog } from './BrowseRoomsDialog';
import { NewDirectDialog } from './NewDirectDialog';
import { NewGroupDialog } from './NewGroupDialog';
import { ProfileDialog } from './ProfileDialog';
import { RoomList } from './RoomList';
import { RoomSwitcher, useRoomSwitcherShortcut } from './RoomSwitcher';
import { Inbox } from '../inbox/Inbox';
import { usePeopleNewsStream } from '../inbox/viewer-news';
import { ProfileCardHost } from '../people/ProfileCard';

export const MeQuery = graphql(`
  query Me {
    me {
      id
      username
      displayName
      email
      role
    }
  }
`);

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

type DialogKind = 'direct' | 'group' | 'browse' | 'profile' | 'switcher' | null;

/** The signed-in layout: the sidebar (profile, connection, rooms) and the open room or page. */
export function Shell({ roomId, children }: { roomId?: string; children?: ReactNode }) {
  const { data, error, refetch } = useQuery(MeQuery);
  const me = data?.me ?? getSession()?.user;
  // The stored user can be stale (a role changed since sign-in): a failed load of `me` is tried again, with backoff,
  // and whenever the connection comes back, so staff links and the profile follow the server.
  const [meAttempt, setMeAttempt] = useState(0);
  useEffect(() => {
    if (!error) return void setMeAttempt(0);
    const timer = setTimeout(() => {
      setMeAttempt((n) => n + 1);
      void refetch().catch(() => undefined);
    }, backoffDelay(meAttempt + 1));
    return () => clearTimeout(timer);
  }, [error, meAttempt, refetch]);
  useWhenBack((reconnect) => {
    if (reconnect || error) void refetch().catch(() => undefined);
  });
  const [logout] = useMutation(LogoutMutation);
  const [dialog, setDialog] = useState<DialogKind>(null);
  const { status } = useConnection();
  useRoomSwitcherShortcut(useCallback(() => setDialog('switcher'), []));
  useDesktopNotifications(me?.id ?? '');
  usePeopleNewsStream();

  useEffect(() => {
    if (data?.me) updateSessionUser(data.me);
  }, [data?.me]);

  async function signOut() {
    try {
      await logout();
    } catch {
      // The session ends locally either way.
    }
    clearSession();
  }

  const isStaff = me?.role === 'ADMIN' || me?.role === 'MODERATOR';

  return (
    <div className={`shell${roomId || children ? ' shell--has-main' : ''}`}>
      <aside className="sidebar" aria-label="Rooms">
        <header className="sidebar__header">
          <a className="brand" href="/" onClick={linkHandler('/')}>
            <span className="logo" aria-hidden="true">
              P
            </span>
            Parley
          </a>
          <ConnectionIndicator />
        </header>
        <div className="sidebar__actions">
          <button type="button" className="btn btn--primary" onClick={() => setDialog('direct')}>
            New chat
          </button>
          <button type="button" className="btn" onClick={() => setDialog('group')}>
            New group
          </button>
          <button type="button" className="btn" onClick={() => setDialog('browse')}>
            Browse
          </button>
        </div>
        <MentionsLink />
        {me && <Inbox viewerId={me.id} />}
        {me && <RoomList viewerId={me.id} activeRoomId={roomId} />}
        <footer className="sidebar__footer">
          {me && (
            <button type="button" className="me" data-testid="me" onClick={() => setDialog('profile')}>
              <Avatar user={me} size={32} online={status === 'connected'} />
              <span className="sr-only">Your profile: </span>
              <span className="me__names">
                <strong>{nameOf(me)}</strong>
                <span>@{me.username}</span>
              </span>
            </button>
          )}
          <div className="sidebar__links">
            <a href="/people" onClick={linkHandler('/people')} className="link-btn">
              People
            </a>
            {isStaff && (
              <a href="/admin" onClick={linkHandler('/admin')} className="link-btn">
                Admin
              </a>
            )}
            <button type="button" className="link-btn" onClick={signOut}>
              Log out
            </button>
          </div>
        </footer>
      </aside>
      <main className="main">
        {children && (
          <div className="main__bar">
            <a href="/" className="btn btn--small main__back" onClick={linkHandler('/')}>
              ← Rooms
            </a>
            <ConnectionIndicator compact />
          </div>
        )}
        {children ??
          (roomId && me ? (
            <RoomView key={roomId} roomId={roomId} viewerId={me.id} />
          ) : (
            <div className="empty">
              <h1>Welcome{me ? `, ${nameOf(me)}` : ''}</h1>
              <p>Pick a conversation, or start a new one. Press Ctrl+K to jump to a room.</p>
              <div className="empty__actions">
                <button type="button" className="btn btn--primary" onClick={() => setDialog('direct')}>
                  Start a direct chat
                </button>
                <button type="button" className="btn" onClick={() => setDialog('browse')}>
                  Browse public rooms
                </button>
              </div>
            </div>
          ))}
      </main>
      {dialog === 'direct' && me && <NewDirectDialog viewerId={me.id} onClose={() => setDialog(null)} />}
      {dialog === 'group' && me && <NewGroupDialog viewerId={me.id} onClose={() => setDialog(null)} />}
      {dialog === 'browse' && <BrowseRoomsDialog onClose={() => setDialog(null)} />}
      {dialog === 'profile' && me && <ProfileDialog me={me} onClose={() => setDialog(null)} />}
      {dialog === 'switcher' && me && <RoomSwitcher viewerId={me.id} onClose={() => setDialog(null)} />}
      {me && <ProfileCardHost viewerId={me.id} />}
      <Toasts />
    </div>
  );
}
