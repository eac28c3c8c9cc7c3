import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import type { RateLimiter } from '../../rate-limit.js';
import { assertId } from '../../common/ids.js';
import { BadInputError, ForbiddenError } from '../../errors.js';
import { User } from '../users/user.entity.js';
import type { RoomEventService } from './room-events.service.js';
import type { RoomEvent } from './room-event.entity.js';
import { MemberRole, type Membership } from './membership.entity.js';
import { RoomKind, type Room } from './room.entity.js';

/** Rules and steps the room services share: who may manage a room, and how a change is written and told. */

const MAX_GROUP_MEMBERS_AT_ONCE = 100;

/** Public rooms and discoverable groups: outsiders may see them (not their members or messages). */
export function isListed(room: Room): boolean {
  return room.kind === RoomKind.PUBLIC || (room.kind === RoomKind.GROUP && room.discoverable);
}

export function rank(role: MemberRole): number {
  return role === MemberRole.OWNER ? 0 : role === MemberRole.ADMIN ? 1 : 2;
}

export function assertManageable(room: Room) {
  if (room.kind === RoomKind.DIRECT) throw new BadInputError('roomId', 'Direct rooms have no member management.');
}

export function assertRole(membership: Membership | null, allowed: MemberRole[], what: string) {
  if (!membership || !allowed.includes(membership.role)) throw new ForbiddenError(`Only a room ${allowed.join(' or ').toLowerCase()} may ${what}.`);
}

export async function validUsers(em: EntityManager, ids: string[], field: string): Promise<User[]> {
  if (!Array.isArray(ids)) throw new BadInputError(field, 'Pick people from the list.');
  const unique = [...new Set(ids.map((id) => assertId(id, field)))];
  if (unique.length > MAX_GROUP_MEMBERS_AT_ONCE) throw new BadInputError(field, `At most ${MAX_GROUP_MEMBERS_AT_ONCE} users at once.`);
  const users = await em.find(User, { id: { $in: unique } });
  if (users.length !== unique.length) throw new BadInputError(field, 'One of the people picked does not exist any more.');
  return users;
}

/** Runs `work` in a transaction, then publishes the events it appended (persist, then publish). */
export async function changeRoom<T>(ctx: Context, roomEvents: RoomEventService, work: (tx: EntityManager, events: RoomEvent[]) => Promise<T>): Promise<T> {
  const events: RoomEvent[] = [];
  const result = await ctx.em.fork().transactional((tx) => work(tx, events));
  await roomEvents.publish(events);
  return result;
}

/** Room creation and member additions per user (each writes rows and tells every member). */
export function limitPerUser(ctx: Context, deps: { config: Config; rateLimiter: RateLimiter }, what: 'rooms' | 'addMembers'): Promise<void> {
  const { roomsPerMinute, addMembersPerMinute } = deps.config.rateLimits;
  return deps.rateLimiter.hit(`${what}:user:${ctx.viewer!.id}`, what === 'rooms' ? roomsPerMinute : addMembersPerMinute, 60);
}
