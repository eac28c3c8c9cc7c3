import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormError } from '../../components/Field';
import { showToast } from '../../components/Toast';
import { graphql } from '../../gql';
import type { MemberItem_MemberFragment, MemberRole, RoomManageListsQuery, RoomSettingsQuery } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import { fullTime, nameOf } from '../../lib/format';
import { PersonButton } from '../people/PeoplePage';
import { UserSearch } from '../rooms/UserSearch';
import { ApproveJoinRequestMutation, BanFromRoomMutation, CancelInvitationMutation, InviteToRoomMutation, RejectJoinRequestMutation, RemoveMemberMutation, SetMemberRoleMutation } from './documents';

const AddToRoomMutation = graphql(`
  mutation AddToRoomFromSettings($roomId: ID!, $userIds: [ID!]!) {
    addMembers(roomId: $roomId, userIds: $userIds) {
      id
      memberCount
    }
  }
`);

type Room = RoomSettingsQuery['room'];
type Lists = RoomManageListsQuery['room'];
type Confirm = { kind: 'remove' | 'ban' | 'transfer'; member: MemberItem_MemberFragment };

const RANK: Record<MemberRole, number> = { OWNER: 0, ADMIN: 1, MEMBER: 2 };
const ROLE_LABEL: Record<MemberRole, string> = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' };

/** Members with their roles, adding or inviting people, and the pending invitations and join requests. */
export function MembersSection({ room, viewerId, lists, onChanged }: { room: Room; viewerId: string; lists?: Lists; onChanged: () => void }) {
  const [add] = useMutation(AddToRoomMutation);
  const [invite] = useMutation(InviteToRoomMutation);
  const [cancelInvitation] = useMutation(CancelInvitationMutation);
  const [setRole] = useMutation(SetMemberRoleMutation);
  const [removeMember] = useMutation(RemoveMemberMutation);
  const [ban] = useMutation(BanFromRoomMutation);
  const [approve] = useMutation(ApproveJoinRequestMutation);
  const [reject] = useMutation(RejectJoinRequestMutation);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const owner = room.myRole === 'OWNER';
  const inviting = room.addPolicy === 'INVITE';
  // Owners, then admins, then members, each by name.
  const members = room.members.edges.map((e) => e.node).sort((a, b) => RANK[a.role] - RANK[b.role] || nameOf(a.user).localeCompare(nameOf(b.user)));
  const memberIds = new Set(members.map((m) => m.user.id));
  const invitations = lists?.pendingInvitations.edges.map((e) => e.node) ?? [];
  const requests = lists?.joinRequests.edges.map((e) => e.node).filter((r) => r.status === 'PENDING') ?? [];
  const canManage = (m: MemberItem_MemberFragment) => m.user.id !== viewerId && (owner || m.role === 'MEMBER');

  const act = async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      setError(undefined);
      if (done) setNotice(done);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
      setNotice(undefined);
    }
  };

  return (
    <>

      {requests.length > 0 && (
        <section className="card" aria-labelledby="requests-h">
          <h2 id="requests-h">Requests to join</h2>
          <ul className="plain-list">
            {requests.map((r) => (
              <li key={r.id} className="plain-list__item" data-testid="join-request">
                <PersonButton user={r.user} />
                {r.message && <span className="plain-list__main muted">“{r.message}”</span>}
                <span className="plain-list__actions">
                  <button type="button" className="btn btn--small btn--primary" aria-label={`Approve ${nameOf(r.user)}`} onClick={() => void act(() => approve({ variables: { id: r.id } }), `${nameOf(r.user)} joined.`)}>
                    Approve
                  </button>
                  <button type="button" className="btn btn--small" aria-label={`Reject ${nameOf(r.user)}`} onClick={() => void act(() => reject({ variables: { id: r.id } }))}>
                    Reject
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="members-h">
        <h2 id="members-h">Members · {room.memberCount}</h2>
        <ul className="plain-list">
          {members.map((m) => (
            <li key={m.user.id} className="plain-list__item" data-testid="settings-member" data-role={m.role}>
              <PersonButton user={m.user} />
              <span className="plain-list__actions">
                {owner && m.user.id !== viewerId ? (
                  <label className="role-select">
                    <span className="sr-only">Role of {nameOf(m.user)}</span>
                    <select value={m.role} onChange={(e) => void act(() => setRole({ variables: { roomId: room.id, userId: m.user.id, role: e.target.value as MemberRole } }), `${nameOf(m.user)} is now ${ROLE_LABEL[e.target.value as MemberRole].toLowerCase()}.`)}>
                      <option value="MEMBER">Member</option>
                      <option value="ADMIN">Admin</option>
                      {m.role === 'OWNER' && <option value="OWNER">Owner</option>}
                    </select>
                  </label>
                ) : (
                  <span className="tag">{ROLE_LABEL[m.role]}{m.user.id === viewerId ? ' (you)' : ''}</span>
                )}
                {owner && m.user.id !== viewerId && m.role !== 'OWNER' && (
                  <button type="button" className="btn btn--small" aria-label={`Make ${nameOf(m.user)} the owner`} onClick={() => setConfirm({ kind: 'transfer', member: m })}>
                    Make owner
                  </button>
                )}
                {canManage(m) && (
                  <>
                    <button type="button" className="btn btn--small" aria-label={`Remove ${nameOf(m.user)}`} onClick={() => setConfirm({ kind: 'remove', member: m })}>
                      Remove
                    </button>
                    <button type="button" className="btn btn--small btn--danger" aria-label={`Ban ${nameOf(m.user)}`} onClick={() => setConfirm({ kind: 'ban', member: m })}>
                      Ban
                    </button>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h">{inviting ? 'Invite people' : 'Add people'}</h2>
        <p className="muted">{inviting ? 'They get an invitation and join if they accept.' : 'They join at once.'} Change this under Settings.</p>
        <UserSearch
          viewerId={viewerId}
          action={inviting ? 'Invite' : 'Add'}
          onPick={(u) => {
            if (memberIds.has(u.id)) return setNotice(`${nameOf(u)} is already a member.`);
            void act(
              () => (inviting ? invite({ variables: { roomId: room.id, userId: u.id } }) : add({ variables: { roomId: room.id, userIds: [u.id] } })),
              inviting ? `Invited ${nameOf(u)}.` : `Added ${nameOf(u)}.`,
            );
          }}
        />
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <FormError message={error} />
      </section>

      {invitations.length > 0 && (
        <section className="card" aria-labelledby="invited-h">
          <h2 id="invited-h">Invited, waiting for an answer</h2>
          <ul className="plain-list">
            {invitations.map((i) => (
              <li key={i.id} className="plain-list__item" data-testid="pending-invitation">
                <PersonButton user={i.invitee} />
                <span className="plain-list__main muted">
                  by {nameOf(i.inviter)}, {fullTime(i.createdAt)}
                </span>
                <span className="plain-list__actions">
                  <button
                    type="button"
                    className="btn btn--small"
                    aria-label={`Cancel the invitation of ${nameOf(i.invitee)}`}
                    onClick={() => void act(() => cancelInvitation({ variables: { id: i.id } }), `Cancelled the invitation of ${nameOf(i.invitee)}.`)}
                  >
                    Cancel
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {confirm && <MemberConfirm confirm={confirm} roomName={room.name ?? 'the room'} onClose={() => setConfirm(null)} run={async (reason) => {
        const { member: m } = confirm;
        const vars = { roomId: room.id, userId: m.user.id };
        if (confirm.kind === 'remove') await removeMember({ variables: vars });
        else if (confirm.kind === 'ban') await ban({ variables: { ...vars, reason: reason || null } });
        else {
          await setRole({ variables: { ...vars, role: 'OWNER' } });
          await setRole({ variables: { roomId: room.id, userId: viewerId, role: 'ADMIN' } });
        }
        showToast(confirm.kind === 'remove' ? `${nameOf(m.user)} was removed.` : confirm.kind === 'ban' ? `${nameOf(m.user)} was banned.` : `${nameOf(m.user)} is now the owner.`);
        onChanged();
      }} />}
    </>
  );
}

function MemberConfirm({ confirm, roomName, onClose, run }: { confirm: Confirm; roomName: string; onClose: () => void; run: (reason: string) => Promise<void> }) {
  const who = nameOf(confirm.member.user);
  if (confirm.kind === 'remove') {
    return (
      <ConfirmDialog title={`Remove ${who}?`} confirmLabel="Remove" danger onClose={onClose} onConfirm={run}>
        <p>{who} leaves {roomName} at once. They can be added again, or join again if the room lets them.</p>
      </ConfirmDialog>
    );
  }
  if (confirm.kind === 'ban') {
    return (
      <ConfirmDialog title={`Ban ${who}?`} confirmLabel="Ban" danger reasonLabel="Reason (optional, seen by owners and admins)" onClose={onClose} onConfirm={run}>
        <p>{who} is removed and cannot come back (by joining, a link, an invitation or being added) until unbanned.</p>
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog title={`Make ${who} the owner?`} confirmLabel="Transfer ownership" onClose={onClose} onConfirm={run}>
      <p>{who} becomes the owner of {roomName}; you stay as an admin and can no longer change roles or delete the room.</p>
    </ConfirmDialog>
  );
}
