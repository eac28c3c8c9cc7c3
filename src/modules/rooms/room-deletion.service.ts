import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../context.js';
import type { Released, UploadService } from '../uploads/upload.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { assertId } from '../../common/ids.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import { Role } from '../users/user.entity.js';
import type { RoomEventService } from './room-events.service.js';
import { MemberRole, Membership } from './membership.entity.js';
import { Room, RoomKind } from './room.entity.js';
import { assertRole } from './room-rules.js';

export interface RoomDeletionServiceDeps {
  roomEvents: RoomEventService;
  audit: AuditService;
  uploads: UploadService;
}

/** Deleting rooms with everything in them (log, messages, files): by their owner, by a global admin, or when their last member leaves. */
export class RoomDeletionService {
  private readonly events: RoomEventService;
  private readonly audit: AuditService;

  constructor(private readonly deps: RoomDeletionServiceDeps) {
    this.events = deps.roomEvents;
    this.audit = deps.audit;
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
      assertRole(membership, [MemberRole.OWNER], 'delete the room');
    }
    await this.remove(ctx, room, isAdmin && membership?.role !== MemberRole.OWNER ? 'deleted by an administrator' : 'deleted by owner');
    return true;
  }

  /**
   * Deletes the room with its log and messages; RoomDeleted is published live (there is no log left to replay it
   * from). The messages' files are deleted from storage once the room is gone (a storage failure is left to the sweep).
   */
  async remove(ctx: Context, room: Room, reason: string) {
    const viewer = ctx.viewer!;
    const memberIds = (await ctx.em.find(Membership, { room: room.id }, { fields: ['user'] })).map((m) => m.user.id);
    const { seq, files } = await ctx.em.fork().transactional((tx) => this.removeIn(tx, room, { actorId: viewer.id, reason, ip: ctx.ip }));
    await this.events.publish([{ roomId: room.id, seq, type: 'RoomDeleted', payload: { deletedById: viewer.id, memberIds }, at: new Date().toISOString() }]);
    await this.deps.uploads.purge(files);
  }

  /** Deletes the room in the caller's transaction; returns the seq of its RoomDeleted and the files to `purge` after commit. */
  async removeIn(tx: EntityManager, room: Room, by: { actorId: string | null; reason: string; ip?: string | null }): Promise<{ seq: number; files: Released[] }> {
    const seq = await this.events.nextSeq(tx, room.id, new Date());
    const files = await this.deps.uploads.release(tx, { roomId: room.id });
    this.audit.record(tx, { actorId: by.actorId, action: 'ROOM_DELETED', targetType: 'ROOM', targetId: room.id, metadata: { kind: room.kind, name: room.name, reason: by.reason }, ip: by.ip });
    await tx.flush();
    await tx.nativeDelete(Room, { id: room.id });
    return { seq, files };
  }
}
