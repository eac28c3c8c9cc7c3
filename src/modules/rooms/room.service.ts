import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import type { AppPubSub } from '../../pubsub.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RoomEventService } from './room-events.service.js';
import type { ReachService } from '../reach/reach.service.js';
import type { RoomPasswordService } from '../room-access/room-password.service.js';
import { decodeTimeIdCursor, encodeCursor, pageSize } from '../../common/connection.js';
import { assertId } from '../../common/ids.js';
import { execute, mapJoinedRow, selectColumns, tableName } from '../../common/native-sql.js';
import { containsWhere } from '../../common/search.js';
import { optionalText, requiredText, validateAll } from '../../common/validation.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../../errors.js';
import { topics } from '../../pubsub.js';
import { Role, User } from '../users/user.entity.js';
import type { RoomEvent } from './room-event.entity.js';
import { MemberRole, Membership } from './membership.entity.js';
import { AddPolicy, Room, RoomKind } from './room.entity.js';
import { hiddenRoomIds } from '../blocks/hidden-rooms.service.js';
import { moveReadMarker } from '../receipts/read-marker.js';

const MAX_GROUP_MEMBERS_AT_ONCE = 100;

export interface RoomAccess {
  room: Room;
  membership: Membership | null;
}

/** Public rooms and discoverable groups: outsiders may see them (not their members or messages). */
export function isListed(room: Room): boolean {
  return room.kind === RoomKind.PUBLIC || (room.kind === RoomKind.GROUP && room.discoverable);
}

function rank(role: MemberRole): number {
  return role === MemberRole.OWNER ? 0 : role === MemberRole.ADMIN ? 1 : 2;
}

/**
 * Rooms and membership: who may see a room, who may manage it, and every change to membership,
 * each appended to the room's event log in the same transaction and published after commit.
 */
export interface RoomServiceDeps {
  config: Config;
  rateLimiter: RateLimiter;
  pubsub: AppPubSub;
  roomEvents: RoomEventService;
  audit: AuditService;
  /** Bans, blocks and privacy settings: asked wherever someone could reach a person (DESIGN.md). */
  reach: ReachService;
  roomPasswords: RoomPasswordService;
}

export class RoomService {
  private readonly events: RoomEventService;
  private readonly audit: AuditService;

  constructor(private readonly deps: RoomServiceDeps) {
    this.events = deps.roomEvents;
    this.audit = deps.audit;
  }

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

  private assertManageable(room: Room) {
    if (room.kind === RoomKind.DIRECT) throw new BadInputError('roomId', 'Direct rooms have no member management.');
  }

  private assertRole(membership: Membership | null, allowed: MemberRole[], what: string) {
    if (!membership || !allowed.includes(membership.role)) throw new ForbiddenError(`Only a room ${allowed.join(' or ').toLowerCase()} may ${what}.`);
  }

  private async validUsers(em: EntityManager, ids: string[], field: string): Promise<User[]> {
    if (!Array.isArray(ids)) throw new BadInputError(field, 'Pick people from the list.');
    const unique = [...new Set(ids.map((id) => assertId(id, field)))];
    if (unique.length > MAX_GROUP_MEMBERS_AT_ONCE) throw new BadInputError(field, `At most ${MAX_GROUP_MEMBERS_AT_ONCE} users at once.`);
    const users = await em.find(User, { id: { $in: unique } });
    if (users.length !== unique.length) throw new BadInputError(field, 'One of the people picked does not exist any more.');
    return users;
  }

  /** Runs `work` in a transaction, then publishes the events it appended (persist, then publish). */
  private async change<T>(ctx: Context, work: (tx: EntityManager, events: RoomEvent[]) => Promise<T>): Promise<T> {
    const events: RoomEvent[] = [];
    const result = await ctx.em.fork().transactional((tx) => work(tx, events));
    await this.events.publish(events);
    return result;
  }

  /** Room creation and member additions per user (each writes rows and tells every member). */
  private limit(ctx: Context, what: 'rooms' | 'addMembers'): Promise<void> {
    const { roomsPerMinute, addMembersPerMinute } = this.deps.config.rateLimits;
    return this.deps.rateLimiter.hit(`${what}:user:${ctx.viewer!.id}`, what === 'rooms' ? roomsPerMinute : addMembersPerMinute, 60);
  }

  async createDirectRoom(ctx: Context, userId: string): Promise<Room> {
    const viewer = ctx.viewer!;
    const otherId = assertId(userId, 'userId');
    await this.limit(ctx, 'rooms');
    if (otherId === viewer.id) throw new BadInputError('userId', 'A direct room needs another person.');
    const other = await ctx.em.findOne(User, { id: otherId });
    if (!other) throw new NotFoundError('User', 'userId');
    await this.reach.assertMayMessage(ctx.em, viewer.id, other);
    const directKey = [viewer.id, otherId].sort().join(':');
    const existing = await ctx.em.fork().findOne(Room, { directKey });
    if (existing) {
      // Opening a hidden direct room brings it back to the viewer's list.
      await ctx.em.nativeUpdate(Membership, { room: existing.id, user: viewer.id, hiddenAtSeq: { $ne: null } }, { hiddenAtSeq: null });
      return existing;
    }
    try {
      return await this.change(ctx, async (tx, events) => {
        // A block between the two commits either before this check or after the room exists, never in between.
        await this.reach.lockPair(tx, viewer.id, otherId);
        await this.reach.assertMayMessage(tx, viewer.id, other);
        const room = tx.create(Room, { kind: RoomKind.DIRECT, directKey, createdBy: tx.getReference(User, viewer.id) });
        await tx.flush();
        for (const id of [viewer.id, otherId]) {
          tx.create(Membership, { room, user: tx.getReference(User, id), role: MemberRole.MEMBER });
        }
        events.push(await this.events.append(tx, room.id, 'MemberJoined', { userId: viewer.id, addedById: null }));
        events.push(await this.events.append(tx, room.id, 'MemberJoined', { userId: otherId, addedById: viewer.id }));
        this.audit.record(tx, { actorId: viewer.id, action: 'ROOM_CREATED', targetType: 'ROOM', targetId: room.id, metadata: { kind: 'DIRECT', with: otherId }, ip: ctx.ip });
        return room;
      });
    } catch (err) {
      // Both people opened the chat at the same moment: the unique key let one through; return that one.
      if (err instanceof UniqueConstraintViolationException) {
        const winner = await ctx.em.fork().findOne(Room, { directKey });
        if (winner) return winner;
      }
      throw err;
    }
  }

  async createGroupRoom(ctx: Context, input: { name: string; memberIds: string[]; description?: string | null; discoverable?: boolean | null }): Promise<Room> {
    const viewer = ctx.viewer!;
    const { name, description } = validateAll({
      name: () => requiredText(input.name, 'name', 1, 80),
      description: () => optionalText(input.description, 'description', 500),
      memberIds: () => (Array.isArray(input.memberIds) ? input.memberIds.map((id) => assertId(id, 'memberIds')) : []),
    });
    await this.limit(ctx, 'rooms');
    const others = (await this.validUsers(ctx.em, input.memberIds ?? [], 'memberIds')).filter((u) => u.id !== viewer.id);
    await this.reach.assertMayBringIn(ctx.em, viewer.id, others.map((u) => u.id));
    return this.createRoom(ctx, RoomKind.GROUP, name, description, others.map((u) => u.id), { discoverable: !!input.discoverable });
  }

  async createPublicRoom(ctx: Context, input: { name: string; description?: string | null; password?: string | null }): Promise<Room> {
    const { name, description } = validateAll({
      name: () => requiredText(input.name, 'name', 1, 80),
      description: () => optionalText(input.description, 'description', 500),
    });
    await this.limit(ctx, 'rooms');
    const passwordHash = input.password != null ? await this.deps.roomPasswords.hash(input.password) : null;
    return this.createRoom(ctx, RoomKind.PUBLIC, name, description, [], { passwordHash });
  }

  private createRoom(ctx: Context, kind: RoomKind, name: string, description: string | null, memberIds: string[], settings: Partial<Pick<Room, 'discoverable' | 'passwordHash'>> = {}): Promise<Room> {
    const viewer = ctx.viewer!;
    return this.change(ctx, async (tx, events) => {
      const room = tx.create(Room, { kind, name, description, createdBy: tx.getReference(User, viewer.id), ...settings });
      await tx.flush();
      tx.create(Membership, { room, user: tx.getReference(User, viewer.id), role: MemberRole.OWNER });
      for (const id of memberIds) tx.create(Membership, { room, user: tx.getReference(User, id), role: MemberRole.MEMBER });
      events.push(await this.events.append(tx, room.id, 'MemberJoined', { userId: viewer.id, addedById: null }));
      for (const id of memberIds) events.push(await this.events.append(tx, room.id, 'MemberJoined', { userId: id, addedById: viewer.id }));
      this.audit.record(tx, { actorId: viewer.id, action: 'ROOM_CREATED', targetType: 'ROOM', targetId: room.id, metadata: { kind, members: memberIds.length + 1 }, ip: ctx.ip });
      return room;
    });
  }

  async joinRoom(ctx: Context, roomId: string, password?: string | null): Promise<Room> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.access(ctx.em, roomId, viewer.id);
    if (membership) return room;
    if (room.kind === RoomKind.GROUP) throw new ForbiddenError('This group takes join requests: use requestToJoin.');
    if (room.kind !== RoomKind.PUBLIC) throw new NotFoundError('Room', 'roomId');
    await this.reach.assertNotBanned(ctx.em, room.id, viewer.id);
    await this.deps.roomPasswords.check(ctx, room, password);
    try {
      return await this.change(ctx, async (tx, events) => {
        // Under the room's lock: a ban made while this join was on its way is seen here.
        await this.reach.lockRoom(tx, room.id);
        await this.reach.assertNotBanned(tx, room.id, viewer.id);
        tx.create(Membership, { room: tx.getReference(Room, room.id), user: tx.getReference(User, viewer.id), role: MemberRole.MEMBER });
        await tx.flush();
        events.push(await this.events.append(tx, room.id, 'MemberJoined', { userId: viewer.id, addedById: null }));
        this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_JOINED', targetType: 'ROOM', targetId: room.id, ip: ctx.ip });
        return room;
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) return room; // joined twice at once: one membership
      throw err;
    }
  }

  async addMembers(ctx: Context, roomId: string, userIds: string[]): Promise<Room> {
    const viewer = ctx.viewer!;
    await this.limit(ctx, 'addMembers');
    const { room, membership } = await this.access(ctx.em, roomId, viewer.id, { requireMember: true });
    this.assertManageable(room);
    this.assertRole(membership, [MemberRole.OWNER, MemberRole.ADMIN], 'add members');
    if (room.addPolicy === AddPolicy.INVITE) throw new ForbiddenError('This room invites people instead of adding them: use inviteToRoom.');
    const users = await this.validUsers(ctx.em, userIds, 'userIds');
    const existing = await ctx.em.find(Membership, { room: room.id, user: { $in: users.map((u) => u.id) } });
    const have = new Set(existing.map((m) => m.user.id));
    const toAdd = users.filter((u) => !have.has(u.id));
    if (!toAdd.length) return room;
    await this.reach.assertNoneBanned(ctx.em, room.id, toAdd.map((u) => u.id), 'userIds');
    await this.reach.assertMayBringIn(ctx.em, viewer.id, toAdd.map((u) => u.id));
    return this.change(ctx, async (tx, events) => {
      await this.reach.lockRoom(tx, room.id);
      await this.reach.assertNoneBanned(tx, room.id, toAdd.map((u) => u.id), 'userIds');
      for (const u of toAdd) tx.create(Membership, { room: tx.getReference(Room, room.id), user: tx.getReference(User, u.id), role: MemberRole.MEMBER });
      await tx.flush();
      for (const u of toAdd) {
        events.push(await this.events.append(tx, room.id, 'MemberJoined', { userId: u.id, addedById: viewer.id }));
        this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_ADDED', targetType: 'ROOM', targetId: room.id, metadata: { userId: u.id }, ip: ctx.ip });
      }
      return room;
    });
  }

  async removeMember(ctx: Context, roomId: string, userId: string): Promise<Room> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.access(ctx.em, roomId, viewer.id, { requireMember: true });
    this.assertManageable(room);
    const targetId = assertId(userId, 'userId');
    if (targetId === viewer.id) throw new BadInputError('userId', 'Use leaveRoom to leave a room.');
    this.assertRole(membership, [MemberRole.OWNER, MemberRole.ADMIN], 'remove members');
    const target = await ctx.em.findOne(Membership, { room: room.id, user: targetId });
    if (!target) throw new NotFoundError('Member', 'userId');
    if (rank(target.role) <= rank(membership!.role) && membership!.role !== MemberRole.OWNER) {
      throw new ForbiddenError('Admins may remove members only, not other admins or owners.');
    }
    return this.change(ctx, async (tx, events) => {
      await tx.nativeDelete(Membership, { id: target.id });
      events.push(await this.events.append(tx, room.id, 'MemberLeft', { userId: targetId, removedById: viewer.id }));
      this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_REMOVED', targetType: 'ROOM', targetId: room.id, metadata: { userId: targetId }, ip: ctx.ip });
      return room;
    });
  }

  /**
   * Leaves a room. The last owner leaving hands ownership on (to the longest-standing admin, else member);
   * the last member leaving deletes the room.
   */
  async leaveRoom(ctx: Context, roomId: string): Promise<boolean> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.access(ctx.em, roomId, viewer.id, { requireMember: true });
    this.assertManageable(room);
    const others = await ctx.em.find(Membership, { room: room.id, user: { $ne: viewer.id } }, { orderBy: { joinedAt: 'asc', id: 'asc' } });
    if (!others.length) {
      await this.deleteRoomInternal(ctx, room, 'last member left');
      return true;
    }
    await this.change(ctx, async (tx, events) => {
      await tx.nativeDelete(Membership, { id: membership!.id });
      events.push(await this.events.append(tx, room.id, 'MemberLeft', { userId: viewer.id, removedById: null }));
      if (membership!.role === MemberRole.OWNER && !others.some((m) => m.role === MemberRole.OWNER)) {
        const heir = others.find((m) => m.role === MemberRole.ADMIN) ?? others[0];
        await tx.nativeUpdate(Membership, { id: heir.id }, { role: MemberRole.OWNER });
        events.push(await this.events.append(tx, room.id, 'MemberRoleChanged', { userId: heir.user.id, role: MemberRole.OWNER }));
        this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_ROLE_CHANGED', targetType: 'ROOM', targetId: room.id, metadata: { userId: heir.user.id, role: 'OWNER', reason: 'owner left' }, ip: ctx.ip });
      }
      this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_LEFT', targetType: 'ROOM', targetId: room.id, ip: ctx.ip });
    });
    return true;
  }

  async updateRoom(
    ctx: Context,
    roomId: string,
    input: { name?: string | null; description?: string | null; password?: string | null; discoverable?: boolean | null; addPolicy?: AddPolicy | null },
  ): Promise<Room> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.access(ctx.em, roomId, viewer.id, { requireMember: true });
    this.assertManageable(room);
    this.assertRole(membership, [MemberRole.OWNER, MemberRole.ADMIN], 'update the room');
    const changes: Partial<Room> = {};
    const valid = validateAll({
      name: () => (input.name !== undefined && input.name !== null ? requiredText(input.name, 'name', 1, 80) : undefined),
      description: () => (input.description !== undefined ? optionalText(input.description, 'description', 500) : undefined),
      discoverable: () => {
        if (input.discoverable != null && room.kind !== RoomKind.GROUP) throw new BadInputError('discoverable', 'Only groups can be discoverable (public rooms are listed anyway).');
      },
    });
    if (valid.name !== undefined) changes.name = valid.name;
    if (valid.description !== undefined) changes.description = valid.description;
    if (input.discoverable != null) changes.discoverable = input.discoverable;
    if (input.addPolicy != null) changes.addPolicy = input.addPolicy;
    // A new password (or '' to remove it) keeps every current member: it only guards joining.
    if (input.password != null) {
      if (room.kind !== RoomKind.PUBLIC) throw new BadInputError('password', 'Only public rooms can have a password.');
      changes.passwordHash = await this.deps.roomPasswords.hash(input.password);
    }
    if (!Object.keys(changes).length) return room;
    return this.change(ctx, async (tx, events) => {
      await tx.nativeUpdate(Room, { id: room.id }, changes);
      const changed = Object.keys(changes).map((k) => (k === 'passwordHash' ? 'password' : k));
      events.push(await this.events.append(tx, room.id, 'RoomUpdated', { changed }));
      this.audit.record(tx, { actorId: viewer.id, action: 'ROOM_UPDATED', targetType: 'ROOM', targetId: room.id, metadata: { changed }, ip: ctx.ip });
      return tx.findOneOrFail(Room, { id: room.id }, { refresh: true });
    });
  }

  async setMemberRole(ctx: Context, roomId: string, userId: string, role: MemberRole): Promise<Room> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.access(ctx.em, roomId, viewer.id, { requireMember: true });
    this.assertManageable(room);
    this.assertRole(membership, [MemberRole.OWNER], 'change roles');
    const targetId = assertId(userId, 'userId');
    const target = await ctx.em.findOne(Membership, { room: room.id, user: targetId });
    if (!target) throw new NotFoundError('Member', 'userId');
    if (target.role === role) return room;
    if (target.role === MemberRole.OWNER) {
      const owners = await ctx.em.count(Membership, { room: room.id, role: MemberRole.OWNER });
      if (owners <= 1) throw new BadInputError('role', 'A room needs an owner: make someone else owner first.');
    }
    return this.change(ctx, async (tx, events) => {
      await tx.nativeUpdate(Membership, { id: target.id }, { role });
      events.push(await this.events.append(tx, room.id, 'MemberRoleChanged', { userId: targetId, role }));
      this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_ROLE_CHANGED', targetType: 'ROOM', targetId: room.id, metadata: { userId: targetId, from: target.role, to: role }, ip: ctx.ip });
      return room;
    });
  }

  /** Room owners delete their group or public room; global admins may delete any room. */
  async deleteRoom(ctx: Context, roomId: string): Promise<boolean> {
    const viewer = ctx.viewer!;
    const isAdmin = viewer.role === Role.ADMIN;
    const id = assertId(roomId, 'roomId');
    const room = await ctx.em.findOne(Room, { id });
    if (!room) throw new NotFoundError('Room', 'roomId');
    const membership = await ctx.em.findOne(Membership, { room: id, user: viewer.id });
    if (!isAdmin) {
      if (!membership && room.kind !== RoomKind.PUBLIC) throw new NotFoundError('Room', 'roomId');
      if (room.kind === RoomKind.DIRECT) throw new BadInputError('roomId', 'Direct rooms cannot be deleted.');
      this.assertRole(membership, [MemberRole.OWNER], 'delete the room');
    }
    await this.deleteRoomInternal(ctx, room, isAdmin && membership?.role !== MemberRole.OWNER ? 'deleted by an administrator' : 'deleted by owner');
    return true;
  }

  /** Deletes the room with its log and messages; RoomDeleted is published live (there is no log left to replay it from). */
  private async deleteRoomInternal(ctx: Context, room: Room, reason: string) {
    const viewer = ctx.viewer!;
    const memberIds = (await ctx.em.find(Membership, { room: room.id }, { fields: ['user'] })).map((m) => m.user.id);
    let seq = 0;
    await ctx.em.fork().transactional(async (tx) => {
      seq = await this.events.nextSeq(tx, room.id, new Date());
      this.audit.record(tx, { actorId: viewer.id, action: 'ROOM_DELETED', targetType: 'ROOM', targetId: room.id, metadata: { kind: room.kind, name: room.name, reason }, ip: ctx.ip });
      await tx.flush();
      await tx.nativeDelete(Room, { id: room.id });
    });
    await this.events.publish([{ roomId: room.id, seq, type: 'RoomDeleted', payload: { deletedById: viewer.id, memberIds }, at: new Date().toISOString() }]);
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

  /** Before an account is deleted: hand on ownership of rooms it owns alone, and log its departure from each room. */
  async onUserDeleting(tx: EntityManager, userId: string): Promise<RoomEvent[]> {
    const memberships = await tx.find(Membership, { user: userId }, { populate: ['room'] });
    const events: RoomEvent[] = [];
    for (const m of memberships) {
      if (m.room.kind !== RoomKind.DIRECT && m.role === MemberRole.OWNER) {
        const others = await tx.find(Membership, { room: m.room.id, user: { $ne: userId } }, { orderBy: { joinedAt: 'asc', id: 'asc' } });
        if (others.length && !others.some((o) => o.role === MemberRole.OWNER)) {
          const heir = others.find((o) => o.role === MemberRole.ADMIN) ?? others[0];
          await tx.nativeUpdate(Membership, { id: heir.id }, { role: MemberRole.OWNER });
          events.push(await this.events.append(tx, m.room.id, 'MemberRoleChanged', { userId: heir.user.id, role: MemberRole.OWNER }));
        }
      }
      events.push(await this.events.append(tx, m.room.id, 'MemberLeft', { userId, removedById: null, accountDeleted: true }));
    }
    return events;
  }
}
