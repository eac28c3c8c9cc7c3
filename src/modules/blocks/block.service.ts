import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { pageSize } from '../../common/connection.js';
import { keysetPage } from '../../common/keyset.js';
import { assertId } from '../../common/ids.js';
import type { Context } from '../../context.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { Contact, ContactRequest, ContactRequestStatus } from '../contacts/contact.entity.js';
import type { ReachService } from '../reach/reach.service.js';
import { User } from '../users/user.entity.js';
import { UserBlock } from './user-block.entity.js';

/**
 * Blocking a person: they can no longer open a direct room with the blocker, add or invite them anywhere, or send in
 * their direct room. Private: the blocked person is never told, and every refusal they meet reads the same.
 */
export class BlockService {
  constructor(
    private readonly reach: ReachService,
    private readonly audit: AuditService,
  ) {}

  async block(ctx: Context, userId: string): Promise<User> {
    const viewer = ctx.viewer!;
    const targetId = assertId(userId, 'userId');
    if (targetId === viewer.id) throw new BadInputError('userId', 'You cannot block yourself.');
    const target = await ctx.em.findOne(User, { id: targetId });
    if (!target) throw new NotFoundError('User', 'userId');
    try {
      await ctx.em.fork().transactional(async (tx) => {
        // Serialized with a direct room being opened between the two (RoomService.createDirectRoom takes the same lock).
        await this.reach.lockPair(tx, viewer.id, targetId);
        if (await tx.findOne(UserBlock, { blocker: viewer.id, blocked: targetId })) return;
        tx.create(UserBlock, { blocker: viewer.id, blocked: targetId });
        // Contacts end, and pending requests between the two lapse.
        await tx.nativeDelete(Contact, { $or: [{ owner: viewer.id, contact: targetId }, { owner: targetId, contact: viewer.id }] });
        await tx.nativeUpdate(
          ContactRequest,
          { status: ContactRequestStatus.PENDING, $or: [{ fromUser: viewer.id, toUser: targetId }, { fromUser: targetId, toUser: viewer.id }] },
          { status: ContactRequestStatus.CANCELLED, respondedAt: new Date() },
        );
        this.audit.record(tx, { actorId: viewer.id, action: 'USER_BLOCKED', targetType: 'USER', targetId, ip: ctx.ip });
        await tx.flush();
      });
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err; // blocked twice at once: one row
    }
    return target;
  }

  async unblock(ctx: Context, userId: string): Promise<User> {
    const viewer = ctx.viewer!;
    const targetId = assertId(userId, 'userId');
    const target = await ctx.em.findOne(User, { id: targetId });
    if (!target) throw new NotFoundError('User', 'userId');
    const em = ctx.em.fork();
    const deleted = await em.nativeDelete(UserBlock, { blocker: viewer.id, blocked: targetId });
    if (!deleted) throw new NotFoundError('Block', 'userId');
    this.audit.record(em, { actorId: viewer.id, action: 'USER_UNBLOCKED', targetType: 'USER', targetId, ip: ctx.ip });
    await em.flush();
    return target;
  }

  /** The people the viewer blocked, most recent first. */
  async blockedPage(ctx: Context, first?: number | null, after?: string | null) {
    const page = await keysetPage(ctx.em, UserBlock, { blocker: ctx.viewer!.id }, pageSize(first), after);
    const users = await ctx.loaders.userById.loadMany(page.edges.map((e) => e.node.blocked.id));
    return { ...page, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: users[i] as User })).filter((e) => e.node instanceof User) };
  }

  isBlockedByViewer(ctx: Context, userId: string): Promise<boolean> {
    return ctx.viewer ? this.reach.hasBlocked(ctx.em, ctx.viewer.id, userId) : Promise.resolve(false);
  }
}
