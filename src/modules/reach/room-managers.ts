import type { EntityManager } from '@mikro-orm/core';
import { BadInputError, ForbiddenError } from '../../errors.js';
import { MemberRole, Membership } from '../rooms/membership.entity.js';
import { RoomKind, type Room } from '../rooms/room.entity.js';

export const MANAGER_ROLES = [MemberRole.OWNER, MemberRole.ADMIN];

/** Throws unless the viewer manages the room (OWNER or ADMIN) and it is a group or public room. */
export function assertManager(room: Room, membership: Membership | null, what: string): Membership {
  if (room.kind === RoomKind.DIRECT) throw new BadInputError('roomId', 'Direct rooms have no member management.');
  if (!membership || !MANAGER_ROLES.includes(membership.role)) throw new ForbiddenError(`Only a room owner or admin may ${what}.`);
  return membership;
}

export function isManager(membership: Membership | null | undefined): boolean {
  return !!membership && MANAGER_ROLES.includes(membership.role);
}

/** The room's OWNERs and ADMINs (who hear about its invitations and join requests). */
export async function managerIds(em: EntityManager, roomId: string): Promise<string[]> {
  const rows = await em.find(Membership, { room: roomId, role: { $in: MANAGER_ROLES } }, { fields: ['user'] });
  return rows.map((m) => m.user.id);
}

/** An admin acts on members only; an owner on anyone but themselves (the rule removeMember follows). */
export function assertOutranks(actor: Membership, target: Membership | null, what: string) {
  if (!target || actor.role === MemberRole.OWNER) return;
  if (target.role !== MemberRole.MEMBER) throw new ForbiddenError(`Admins may ${what} members only, not other admins or owners.`);
}
