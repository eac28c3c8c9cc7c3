import { randomBytes } from 'node:crypto';
import type { DatabaseKind } from '../../config.js';
import { pageSize } from '../../common/connection.js';
import { keysetPage } from '../../common/keyset.js';
import { dbValue, execute } from '../../common/native-sql.js';
import type { Context } from '../../context.js';
import { AppError, BadInputError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Lapsed, PeopleNewsService } from '../reach/people-news.js';
import type { ReachService } from '../reach/reach.service.js';
import { assertManager, isManager } from '../reach/room-managers.js';
import type { RoomEvent } from '../rooms/room-event.entity.js';
import type { RoomEventService } from '../rooms/room-events.service.js';
import { Room } from '../rooms/room.entity.js';
import type { RoomService } from '../rooms/room.service.js';
import { InviteLink, InviteLinkChange } from './invite-link.entity.js';
import type { InvitePreview } from './invite-preview.types.js';
import { joinInTransaction } from './joining.js';

const MAX_HOURS = 24 * 30;
const MAX_USES = 10_000;
const CODE_RE = /^[A-Za-z0-9_-]{16,32}$/;
/** Invite code look-ups (invitePreview) per minute, per user and per IP, like the room password's attempts. */
const LOOKUPS_PER_USER = 30;
const LOOKUPS_PER_IP = 150;

/** A link that exists but no longer lets anyone in: FORBIDDEN with `extensions.reason` EXPIRED or USED_UP. */
function unusable(reason: 'EXPIRED' | 'USED_UP'): AppError {
  return new AppError(reason === 'EXPIRED' ? 'This invite link has expired.' : 'This invite link has been used up.', 'FORBIDDEN', { reason });
}

/**
 * Invite links: OWNER and ADMINs make and revoke them; anyone holding a live one may look at its room and join (bans
 * still apply). Each change is news for the room's managers on viewerEvents (InviteLinkChanged).
 */
export class InviteLinkService {
  constructor(
    private readonly rooms: RoomService,
    private readonly events: RoomEventService,
    private readonly audit: AuditService,
    private readonly reach: ReachService,
    private readonly news: PeopleNewsService,
    private readonly rateLimiter: RateLimiter,
    private readonly databaseKind: DatabaseKind,
  ) {}

  private tell(ctx: Context, link: InviteLink, change: InviteLinkChange) {
    const roomId = link.room.id;
    return this.news.toManagers(ctx.em, roomId, { type: 'InviteLinkChanged', roomId, linkId: link.id, change, at: new Date().toISOString() });
  }

  async create(ctx: Context, roomId: string, expiresInHours?: number | null, maxUses?: number | null): Promise<InviteLink> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.rooms.access(ctx.em, roomId, viewer.id, { requireMember: true });
    assertManager(room, membership, 'make invite links');
    if (expiresInHours != null && (!Number.isInteger(expiresInHours) || expiresInHours < 1 || expiresInHours > MAX_HOURS)) {
      throw new BadInputError('expiresInHours', `"expiresInHours" must be a whole number from 1 to ${MAX_HOURS}, or null for never.`);
    }
    if (maxUses != null && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > MAX_USES)) {
      throw new BadInputError('maxUses', `"maxUses" must be a whole number from 1 to ${MAX_USES}, or null for unlimited.`);
    }
    const em = ctx.em.fork();
    const link = em.create(InviteLink, {
      code: randomBytes(16).toString('base64url'),
      room: room.id,
      createdBy: viewer.id,
      expiresAt: expiresInHours != null ? new Date(Date.now() + expiresInHours * 3600_000) : null,
      usesLeft: maxUses ?? null,
    });
    this.audit.record(em, { actorId: viewer.id, action: 'INVITE_LINK_CREATED', targetType: 'ROOM', targetId: room.id, metadata: { linkId: link.id, expiresInHours: expiresInHours ?? null, maxUses: maxUses ?? null }, ip: ctx.ip });
    await em.flush();
    await this.tell(ctx, link, InviteLinkChange.CREATED);
    return link;
  }

  private async findByCode(ctx: Context, code: string): Promise<InviteLink> {
    if (typeof code !== 'string' || !CODE_RE.test(code)) throw new BadInputError('code', 'That is not an invite code.');
    const link = await ctx.em.findOne(InviteLink, { code });
    if (!link || link.revokedAt) throw new NotFoundError('Invite link', 'code');
    return link;
  }

  /**
   * The room behind a live link, for its holder to decide: name, kind, size, password; nothing private. NOT_FOUND
   * for an unknown or revoked code, FORBIDDEN (reason EXPIRED or USED_UP) for one that no longer works.
   */
  async preview(ctx: Context, code: string): Promise<InvitePreview> {
    const viewer = ctx.viewer!;
    await this.rateLimiter.hitAll([[`invitecode:user:${viewer.id}`, LOOKUPS_PER_USER], [`invitecode:ip:${ctx.ip ?? 'unknown'}`, LOOKUPS_PER_IP]], 60);
    const link = await this.findByCode(ctx, code);
    if (link.expiresAt && link.expiresAt <= new Date()) throw unusable('EXPIRED');
    if (link.usesLeft != null && link.usesLeft <= 0) throw unusable('USED_UP');
    const room = await ctx.em.findOne(Room, { id: link.room.id });
    if (!room) throw new NotFoundError('Invite link', 'code');
    return {
      code: link.code,
      roomId: room.id,
      name: room.name ?? null,
      description: room.description ?? null,
      kind: room.kind,
      memberCount: await ctx.loaders.memberCount.load(room.id),
      hasPassword: !!room.passwordHash,
      isMember: !!(await ctx.loaders.myMembership.load(room.id)),
      expiresAt: link.expiresAt ?? null,
      usesLeft: link.usesLeft ?? null,
    };
  }

  /** Joins the room behind the code. Already a member: the room, and no use is spent. */
  async join(ctx: Context, code: string): Promise<Room> {
    const viewer = ctx.viewer!;
    const link = await this.findByCode(ctx, code);
    const roomId = link.room.id;
    const events: RoomEvent[] = [];
    const done: { lapsed?: Lapsed; change?: InviteLinkChange } = {};
    await ctx.em.fork().transactional(async (tx) => {
      await this.events.lockRoom(tx, roomId);
      await this.reach.assertNotBanned(tx, roomId, viewer.id);
      const now = new Date();
      const joined = await joinInTransaction(tx, { events: this.events, audit: this.audit }, {
        roomId,
        userId: viewer.id,
        addedById: null,
        audit: { actorId: viewer.id, action: 'MEMBER_JOINED', metadata: { via: 'INVITE_LINK', linkId: link.id }, ip: ctx.ip },
      });
      if (!joined) return;
      // One use, atomically: of two joins on the last use, one gets it (the other's transaction rolls back).
      const used = await execute<Array<{ id: string; uses_left: number | null }>>(tx, {
        sql: 'update invite_links set uses = uses + 1, uses_left = uses_left - 1 where id = ? and revoked_at is null and (expires_at is null or expires_at > ?) and (uses_left is null or uses_left > 0) returning id, uses_left',
        params: [link.id, dbValue(this.databaseKind, now)],
      });
      if (!used.length) {
        const current = await tx.findOneOrFail(InviteLink, { id: link.id }, { refresh: true });
        if (current.revokedAt) throw new NotFoundError('Invite link', 'code');
        throw unusable(current.expiresAt && current.expiresAt <= now ? 'EXPIRED' : 'USED_UP');
      }
      events.push(joined.event);
      done.lapsed = joined.lapsed;
      done.change = used[0]!.uses_left !== null && Number(used[0]!.uses_left) <= 0 ? InviteLinkChange.USED_UP : InviteLinkChange.USED;
    });
    await this.events.publish(events);
    if (done.change) await this.tell(ctx, link, done.change);
    await this.news.lapsed(ctx.em, done.lapsed);
    return ctx.em.fork().findOneOrFail(Room, { id: roomId });
  }

  async revoke(ctx: Context, code: string): Promise<boolean> {
    const viewer = ctx.viewer!;
    const link = await this.findByCode(ctx, code);
    const { room, membership } = await this.rooms.access(ctx.em, link.room.id, viewer.id, { requireMember: true, field: 'code' }).catch(() => {
      throw new NotFoundError('Invite link', 'code'); // outsiders learn nothing about the link's room
    });
    assertManager(room, membership, 'revoke invite links');
    const em = ctx.em.fork();
    const revoked = await em.nativeUpdate(InviteLink, { id: link.id, revokedAt: null }, { revokedAt: new Date() });
    this.audit.record(em, { actorId: viewer.id, action: 'INVITE_LINK_REVOKED', targetType: 'ROOM', targetId: room.id, metadata: { linkId: link.id }, ip: ctx.ip });
    await em.flush();
    if (revoked) await this.tell(ctx, link, InviteLinkChange.REVOKED);
    return true;
  }

  /** The room's usable links (not revoked, expired or used up), newest first. OWNER and ADMINs only. */
  async page(ctx: Context, room: Room, first?: number | null, after?: string | null) {
    if (!isManager(await ctx.loaders.myMembership.load(room.id))) throw new ForbiddenError('Only a room owner or admin may see its invite links.');
    const now = new Date();
    const where = { room: room.id, revokedAt: null, $and: [{ $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] }, { $or: [{ usesLeft: null }, { usesLeft: { $gt: 0 } }] }] };
    return keysetPage(ctx.em, InviteLink, where, pageSize(first), after);
  }
}
