import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/Field';
import { showToast } from '../../components/Toast';
import { errorMessage } from '../../lib/errors';
import { fullTime, nameOf } from '../../lib/format';
import { navigate } from '../../lib/router';
import { InboxQuery } from '../inbox/Inbox';
import { RoomListQuery } from '../rooms/RoomList';
import { BlockUserMutation, OpenDirectMutation, PeopleQuery, ProfileCardQuery, RemoveContactMutation, SendContactRequestMutation, UnblockUserMutation } from './documents';
import { closeProfileCard, useOpenProfileCard } from './profile-card';
import './people.css';

/** Rendered once by the signed-in layout: the card of whoever `openProfileCard` named. */
export function ProfileCardHost({ viewerId }: { viewerId: string }) {
  const userId = useOpenProfileCard();
  if (!userId) return null;
  return <ProfileCard key={userId} userId={userId} viewerId={viewerId} onClose={closeProfileCard} />;
}

/** A person: name, presence, and what the viewer can do about them (message, contact, block). */
export function ProfileCard({ userId, viewerId, onClose }: { userId: string; viewerId: string; onClose: () => void }) {
  const client = useApolloClient();
  const { data, loading } = useQuery(ProfileCardQuery, { variables: { id: userId }, fetchPolicy: 'cache-and-network' });
  const refetchQueries = [{ query: ProfileCardQuery, variables: { id: userId } }, PeopleQuery, InboxQuery];
  const [openDirect] = useMutation(OpenDirectMutation);
  const [sendRequest] = useMutation(SendContactRequestMutation, { refetchQueries });
  const [removeContact] = useMutation(RemoveContactMutation, { refetchQueries });
  const [block] = useMutation(BlockUserMutation, { refetchQueries });
  const [unblock] = useMutation(UnblockUserMutation, { refetchQueries });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<'block' | 'remove' | null>(null);
  const user = data?.user;
  const me = userId === viewerId;

  async function run(fn: () => Promise<unknown>) {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const title = user ? nameOf(user) : loading ? 'Loading…' : 'Unknown person';
  let contactButton = null;
  if (user && !me && !user.blockedByMe) {
    const s = user.contactStatus;
    const label = s === 'CONTACT' ? 'Remove contact' : s === 'REQUEST_SENT' ? 'Cancel contact request' : s === 'REQUEST_RECEIVED' ? 'Accept contact request' : 'Add contact';
    contactButton = (
      <button
        type="button"
        className="btn"
        disabled={busy}
        onClick={() => {
          if (s === 'CONTACT') return setConfirm('remove');
          void run(async () => {
            if (s === 'REQUEST_SENT') await removeContact({ variables: { userId } });
            else {
              await sendRequest({ variables: { userId } });
              showToast(s === 'REQUEST_RECEIVED' ? `You and ${nameOf(user)} are now contacts.` : `Contact request sent to ${nameOf(user)}.`);
            }
          });
        }}
      >
        {label}
      </button>
    );
  }

  return (
    <Dialog title={title} onClose={onClose} testId="profile-card">
      {user && (
        <div className="profile-card">
          <Avatar user={user} size={64} online={user.isOnline} />
          <div>
            <p className="profile-card__handle">@{user.username}</p>
            <p className="muted">{user.isOnline ? 'Online' : user.lastSeenAt ? `Last seen ${fullTime(user.lastSeenAt)}` : 'Not online'}</p>
            {!me && (
              <p className="muted" data-testid="contact-status">
                {user.blockedByMe ? 'You blocked this person.' : { CONTACT: 'In your contacts.', REQUEST_SENT: 'Contact request sent.', REQUEST_RECEIVED: 'Wants to be your contact.', NONE: '' }[user.contactStatus]}
              </p>
            )}
          </div>
        </div>
      )}
      <FormError message={error} />
      {user && !me && (
        <div className="dialog__actions profile-card__actions">
          {!user.blockedByMe && (
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const { data: d } = await openDirect({ variables: { userId } });
                  await client.refetchQueries({ include: [RoomListQuery] }).catch(() => undefined);
                  onClose();
                  if (d) navigate(`/rooms/${encodeURIComponent(d.createDirectRoom.id)}`);
                })
              }
            >
              Message
            </button>
          )}
          {contactButton}
          {user.blockedByMe ? (
            <button type="button" className="btn" disabled={busy} onClick={() => void run(() => unblock({ variables: { userId } }).then(() => showToast(`${nameOf(user)} is unblocked.`)))}>
              Unblock
            </button>
          ) : (
            <button type="button" className="btn btn--danger" disabled={busy} onClick={() => setConfirm('block')}>
              Block
            </button>
          )}
        </div>
      )}
      {confirm === 'block' && user && (
        <ConfirmDialog
          title={`Block ${nameOf(user)}?`}
          confirmLabel="Block"
          danger
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await block({ variables: { userId } });
            showToast(`${nameOf(user)} is blocked.`);
          }}
        >
          <p>They will not be able to message you directly, add you to rooms or invite you. They are not told. Your contact with them ends.</p>
        </ConfirmDialog>
      )}
      {confirm === 'remove' && user && (
        <ConfirmDialog title={`Remove ${nameOf(user)} from your contacts?`} confirmLabel="Remove contact" danger onClose={() => setConfirm(null)} onConfirm={() => removeContact({ variables: { userId } })}>
          <p>You stop being contacts for both of you.</p>
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
