import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import { lapsePending } from '../invitations/joining.js';
import type { Lapsed, PeopleNewsService } from '../reach/people-news.js';
import type { ReachService } from '../reach/reach.service.js';
import type { RoomPasswordService } from '../room-access/room-password.service.js';
import { assertId } from '../../common/ids.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../../errors.js';
import { User } from '../users/user.entity.js';
import type { RoomEvent } from './room-event.entity.js';
import type { RoomEventService } from './room-events.service.js';
import type { RoomDeletionService } from './room-deletion.service.js';
import type { RoomService } from './room.service.js';
import type { Released } from '../uploads/upload.service.js';
import { MemberRole, Membership } from './membership.entity.js';
import { AddPolicy, Room, RoomKind } from './room.entity.js';
import { assertManageable, assertRole, changeRoom, limitPerUser, rank, validUsers } from './room-rules.js';

export interface MembershipServiceDeps {
  config: Config;
  rateLimiter: RateLimiter;
  rooms: RoomService;
  roomEvents: RoomEventService;
  roomDeletion: RoomDeletionService;
  audit: AuditService;
  reach: ReachService;
  roomPasswords: RoomPasswordService;
  peopleNews: PeopleNewsService;
}

/**
 * Membership: joining, adding and removing members, leaving, roles, and an account's departure from its rooms,
 * each appended to the room's event log in the same transaction and published after commit.
 */
export class MembershipService {
  private readonly events: RoomEventService;
  private readonly audit: AuditService;
  private readonly reach: ReachService;
  private readonly rooms: RoomService;

  constructor(private readonly deps: MembershipServiceDeps) {
    this.events = deps.roomEvents;
    this.audit = deps.audit;
    this.reach = deps.reach;
    this.rooms = deps.rooms;
  }

  async joinRoom(ctx: Context, roomId: string, password?: string | null): Promise<Room> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.rooms.access(ctx.em, roomId, viewer.id);
    if (membership) return room;
    if (room.kind === RoomKind.GROUP) throw new ForbiddenError('This group takes join requests: use requestToJoin.');
    if (room.kind !== RoomKind.PUBLIC) throw new NotFoundError('Room', 'roomId');
    await this.reach.assertNotBanned(ctx.em, room.id, viewer.id);
    await this.deps.roomPasswords.check(ctx, room, password);
    const lapsed: Lapsed[] = [];
    try {
      await changeRoom(ctx, this.events, async (tx, events) => {
        // Under the room's lock: a ban made while this join was on its way is seen here.
        await this.events.lockRoom(tx, room.id);
        await this.reach.assertNotBanned(tx, room.id, viewer.id);
        tx.create(Membership, { room: tx.getReference(Room, room.id), user: tx.getReference(User, viewer.id), role: MemberRole.MEMBER });
        await tx.flush();
        // A pending invitation into the room lapses: the viewer is in.
        lapsed.push(await lapsePending(tx, room.id, [viewer.id]));
        events.push(await this.events.append(tx, room.id, 'MemberJoined', { userId: viewer.id, addedById: null }));
        this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_JOINED', targetType: 'ROOM', targetId: room.id, ip: ctx.ip });
      });
      for (const l of lapsed) await this.deps.peopleNews.lapsed(ctx.em, l);
      return room;
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) return room; // joined twice at once: one membership
      throw err;
    }
  }

  async addMembers(ctx: Context, roomId: string, userIds: string[]): Promise<Room> {
    const viewer = ctx.viewer!;
    await limitPerUser(ctx, this.deps, 'addMembers');
    const { room, membership } = await this.rooms.access(ctx.em, roomId, viewer.id, { requireMember: true });
    assertManageable(room);
    assertRole(membership, [MemberRole.OWNER, MemberRole.ADMIN], 'add members');
    if (room.addPolicy === AddPolicy.INVITE) throw new ForbiddenError('This room invites people instead of adding them: use inviteToRoom.');
    const users = await validUsers(ctx.em, userIds, 'userIds');
    const existing = await ctx.em.find(Membership, { room: room.id, user: { $in: users.map((u) => u.id) } });
    const have = new Set(existing.map((m) => m.user.id));
    const toAdd = users.filter((u) => !have.has(u.id));
    if (!toAdd.length) return room;
    await this.reach.assertNoneBanned(ctx.em, room.id, toAdd.map((u) => u.id), 'userIds');
    await this.reach.assertMayBringIn(ctx.em, viewer.id, toAdd.map((u) => u.id));
    const lapsed: Lapsed[] = [];
    await changeRoom(ctx, this.events, async (tx, events) => {
      await this.events.lockRoom(tx, room.id);
      await this.reach.assertNoneBanned(tx, room.id, toAdd.map((u) => u.id), 'userIds');
      for (const u of toAdd) tx.create(Membership, { room: tx.getReference(Room, room.id), user: tx.getReference(User, u.id), role: MemberRole.MEMBER });
      await tx.flush();
      // Their pending invitations and join requests lapse: they are in.
      lapsed.push(await lapsePending(tx, room.id, toAdd.map((u) => u.id)));
      for (const u of toAdd) {
        events.push(await this.events.append(tx, room.id, 'MemberJoined', { userId: u.id, addedById: viewer.id }));
        this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_ADDED', targetType: 'ROOM', targetId: room.id, metadata: { userId: u.id }, ip: ctx.ip });
      }
    });
    for (const l of lapsed) await this.deps.peopleNews.lapsed(ctx.em, l);
    return room;
  }

  async removeMember(ctx: Context, roomId: string, userId: string): Promise<Room> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.rooms.access(ctx.em, roomId, viewer.id, { requireMember: true });
    assertManageable(room);
    const targetId = assertId(userId, 'userId');
    if (targetId === viewer.id) throw new BadInputError('userId', 'Use leaveRoom to leave a room.');
    assertRole(membership, [MemberRole.OWNER, MemberRole.ADMIN], 'remove members');
    const target = await ctx.em.findOne(Membership, { room: room.id, user: targetId });
    if (!target) throw new NotFoundError('Member', 'userId');
    if (rank(target.role) <= rank(membership!.role) && membership!.role !== MemberRole.OWNER) {
      throw new ForbiddenError('Admins may remove members only, not other admins or owners.');
    }
    return changeRoom(ctx, this.events, async (tx, events) => {
      await this.events.lockRoom(tx, room.id);
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
    const { room, membership } = await this.rooms.access(ctx.em, roomId, viewer.id, { requireMember: true });
    assertManageable(room);
    const others = await ctx.em.find(Membership, { room: room.id, user: { $ne: viewer.id } }, { orderBy: { joinedAt: 'asc', id: 'asc' } });
    if (!others.length) {
      await this.deps.roomDeletion.remove(ctx, room, 'last member left');
      return true;
    }
    await changeRoom(ctx, this.events, async (tx, events) => {
      await this.events.lockRoom(tx, room.id);
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

  async setMemberRole(ctx: Context, roomId: string, userId: string, role: MemberRole): Promise<Room> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.rooms.access(ctx.em, roomId, viewer.id, { requireMember: true });
    assertManageable(room);
    assertRole(membership, [MemberRole.OWNER], 'change roles');
    const targetId = assertId(userId, 'userId');
    const target = await ctx.em.findOne(Membership, { room: room.id, user: targetId });
    if (!target) throw new NotFoundError('Member', 'userId');
    if (target.role === role) return room;
    if (target.role === MemberRole.OWNER) {
      const owners = await ctx.em.count(Membership, { room: room.id, role: MemberRole.OWNER });
      if (owners <= 1) throw new BadInputError('role', 'A room needs an owner: make someone else owner first.');
    }
    return changeRoom(ctx, this.events, async (tx, events) => {
      await this.events.lockRoom(tx, room.id);
      await tx.nativeUpdate(Membership, { id: target.id }, { role });
      events.push(await this.events.append(tx, room.id, 'MemberRoleChanged', { userId: targetId, role }));
      this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_ROLE_CHANGED', targetType: 'ROOM', targetId: room.id, metadata: { userId: targetId, from: target.role, to: role }, ip: ctx.ip });
      return room;
    });
  }

  /**
   * Before an account is deleted, in its transaction: hand on ownership of rooms it owns alone, log its departure
   * from each room, and delete the rooms it leaves empty, as leaving them would. Returns the events to publish after
   * commit and the files of the deleted rooms to purge.
   */
  async onUserDeleting(tx: EntityManager, userId: string, ip?: string | null): Promise<{ events: RoomEvent[]; files: Released[] }> {
    // Rooms in one order, each locked before its memberships are touched (RoomEventService.lockRoom).
    const memberships = await tx.find(Membership, { user: userId }, { populate: ['room'], orderBy: { room: { id: 'asc' } } });
    const events: RoomEvent[] = [];
    const files: Released[] = [];
    for (const m of memberships) {
      await this.events.lockRoom(tx, m.room.id);
      const others = await tx.find(Membership, { room: m.room.id, user: { $ne: userId } }, { orderBy: { joinedAt: 'asc', id: 'asc' } });
      if (!others.length) {
        files.push(...(await this.deps.roomDeletion.removeIn(tx, m.room, { actorId: null, reason: 'its last member deleted their account', ip })).files);
        continue;
      }
      if (m.room.kind !== RoomKind.DIRECT && m.role === MemberRole.OWNER && !others.some((o) => o.role === MemberRole.OWNER)) {
        const heir = others.find((o) => o.role === MemberRole.ADMIN) ?? others[0];
        await tx.nativeUpdate(Membership, { id: heir.id }, { role: MemberRole.OWNER });
        events.push(await this.events.append(tx, m.room.id, 'MemberRoleChanged', { userId: heir.user.id, role: MemberRole.OWNER }));
      }
      events.push(await this.events.append(tx, m.room.id, 'MemberLeft', { userId, removedById: null, accountDeleted: true }));
    }
    return { events, files };
  }
}
