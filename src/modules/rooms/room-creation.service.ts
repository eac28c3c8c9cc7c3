import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ReachService } from '../reach/reach.service.js';
import type { RoomPasswordService } from '../room-access/room-password.service.js';
import { assertId } from '../../common/ids.js';
import { optionalText, requiredText, validateAll } from '../../common/validation.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import { User } from '../users/user.entity.js';
import type { RoomEventService } from './room-events.service.js';
import { MemberRole, Membership } from './membership.entity.js';
import { Room, RoomKind } from './room.entity.js';
import { changeRoom, limitPerUser, validUsers } from './room-rules.js';

export interface RoomCreationServiceDeps {
  config: Config;
  rateLimiter: RateLimiter;
  roomEvents: RoomEventService;
  audit: AuditService;
  reach: ReachService;
  roomPasswords: RoomPasswordService;
}

/** Creating rooms: direct rooms (one per pair of people), groups and public rooms, each with its first members. */
export class RoomCreationService {
  private readonly events: RoomEventService;
  private readonly audit: AuditService;
  private readonly reach: ReachService;

  constructor(private readonly deps: RoomCreationServiceDeps) {
    this.events = deps.roomEvents;
    this.audit = deps.audit;
    this.reach = deps.reach;
  }

  async createDirectRoom(ctx: Context, userId: string): Promise<Room> {
    const viewer = ctx.viewer!;
    const otherId = assertId(userId, 'userId');
    await limitPerUser(ctx, this.deps, 'rooms');
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
      return await changeRoom(ctx, this.events, async (tx, events) => {
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
    await limitPerUser(ctx, this.deps, 'rooms');
    const others = (await validUsers(ctx.em, input.memberIds ?? [], 'memberIds')).filter((u) => u.id !== viewer.id);
    await this.reach.assertMayBringIn(ctx.em, viewer.id, others.map((u) => u.id));
    return this.createRoom(ctx, RoomKind.GROUP, name, description, others.map((u) => u.id), { discoverable: !!input.discoverable });
  }

  async createPublicRoom(ctx: Context, input: { name: string; description?: string | null; password?: string | null }): Promise<Room> {
    const { name, description } = validateAll({
      name: () => requiredText(input.name, 'name', 1, 80),
      description: () => optionalText(input.description, 'description', 500),
    });
    await limitPerUser(ctx, this.deps, 'rooms');
    const passwordHash = input.password != null ? await this.deps.roomPasswords.hash(input.password) : null;
    return this.createRoom(ctx, RoomKind.PUBLIC, name, description, [], { passwordHash });
  }

  private createRoom(ctx: Context, kind: RoomKind, name: string, description: string | null, memberIds: string[], settings: Partial<Pick<Room, 'discoverable' | 'passwordHash'>> = {}): Promise<Room> {
    const viewer = ctx.viewer!;
    return changeRoom(ctx, this.events, async (tx, events) => {
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
}
