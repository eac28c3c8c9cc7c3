import { useQuery, useSubscription } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useEffect } from 'react';
import { errorMessage } from '../../lib/errors';
import { linkHandler, navigate, useLocation } from '../../lib/router';
import { usePeopleNews } from '../inbox/viewer-news';
import { BansSection } from './BansSection';
import { RoomManageEventsSubscription, RoomManageListsQuery, RoomSettingsQuery } from './documents';
import { GeneralSection } from './GeneralSection';
import { InviteLinksSection } from './InviteLinksSection';
import { MembersSection } from './MembersSection';
import './settings.css';

const TABS = [
  { id: 'general', label: 'Settings' },
  { id: 'members', label: 'Members' },
  { id: 'links', label: 'Invite links' },
  { id: 'bans', label: 'Bans' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** Events of the room that change what this screen shows. */
const RELOAD_ON = new Set(['MemberJoined', 'MemberLeft', 'MemberRoleChanged', 'RoomUpdated']);
/** The viewer's news (viewerEvents, for the room's managers) that changes the managers' lists: bans, links, invitations, requests. */
const LISTS_ON = new Set(['RoomBanChanged', 'InviteLinkChanged', 'InvitationChanged', 'JoinRequestChanged']);

/**
 * A group's or public room's settings for its OWNER and ADMINs: name, description, password, discoverability, how
 * people are brought in, members (roles, removal, bans), invitations, join requests, invite links and bans. Kept
 * current by the room's events and the viewer's news (bans, links, invitations and requests are news for managers).
 */
export function RoomSettingsPage({ roomId, viewerId }: { roomId: string; viewerId: string }) {
  const { query } = useLocation();
  const tab: Tab = (TABS.find((t) => t.id === query.get('tab'))?.id ?? 'general') as Tab;
  const { data, error, refetch } = useQuery(RoomSettingsQuery, { variables: { id: roomId }, fetchPolicy: 'cache-and-network' });
  const room = data?.room;
  const manager = room?.myRole === 'OWNER' || room?.myRole === 'ADMIN';
  const lists = useQuery(RoomManageListsQuery, { variables: { id: roomId }, skip: !manager || room?.kind === 'DIRECT', fetchPolicy: 'cache-and-network' });
  const reload = () => {
    void refetch().catch(() => undefined);
    if (manager) void lists.refetch().catch(() => undefined);
  };

  useSubscription(RoomManageEventsSubscription, {
    variables: { roomId },
    skip: !room,
    onData: ({ data: d }) => {
      const ev = d.data?.roomEvents;
      if (!ev) return;
      if (ev.__typename === 'RoomDeleted' || ev.__typename === 'AccessRevoked') return navigate('/', { replace: true });
      if (RELOAD_ON.has(ev.__typename)) reload();
    },
  });
  usePeopleNews((n) => {
    if (n.roomId === roomId && LISTS_ON.has(n.__typename) && manager) void lists.refetch().catch(() => undefined);
  });
  useEffect(() => {
    const onFocus = () => reload();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  });

  const roomHref = `/rooms/${encodeURIComponent(roomId)}`;
  if (error && !room) {
    const denied = CombinedGraphQLErrors.is(error);
    return (
      <div className="empty" data-testid="room-unavailable">
        <h1>{denied ? 'Room not available' : 'Could not load this room'}</h1>
        <p>{denied ? 'This room does not exist, or you are not a member of it.' : errorMessage(error)}</p>
      </div>
    );
  }
  if (!room) return <div className="empty muted" aria-busy="true">Loading…</div>;
  const back = (
    <a href={roomHref} onClick={linkHandler(roomHref)} className="btn btn--small">
      ← Back to the room
    </a>
  );
  if (!manager || room.kind === 'DIRECT') {
    return (
      <div className="page">
        <h1>Room settings</h1>
        <p>Only the room’s owner and admins can change its settings.</p>
        {back}
      </div>
    );
  }
  const title = room.name ?? 'Room';
  return (
    <div className="page" data-testid="room-settings">
      <div className="page__top">
        {back}
      </div>
      <h1>{title}</h1>
      <p className="muted page__sub">
        {room.kind === 'PUBLIC' ? 'Public room' : 'Group'} · {room.memberCount} member{room.memberCount === 1 ? '' : 's'} · you are {room.myRole === 'OWNER' ? 'the owner' : 'an admin'}
      </p>
      <nav className="tabs" aria-label="Room settings sections">
        {TABS.map((t) => {
          const href = `/rooms/${encodeURIComponent(roomId)}/settings${t.id === 'general' ? '' : `?tab=${t.id}`}`;
          return (
            <a key={t.id} href={href} className="btn btn--small" aria-current={tab === t.id ? 'page' : undefined} onClick={linkHandler(href)}>
              {t.label}
            </a>
          );
        })}
      </nav>
      {tab === 'general' && <GeneralSection room={room} />}
      {tab === 'members' && <MembersSection room={room} viewerId={viewerId} lists={lists.data?.room} onChanged={reload} />}
      {tab === 'links' && <InviteLinksSection roomId={roomId} links={lists.data?.room.inviteLinks.edges.map((e) => e.node)} onChanged={reload} />}
      {tab === 'bans' && <BansSection roomId={roomId} bans={lists.data?.room.bans.edges.map((e) => e.node)} onChanged={reload} />}
    </div>
  );
}
