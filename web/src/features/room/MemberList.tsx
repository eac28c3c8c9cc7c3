import { Avatar } from '../../components/Avatar';
import type { MemberItem_MemberFragment } from '../../gql/graphql';
import { fullTime, nameOf } from '../../lib/format';
import { openProfileCard } from '../people/profile-card';
import { usePresence } from './usePresence';

/** Who is in the room, online first, kept current by the presence subscription. */
export function MemberList({ roomId, members, viewerId }: { roomId: string; members: MemberItem_MemberFragment[]; viewerId: string }) {
  usePresence(roomId);

  const sorted = [...members].sort((a, b) => Number(b.user.isOnline) - Number(a.user.isOnline) || nameOf(a.user).localeCompare(nameOf(b.user)));
  const online = members.filter((m) => m.user.isOnline).length;
  return (
    <aside className="members" aria-label="Members">
      <h2>
        Members <span className="muted">· {online} online</span>
      </h2>
      <ul>
        {sorted.map((m) => (
          <li key={m.user.id} className="member" data-testid="member" data-online={m.user.isOnline}>
            <button type="button" className="member__person" onClick={() => openProfileCard(m.user.id)}>
              <Avatar user={m.user} size={28} online={m.user.isOnline} />
              <span className="member__name">
                {nameOf(m.user)}
                {m.user.id === viewerId && <span className="muted"> (you)</span>}
              </span>
            </button>
            {m.role !== 'MEMBER' && <span className="role-tag">{m.role.toLowerCase()}</span>}
            <span className="sr-only">
              {m.user.isOnline ? 'online' : `offline${m.user.lastSeenAt ? `, last seen ${fullTime(m.user.lastSeenAt)}` : ''}`}
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
