import { pageSize } from '../../common/connection.js';
import { keysetPage } from '../../common/keyset.js';
import { assertId } from '../../common/ids.js';
import { optionalText } from '../../common/validation.js';
import type { Context } from '../../context.js';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Lapsed, PeopleNewsService } from '../reach/people-news.js';
import type { ReachService } from '../reach/reach.service.js';
import { assertManager, isManager } from '../reach/room-managers.js';
import type { RoomEvent } from '../rooms/room-event.entity.js';
import type { RoomEventService } from '../rooms/room-events.service.js';
import { Room, RoomKind } from '../rooms/room.entity.js';
import type { RoomService } from '../rooms/room.service.js';
import { User } from '../users/user.entity.js';
import { InvitationStatus, JoinRequest } from './invitation.entity.js';
import { joinInTransaction } from './joining.js';

/** Requests per user per hour (each one notifies every manager of the room). */
const REQUESTS_PER_HOUR = 30;

/**
 * Join requests for discoverable groups: anyone may ask, the room's OWNER and ADMINs approve (the requester joins)
 * or reject. Each change is news on viewerEvents for the requester and the managers.
 */
export class JoinRequestService {
  constructor(
    private readonly rooms: RoomService,
    private readonly events: RoomEventService,
    private readonly audit: AuditService,
    private readonly reach: ReachService,
    private readonly news: PeopleNewsService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  private async tell(ctx: Context, request: JoinRequest) {
    const roomId = request.room.id;
    await this.news.toManagers(ctx.em, roomId, { type: 'JoinRequestChanged', requestId: request.id, roomId, at: new Date().toISOString() }, [request.user.id]);
  }

  async request(ctx: Context, roomId: string, message?: string | null): Promise<JoinRequest> {
    const viewer = ctx.viewer!;
    const text = optionalText(message, 'message', 500);
    const { room, membership } = await this.rooms.access(ctx.em, roomId, viewer.id);
    if (membership) throw new ConflictError('roomId', 'You are already a member of this room.');
    if (room.kind !== RoomKind.GROUP) throw new BadInputError('roomId', 'Public rooms need no request: use joinRoom.');
    await this.reach.assertNotBanned(ctx.em, room.id, viewer.id);
    await this.rateLimiter.hit(`joinreq:user:${viewer.id}`, REQUESTS_PER_HOUR, 3600);
    const request = await ctx.em.fork().transactional(async (tx) => {
      let row = await tx.findOne(JoinRequest, { room: room.id, user: viewer.id });
      if (row?.status === InvitationStatus.PENDING) {
        row.message = text;
      } else if (row) {
        Object.assign(row, { status: InvitationStatus.PENDING, message: text, createdAt: new Date(), decidedAt: null, decidedBy: null });
      } else row = tx.create(JoinRequest, { room: room.id, user: viewer.id, message: text, status: InvitationStatus.PENDING });
      this.audit.record(tx, { actorId: viewer.id, action: 'JOIN_REQUESTED', targetType: 'ROOM', targetId: room.id, metadata: { requestId: row.id }, ip: ctx.ip });
      await tx.flush();
      return row;
    });
    await this.tell(ctx, request);
    return request;
  }

  /** A request of a room the viewer manages, or NOT_FOUND (FORBIDDEN for a member who does not manage it). */
  private async managed(ctx: Context, id: string): Promise<{ request: JoinRequest; room: Room }> {
    const request = await ctx.em.findOne(JoinRequest, { id: assertId(id, 'id') });
    if (!request) throw new NotFoundError('Join request', 'id');
    const { room, membership } = await this.rooms.access(ctx.em, request.room.id, ctx.viewer!.id, { requireMember: true, field: 'id' });
    assertManager(room, membership, 'answer join requests');
    return { request, room };
  }

  async approve(ctx: Context, id: string): Promise<JoinRequest> {
    const viewer = ctx.viewer!;
    const { request, room } = await this.managed(ctx, id);
    const events: RoomEvent[] = [];
    const done: { lapsed?: Lapsed } = {};
    await ctx.em.fork().transactional(async (tx) => {
      await this.events.lockRoom(tx, room.id);
      if ((await this.reach.bannedAmong(tx, room.id, [request.user.id])).size) throw new BadInputError('id', 'This person is banned from the room: unban them first.');
      const taken = await tx.nativeUpdate(JoinRequest, { id: request.id, status: InvitationStatus.PENDING }, { status: InvitationStatus.ACCEPTED, decidedAt: new Date(), decidedBy: tx.getReference(User, viewer.id) });
      if (!taken) throw new ConflictError('id', 'This request was already answered.');
      const joined = await joinInTransaction(tx, { events: this.events, audit: this.audit }, {
        roomId: room.id,
        userId: request.user.id,
        addedById: viewer.id,
        audit: { actorId: viewer.id, action: 'JOIN_REQUEST_APPROVED', metadata: { requestId: request.id, userId: request.user.id }, ip: ctx.ip },
      });
      if (joined) events.push(joined.event);
      done.lapsed = joined?.lapsed;
    });
    await this.events.publish(events);
    await this.tell(ctx, request);
    await this.news.lapsed(ctx.em, done.lapsed);
    return ctx.em.fork().findOneOrFail(JoinRequest, { id: request.id });
  }

  async reject(ctx: Context, id: string): Promise<JoinRequest> {
    const viewer = ctx.viewer!;
    const { request, room } = await this.managed(ctx, id);
    const em = ctx.em.fork();
    const done = await em.nativeUpdate(JoinRequest, { id: request.id, status: InvitationStatus.PENDING }, { status: InvitationStatus.DECLINED, decidedAt: new Date(), decidedBy: em.getReference(User, viewer.id) });
    if (!done) throw new ConflictError('id', 'This request was already answered.');
    this.audit.record(em, { actorId: viewer.id, action: 'JOIN_REQUEST_REJECTED', targetType: 'ROOM', targetId: room.id, metadata: { requestId: request.id, userId: request.user.id }, ip: ctx.ip });
    await em.flush();
    await this.tell(ctx, request);
    return em.findOneOrFail(JoinRequest, { id: request.id });
  }

  /** A room's pending requests, newest first. OWNER and ADMINs only. */
  async roomPage(ctx: Context, room: Room, first?: number | null, after?: string | null) {
    if (!isManager(await ctx.loaders.myMembership.load(room.id))) throw new ForbiddenError('Only a room owner or admin may see its join requests.');
    return keysetPage(ctx.em, JoinRequest, { room: room.id, status: InvitationStatus.PENDING }, pageSize(first), after);
  }

  /** The viewer's latest request for the room (any status), or null. */
  mine(ctx: Context, room: Room): Promise<JoinRequest | null> {
    return ctx.viewer ? ctx.em.findOne(JoinRequest, { room: room.id, user: ctx.viewer.id }) : Promise.resolve(null);
  }
}
