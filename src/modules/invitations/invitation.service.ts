import { pageSize } from '../../common/connection.js';
import { keysetPage } from '../../common/keyset.js';
import { assertId } from '../../common/ids.js';
import type { Context } from '../../context.js';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Lapsed, PeopleNewsService } from '../reach/people-news.js';
import type { ReachService } from '../reach/reach.service.js';
import { assertManager, isManager } from '../reach/room-managers.js';
import { Membership } from '../rooms/membership.entity.js';
import type { RoomEvent } from '../rooms/room-event.entity.js';
import type { RoomEventService } from '../rooms/room-events.service.js';
import { Room } from '../rooms/room.entity.js';
import type { RoomService } from '../rooms/room.service.js';
import { User } from '../users/user.entity.js';
import { Invitation, InvitationStatus } from './invitation.entity.js';
import { joinInTransaction } from './joining.js';

/**
 * Personal invitations: OWNER and ADMINs invite a person, who accepts (and joins) or declines. Each change is news
 * on viewerEvents for the invitee and the room's managers.
 */
export class InvitationService {
  constructor(
    private readonly rooms: RoomService,
    private readonly events: RoomEventService,
    private readonly audit: AuditService,
    private readonly reach: ReachService,
    private readonly news: PeopleNewsService,
  ) {}

  private async tell(ctx: Context, invitation: Invitation) {
    const roomId = invitation.room.id;
    await this.news.toManagers(ctx.em, roomId, { type: 'InvitationChanged', invitationId: invitation.id, roomId, at: new Date().toISOString() }, [invitation.invitee.id]);
  }

  async invite(ctx: Context, roomId: string, userId: string): Promise<Invitation> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.rooms.access(ctx.em, roomId, viewer.id, { requireMember: true });
    assertManager(room, membership, 'invite people');
    const targetId = assertId(userId, 'userId');
    if (targetId === viewer.id) throw new BadInputError('userId', 'You are already in this room.');
    if (!(await ctx.em.findOne(User, { id: targetId }))) throw new NotFoundError('User', 'userId');
    if (await ctx.em.findOne(Membership, { room: room.id, user: targetId })) throw new ConflictError('userId', 'This person is already a member.');
    await this.reach.assertNoneBanned(ctx.em, room.id, [targetId], 'userId');
    await this.reach.assertMayBringIn(ctx.em, viewer.id, [targetId]);
    const em = ctx.em.fork();
    const invitation = await em.transactional(async (tx) => {
      await this.events.lockRoom(tx, room.id);
      await this.reach.assertNoneBanned(tx, room.id, [targetId], 'userId');
      let row = await tx.findOne(Invitation, { room: room.id, invitee: targetId });
      if (row?.status === InvitationStatus.PENDING) return row;
      if (row) Object.assign(row, { status: InvitationStatus.PENDING, inviter: tx.getReference(User, viewer.id), createdAt: new Date(), respondedAt: null });
      else row = tx.create(Invitation, { room: room.id, invitee: targetId, inviter: viewer.id, status: InvitationStatus.PENDING });
      this.audit.record(tx, { actorId: viewer.id, action: 'INVITATION_SENT', targetType: 'ROOM', targetId: room.id, metadata: { userId: targetId, invitationId: row.id }, ip: ctx.ip });
      await tx.flush();
      return row;
    });
    await this.tell(ctx, invitation);
    return invitation;
  }

  /** The viewer's own invitation, or NOT_FOUND (someone else's is never revealed). */
  private async own(ctx: Context, id: string): Promise<Invitation> {
    const invitation = await ctx.em.findOne(Invitation, { id: assertId(id, 'id') });
    if (!invitation || invitation.invitee.id !== ctx.viewer!.id) throw new NotFoundError('Invitation', 'id');
    return invitation;
  }

  /** Joins the room. Two accepts of one invitation make one membership; the second returns the room as well. */
  async accept(ctx: Context, id: string): Promise<Room> {
    const viewer = ctx.viewer!;
    const invitation = await this.own(ctx, id);
    const roomId = invitation.room.id;
    if (invitation.status !== InvitationStatus.PENDING && invitation.status !== InvitationStatus.ACCEPTED) {
      throw new ConflictError('id', 'This invitation is no longer open.');
    }
    const events: RoomEvent[] = [];
    const done: { changed?: boolean; lapsed?: Lapsed } = {};
    await ctx.em.fork().transactional(async (tx) => {
      await this.events.lockRoom(tx, roomId);
      await this.reach.assertNotBanned(tx, roomId, viewer.id);
      const taken = await tx.nativeUpdate(Invitation, { id: invitation.id, status: InvitationStatus.PENDING }, { status: InvitationStatus.ACCEPTED, respondedAt: new Date() });
      if (!taken) {
        // Answered meanwhile: fine if that answer made the viewer a member.
        if (await tx.findOne(Membership, { room: roomId, user: viewer.id })) return;
        throw new ConflictError('id', 'This invitation is no longer open.');
      }
      done.changed = true;
      const joined = await joinInTransaction(tx, { events: this.events, audit: this.audit }, {
        roomId,
        userId: viewer.id,
        addedById: invitation.inviter?.id ?? null,
        audit: { actorId: viewer.id, action: 'INVITATION_ACCEPTED', metadata: { invitationId: invitation.id, inviterId: invitation.inviter?.id ?? null }, ip: ctx.ip },
      });
      if (joined) events.push(joined.event);
      done.lapsed = joined?.lapsed;
    });
    await this.events.publish(events);
    if (done.changed) await this.tell(ctx, invitation);
    await this.news.lapsed(ctx.em, done.lapsed);
    return ctx.em.fork().findOneOrFail(Room, { id: roomId });
  }

  async decline(ctx: Context, id: string): Promise<Invitation> {
    const viewer = ctx.viewer!;
    const invitation = await this.own(ctx, id);
    const em = ctx.em.fork();
    const done = await em.nativeUpdate(Invitation, { id: invitation.id, status: InvitationStatus.PENDING }, { status: InvitationStatus.DECLINED, respondedAt: new Date() });
    if (!done) throw new ConflictError('id', 'This invitation is no longer open.');
    this.audit.record(em, { actorId: viewer.id, action: 'INVITATION_DECLINED', targetType: 'ROOM', targetId: invitation.room.id, metadata: { invitationId: invitation.id }, ip: ctx.ip });
    await em.flush();
    await this.tell(ctx, invitation);
    return em.findOneOrFail(Invitation, { id: invitation.id });
  }

  /**
   * Withdraws a pending invitation: its inviter (while still a member) or the room's OWNER and ADMINs. Outsiders get
   * NOT_FOUND; the invitee is told to decline it instead.
   */
  async cancel(ctx: Context, id: string): Promise<Invitation> {
    const viewer = ctx.viewer!;
    const invitation = await ctx.em.findOne(Invitation, { id: assertId(id, 'id') });
    if (!invitation) throw new NotFoundError('Invitation', 'id');
    if (invitation.invitee.id === viewer.id) throw new ForbiddenError('This invitation is yours: decline it instead.');
    const roomId = invitation.room.id;
    const membership = await ctx.em.findOne(Membership, { room: roomId, user: viewer.id });
    if (!membership) throw new NotFoundError('Invitation', 'id'); // outsiders learn nothing about the room's invitations
    if (!isManager(membership) && invitation.inviter?.id !== viewer.id) {
      throw new ForbiddenError('Only the person who sent an invitation, or a room owner or admin, may cancel it.');
    }
    const em = ctx.em.fork();
    const done = await em.nativeUpdate(Invitation, { id: invitation.id, status: InvitationStatus.PENDING }, { status: InvitationStatus.CANCELLED, respondedAt: new Date() });
    if (!done) throw new ConflictError('id', 'This invitation is no longer pending.');
    this.audit.record(em, { actorId: viewer.id, action: 'INVITATION_CANCELLED', targetType: 'ROOM', targetId: roomId, metadata: { invitationId: invitation.id, userId: invitation.invitee.id }, ip: ctx.ip });
    await em.flush();
    await this.tell(ctx, invitation);
    return em.findOneOrFail(Invitation, { id: invitation.id });
  }

  /** The viewer's pending invitations, newest first. */
  page(ctx: Context, first?: number | null, after?: string | null) {
    return keysetPage(ctx.em, Invitation, { invitee: ctx.viewer!.id, status: InvitationStatus.PENDING }, pageSize(first), after);
  }

  /** A room's pending invitations, newest first. OWNER and ADMINs only. */
  async roomPage(ctx: Context, room: Room, first?: number | null, after?: string | null) {
    if (!isManager(await ctx.loaders.myMembership.load(room.id))) throw new ForbiddenError("Only a room owner or admin may see its invitations.");
    return keysetPage(ctx.em, Invitation, { room: room.id, status: InvitationStatus.PENDING }, pageSize(first), after);
  }
}
