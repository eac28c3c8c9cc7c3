import { pageSize } from '../../common/connection.js';
import { keysetPage } from '../../common/keyset.js';
import { assertId } from '../../common/ids.js';
import { optionalText } from '../../common/validation.js';
import type { Context } from '../../context.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { lapsePending } from '../invitations/joining.js';
import type { Lapsed, PeopleNewsService } from '../reach/people-news.js';
import type { ReachService } from '../reach/reach.service.js';
import { assertManager, assertOutranks, isManager } from '../reach/room-managers.js';
import type { RoomEventService } from '../rooms/room-events.service.js';
import type { RoomEvent } from '../rooms/room-event.entity.js';
import { Membership } from '../rooms/membership.entity.js';
import type { Room } from '../rooms/room.entity.js';
import type { RoomService } from '../rooms/room.service.js';
import { User } from '../users/user.entity.js';
import { RoomBan } from './room-ban.entity.js';

/**
 * Room bans (the block-list): OWNER and ADMINs ban a user, which removes them (their streams end with AccessRevoked)
 * and keeps them out of every way back in until they are unbanned.
 */
export class RoomBanService {
  constructor(
    private readonly rooms: RoomService,
    private readonly events: RoomEventService,
    private readonly audit: AuditService,
    private readonly reach: ReachService,
    private readonly news: PeopleNewsService,
  ) {}

  /** The room's managers hear of every ban and unban (the list they see), members or not. */
  private tell(ctx: Context, roomId: string, userId: string, banned: boolean) {
    return this.news.toManagers(ctx.em, roomId, { type: 'RoomBanChanged', roomId, userId, banned, at: new Date().toISOString() });
  }

  async ban(ctx: Context, roomId: string, userId: string, reason?: string | null): Promise<Room> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.rooms.access(ctx.em, roomId, viewer.id, { requireMember: true });
    const actor = assertManager(room, membership, 'ban people');
    const targetId = assertId(userId, 'userId');
    if (targetId === viewer.id) throw new BadInputError('userId', 'You cannot ban yourself.');
    const why = optionalText(reason, 'reason', 500);
    if (!(await ctx.em.findOne(User, { id: targetId }))) throw new NotFoundError('User', 'userId');
    const events: RoomEvent[] = [];
    const done: { lapsed?: Lapsed } = {};
    await ctx.em.fork().transactional(async (tx) => {
      // The room's lock first: a join racing this ban either committed already (and is removed here) or sees the ban.
      await this.events.lockRoom(tx, room.id);
      const target = await tx.findOne(Membership, { room: room.id, user: targetId });
      assertOutranks(actor, target, 'ban');
      if (await tx.findOne(RoomBan, { room: room.id, user: targetId })) return; // already banned: nothing changes
      tx.create(RoomBan, { room: room.id, user: targetId, bannedBy: viewer.id, reason: why });
      await tx.flush();
      if (target) {
        await tx.nativeDelete(Membership, { id: target.id });
        events.push(await this.events.append(tx, room.id, 'MemberLeft', { userId: targetId, removedById: viewer.id, banned: true }));
      }
      done.lapsed = await lapsePending(tx, room.id, [targetId]);
      this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_BANNED', targetType: 'ROOM', targetId: room.id, metadata: { userId: targetId, wasMember: !!target, reason: why }, ip: ctx.ip });
      await tx.flush();
    });
    await this.events.publish(events);
    if (done.lapsed) {
      await this.tell(ctx, room.id, targetId, true);
      await this.news.lapsed(ctx.em, done.lapsed);
    }
    return room;
  }

  async unban(ctx: Context, roomId: string, userId: string): Promise<Room> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.rooms.access(ctx.em, roomId, viewer.id, { requireMember: true });
    assertManager(room, membership, 'unban people');
    const targetId = assertId(userId, 'userId');
    await ctx.em.fork().transactional(async (tx) => {
      const deleted = await tx.nativeDelete(RoomBan, { room: room.id, user: targetId });
      if (!deleted) throw new NotFoundError('Ban', 'userId');
      this.audit.record(tx, { actorId: viewer.id, action: 'MEMBER_UNBANNED', targetType: 'ROOM', targetId: room.id, metadata: { userId: targetId }, ip: ctx.ip });
      await tx.flush();
    });
    await this.tell(ctx, room.id, targetId, false);
    return room;
  }

  /** The room's bans, newest first (keyset on createdAt, id). OWNER and ADMINs only. */
  async page(ctx: Context, room: Room, first?: number | null, after?: string | null) {
    const viewer = ctx.viewer;
    if (!viewer) throw new ForbiddenError('Sign in first.');
    if (!isManager(await ctx.loaders.myMembership.load(room.id))) throw new ForbiddenError('Only a room owner or admin may see its bans.');
    return keysetPage(ctx.em, RoomBan, { room: room.id }, pageSize(first), after);
  }
}
