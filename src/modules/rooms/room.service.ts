import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import type { AppPubSub } from '../../pubsub.js';
import type { RoomEventService } from './room-events.service.js';
import type { ReachService } from '../reach/reach.service.js';
import { decodeTimeIdCursor, encodeCursor, pageSize } from '../../common/connection.js';
import { assertId } from '../../common/ids.js';
import { execute, mapJoinedRow, selectColumns, tableName } from '../../common/native-sql.js';
import { containsWhere } from '../../common/search.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../../errors.js';
import { topics } from '../../pubsub.js';
import { Membership } from './membership.entity.js';
import { Room, RoomKind } from './room.entity.js';
import { isListed } from './room-rules.js';
import { hiddenRoomIds } from '../blocks/hidden-rooms.service.js';
import { moveReadMarker } from '../receipts/read-marker.js';

export { isListed } from './room-rules.js';

export interface RoomAccess {
  room: Room;
  membership: Membership | null;
}

export interface RoomServiceDeps {
  config: Config;
  pubsub: AppPubSub;
  roomEvents: RoomEventService;
  /** Bans, blocks and privacy settings: asked wherever someone could reach a person (DESIGN.md). */
  reach: ReachService;
}

/**
 * Rooms as people see them: who may see a room (`access`, which every room operation starts with), the viewer's
 * rooms, public rooms, a room's members, and read markers. Changes live beside it: creation, membership, settings
 * and deletion (room-creation, membership, room-update and room-deletion services).
 */
export class RoomService {
  constructor(private readonly deps: RoomServiceDeps) {}

  private get reach() {
    return this.deps.reach;
  }

  /**
   * The room as the viewer may see it. Private rooms (DIRECT, GROUP) are NOT_FOUND to outsiders, so their
   * existence stays private; PUBLIC rooms are visible, and `requireMember` makes outsiders FORBIDDEN.
   */
  async access(em: EntityManager, roomId: string, viewerId: string, opts: { requireMember?: boolean; field?: string } = {}): Promise<RoomAccess> {
    const field = opts.field ?? 'roomId';
    const id = assertId(roomId, field);
    // The common case, a member, costs one query (membership joined to its room), native and mapped to entities:
    // every room operation and every send runs it, and a populated findOne costs several times the CPU.
    const sql = `select ${selectColumns(em, Membership, 'm')}, ${selectColumns(em, Room, 'r')} from ${tableName(em, Membership)} m join ${tableName(em, Room)} r on r.id = m.room_id where m.room_id = ? and m.user_id = ?`;
    const rows = await execute(em, { sql, params: [id, viewerId] });
    if (rows.length) {
      const { m: membership, r: room } = mapJoinedRow(em, rows[0], { r: Room, m: Membership });
      return { room, membership };
    }
    const room = await em.findOne(Room, { id });
    // Outsiders see listed rooms, and a private one they hold a pending invitation to (its name, not its content).
    if (!room || (!isListed(room) && !(await this.reach.isInvited(em, room.id, viewerId)))) throw new NotFoundError('Room', field);
    if (opts.requireMember) throw new ForbiddenError('Join this room first.');
    return { room, membership: null };
  }

  /** Throws unless the user is a member (NOT_FOUND for private rooms, FORBIDDEN for public ones). */
  async assertMember(em: EntityManager, roomId: string, userId: string): Promise<RoomAccess & { membership: Membership }> {
    const access = await this.access(em, roomId, userId, { requireMember: true });
    return access as RoomAccess & { membership: Membership };
  }

  /** The viewer's rooms, most recent activity first (keyset on lastActivityAt, id). */
  async listRooms(em: EntityManager, viewerId: string, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const where: Record<string, unknown> = { memberships: { user: viewerId } };
    // Direct rooms the viewer hid stay off the list until a new message arrives in them.
    const hidden = await hiddenRoomIds(em, viewerId);
    if (hidden.length) where.id = { $nin: hidden };
    return this.activityPage(em, () => ({ ...where }), limit, after);
  }

  async publicRooms(em: EntityManager, search?: string | null, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const kind = this.deps.config.database.kind;
    // Public rooms, and groups that asked to be found (people request to join those). Built afresh for each query:
    // a raw SQL fragment (SQLite's search) is good for one query only.
    const where = (): Record<string, unknown> => {
      const name = containsWhere(kind, search, 'search', 100, { name: 'name' });
      return { $and: [{ $or: [{ kind: RoomKind.PUBLIC }, { kind: RoomKind.GROUP, discoverable: true }] }, ...(name ? [name] : [])] };
    };
    return this.activityPage(em, where, limit, after);
  }

  private async activityPage(em: EntityManager, base: () => Record<string, unknown>, limit: number, after?: string | null) {
    const where = base();
    if (after) {
      const { at, id } = decodeTimeIdCursor(after, 'after');
      where.$or = [{ lastActivityAt: { $lt: at } }, { lastActivityAt: at, id: { $lt: id } }];
    }
    const rows = await em.find(Room, where, { orderBy: { lastActivityAt: 'desc', id: 'desc' }, limit: limit + 1 });
    const nodes = rows.slice(0, limit);
    return {
      edges: nodes.map((r) => ({ cursor: encodeCursor([r.lastActivityAt.getTime(), r.id]), node: r })),
      hasNextPage: rows.length > limit,
      hasPreviousPage: !!after,
      totalCount: () => em.fork().count(Room, base()),
    };
  }

  /** A room's members in join order (keyset on joinedAt, id). The first page of many rooms is batched by a loader. */
  async membersPage(ctx: Context, room: Room, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    let rows: Membership[];
    if (!after) {
      rows = await ctx.loaders.firstMembers.load(`${room.id}|${limit}`);
    } else {
      const { at, id } = decodeTimeIdCursor(after, 'after');
      rows = await ctx.em.find(
        Membership,
        { room: room.id, $or: [{ joinedAt: { $gt: at } }, { joinedAt: at, id: { $gt: id } }] },
        { orderBy: { joinedAt: 'asc', id: 'asc' }, limit: limit + 1 },
      );
    }
    const nodes = rows.slice(0, limit);
    return {
      edges: nodes.map((m) => ({ cursor: encodeCursor([m.joinedAt.getTime(), m.id]), node: m })),
      hasNextPage: rows.length > limit,
      hasPreviousPage: !!after,
      totalCount: () => ctx.loaders.memberCount.load(room.id),
    };
  }

  /** Moves the viewer's read marker forward (never back, never past the room's latest seq). */
  async markRead(ctx: Context, roomId: string, seq: number): Promise<Room> {
    const viewer = ctx.viewer!;
    if (!Number.isInteger(seq) || seq < 0) throw new BadInputError('seq', '"seq" must be a non-negative whole number.');
    const { room, membership } = await this.assertMember(ctx.em, roomId, viewer.id);
    const target = Math.min(seq, room.lastSeq);
    if (target > membership.lastReadSeq) {
      const events = await moveReadMarker(ctx.em, this.deps.roomEvents, room, membership, viewer, target);
      await this.deps.roomEvents.publish(events);
      ctx.loaders.myMembership.clear(room.id);
      ctx.loaders.unreadCount.clear(room.id);
      await this.deps.pubsub.publish(topics.user(viewer.id), { type: 'RoomRead', userId: viewer.id, roomId: room.id, lastReadSeq: target });
    }
    return room;
  }
}
