import type { EntityManager } from '@mikro-orm/core';
import type { DatabaseKind } from '../../config.js';
import { execute } from '../../common/native-sql.js';
import { BadInputError, ForbiddenError } from '../../errors.js';
import { UserBlock } from '../blocks/user-block.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { Invitation, InvitationStatus } from '../invitations/invitation.entity.js';
import { WhoCanMessageMe } from '../contacts/message-privacy.js';
import { RoomBan } from '../room-bans/room-ban.entity.js';
import { User } from '../users/user.entity.js';

/**
 * What a blocked person (or someone a CONTACTS-only user has not accepted) is told: only that it cannot be done,
 * the same words whichever rule refused them, so a block stays private.
 */
export const NOT_POSSIBLE = 'This action is not possible.';

export class NotPossibleError extends ForbiddenError {
  constructor() {
    super(NOT_POSSIBLE);
  }
}

/**
 * Who may reach whom: room bans, blocks between two people and the "who can message me" setting. Every path that
 * brings a person into a room or a conversation asks here (joining, links, invitations, requests, adding, direct
 * rooms, sending), inside its transaction and after `RoomEventService.lockRoom` / `lockPair`, so a concurrent ban
 * or block is seen.
 */
export class ReachService {
  constructor(private readonly databaseKind: DatabaseKind) {}

  /** Serializes a block and a direct room between the same two people (a transaction-scoped advisory lock). */
  async lockPair(tx: EntityManager, a: string, b: string): Promise<void> {
    if (this.databaseKind !== 'postgresql') return;
    const key = `pair:${[a, b].sort().join(':')}`;
    await execute(tx, { sql: 'select pg_advisory_xact_lock(hashtextextended(?, 0))', params: [key] });
  }

  /** The users among `userIds` banned from the room. */
  async bannedAmong(em: EntityManager, roomId: string, userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await em.find(RoomBan, { room: roomId, user: { $in: userIds } }, { fields: ['user'] });
    return new Set(rows.map((r) => r.user.id));
  }

  /** The viewer is banned from the room: FORBIDDEN, saying so (room bans are not private to the banned). */
  async assertNotBanned(em: EntityManager, roomId: string, userId: string): Promise<void> {
    if ((await this.bannedAmong(em, roomId, [userId])).size) throw new ForbiddenError('You are banned from this room.');
  }

  /** Someone managing a room names people banned from it: BAD_USER_INPUT on `field`. */
  async assertNoneBanned(em: EntityManager, roomId: string, userIds: string[], field: string): Promise<void> {
    if ((await this.bannedAmong(em, roomId, userIds)).size) throw new BadInputError(field, 'Someone you named is banned from this room: unban them first.');
  }

  /** Whether `blockerId` blocked `blockedId`. */
  async hasBlocked(em: EntityManager, blockerId: string, blockedId: string): Promise<boolean> {
    return (await em.count(UserBlock, { blocker: blockerId, blocked: blockedId })) > 0;
  }

  /** The users among `userIds` who blocked `actorId`. */
  async blockersAmong(em: EntityManager, actorId: string, userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await em.find(UserBlock, { blocked: actorId, blocker: { $in: userIds } }, { fields: ['blocker'] });
    return new Set(rows.map((r) => r.blocker.id));
  }

  /** `actorId` adds or invites `userIds` somewhere: refused (privately) when one of them blocked the actor. */
  async assertMayBringIn(em: EntityManager, actorId: string, userIds: string[]): Promise<void> {
    if ((await this.blockersAmong(em, actorId, userIds.filter((id) => id !== actorId))).size) throw new NotPossibleError();
  }

  /** Whether the user holds a pending invitation into the room. */
  async isInvited(em: EntityManager, roomId: string, userId: string): Promise<boolean> {
    return (await em.count(Invitation, { room: roomId, invitee: userId, status: InvitationStatus.PENDING })) > 0;
  }

  async areContacts(em: EntityManager, a: string, b: string): Promise<boolean> {
    return (await em.count(Contact, { owner: a, contact: b })) > 0;
  }

  /**
   * `viewerId` opens (or returns to) the direct room with `otherId`: refused when the viewer blocked them (say so:
   * it is the viewer's own choice), when they blocked the viewer, or when they take messages from contacts only
   * and the viewer is not one (both told only that it is not possible).
   */
  async assertMayMessage(em: EntityManager, viewerId: string, other: User): Promise<void> {
    if (await this.hasBlocked(em, viewerId, other.id)) throw new ForbiddenError('You blocked this person: unblock them first.');
    if (await this.hasBlocked(em, other.id, viewerId)) throw new NotPossibleError();
    if (other.whoCanMessageMe === WhoCanMessageMe.CONTACTS && !(await this.areContacts(em, other.id, viewerId))) throw new NotPossibleError();
  }

  /**
   * Why a member could not send in a room (the write refuses a direct room with a block either way, see
   * RoomEventService): throws the reason, or returns when it is not a block.
   */
  async explainSendRefused(em: EntityManager, roomId: string, viewerId: string): Promise<void> {
    const rows = await execute<Array<{ blocker_id: string }>>(em, {
      sql: `select b.blocker_id from rooms r join memberships o on o.room_id = r.id and o.user_id <> ? join user_blocks b on (b.blocker_id = o.user_id and b.blocked_id = ?) or (b.blocker_id = ? and b.blocked_id = o.user_id) where r.id = ? and r.kind = 'DIRECT'`,
      params: [viewerId, viewerId, viewerId, roomId],
    });
    if (rows.some((r) => r.blocker_id === viewerId)) throw new ForbiddenError('You blocked this person: unblock them to send messages.');
    if (rows.length) throw new NotPossibleError();
  }
}

/**
 * SQL for the send path's guard (appended to the room's seq UPDATE, whose table is `rooms`): true unless the room is
 * a direct room between `?` (the sender) and someone either of them blocked. Takes the sender id three times.
 */
export const NO_DIRECT_BLOCK_SQL =
  "not exists (select 1 from memberships o join user_blocks b on (b.blocker_id = o.user_id and b.blocked_id = ?) or (b.blocker_id = ? and b.blocked_id = o.user_id) where o.room_id = rooms.id and o.user_id <> ? and rooms.kind = 'DIRECT')";
