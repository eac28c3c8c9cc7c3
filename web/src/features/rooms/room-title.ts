import { nameOf, type NamedUser } from '../../lib/format';

interface RoomLike<U> {
  kind: string;
  name?: string | null;
  members?: { edges: Array<{ node: { user: U } }> } | null;
}

/** The other person in a direct room (null for groups, or when they deleted their account). */
export function otherMember<U extends NamedUser & { id: string }>(room: RoomLike<U>, viewerId: string): U | null {
  if (room.kind !== 'DIRECT') return null;
  return room.members?.edges.map((e) => e.node.user).find((u) => u.id !== viewerId) ?? null;
}

/** A room's display name: its name, or for a direct room the other person. */
export function roomTitle<U extends NamedUser & { id: string }>(room: RoomLike<U>, viewerId: string): string {
  if (room.kind === 'DIRECT') {
    const other = otherMember(room, viewerId);
    return other ? nameOf(other) : room.name || 'Direct chat';
  }
  return room.name || 'Untitled room';
}
