import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { pageSize } from '../../common/connection.js';
import { keysetPage } from '../../common/keyset.js';
import { assertId } from '../../common/ids.js';
import type { Context } from '../../context.js';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import type { PeopleNewsService } from '../reach/people-news.js';
import { NotPossibleError, type ReachService } from '../reach/reach.service.js';
import { User } from '../users/user.entity.js';
import { Contact, ContactRequest, ContactRequestStatus } from './contact.entity.js';

/** Contact requests per user per hour. */
const REQUESTS_PER_HOUR = 30;

export enum ContactStatus {
  NONE = 'NONE',
  CONTACT = 'CONTACT',
  REQUEST_SENT = 'REQUEST_SENT',
  REQUEST_RECEIVED = 'REQUEST_RECEIVED',
}

/**
 * Contacts: both people agree (a request, then an accept) before they are contacts; either may end it. A user who
 * takes messages from contacts only (whoCanMessageMe) can be messaged by these people alone. Requests are news on
 * viewerEvents for both sides.
 */
export class ContactService {
  constructor(
    private readonly reach: ReachService,
    private readonly audit: AuditService,
    private readonly news: PeopleNewsService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  private tell(request: ContactRequest) {
    return this.news.publish([request.fromUser.id, request.toUser.id], { type: 'ContactRequestChanged', requestId: request.id, at: new Date().toISOString() });
  }

  private async user(ctx: Context, userId: string): Promise<User> {
    const id = assertId(userId, 'userId');
    if (id === ctx.viewer!.id) throw new BadInputError('userId', 'That is you.');
    const user = await ctx.em.findOne(User, { id });
    if (!user) throw new NotFoundError('User', 'userId');
    return user;
  }

  /** Sends a request; when they already asked the viewer, this accepts theirs instead. */
  async send(ctx: Context, userId: string): Promise<ContactRequest> {
    const viewer = ctx.viewer!;
    const other = await this.user(ctx, userId);
    if (await this.reach.hasBlocked(ctx.em, viewer.id, other.id)) throw new ForbiddenError('You blocked this person: unblock them first.');
    if (await this.reach.hasBlocked(ctx.em, other.id, viewer.id)) throw new NotPossibleError();
    if (await this.reach.areContacts(ctx.em, viewer.id, other.id)) throw new ConflictError('userId', 'You are already contacts.');
    const theirs = await ctx.em.findOne(ContactRequest, { fromUser: other.id, toUser: viewer.id, status: ContactRequestStatus.PENDING });
    if (theirs) return this.accept(ctx, theirs.id);
    await this.rateLimiter.hit(`contactreq:user:${viewer.id}`, REQUESTS_PER_HOUR, 3600);
    let request: ContactRequest;
    try {
      request = await ctx.em.fork().transactional(async (tx) => {
        let row = await tx.findOne(ContactRequest, { fromUser: viewer.id, toUser: other.id });
        if (row?.status === ContactRequestStatus.PENDING) return row;
        if (row) Object.assign(row, { status: ContactRequestStatus.PENDING, createdAt: new Date(), respondedAt: null });
        else row = tx.create(ContactRequest, { fromUser: viewer.id, toUser: other.id, status: ContactRequestStatus.PENDING });
        this.audit.record(tx, { actorId: viewer.id, action: 'CONTACT_REQUEST_SENT', targetType: 'USER', targetId: other.id, metadata: { requestId: row.id }, ip: ctx.ip });
        await tx.flush();
        return row;
      });
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      request = await ctx.em.fork().findOneOrFail(ContactRequest, { fromUser: viewer.id, toUser: other.id }); // sent twice at once
    }
    await this.tell(request);
    return request;
  }

  /** A request sent to the viewer, or NOT_FOUND. */
  private async incoming(ctx: Context, id: string): Promise<ContactRequest> {
    const request = await ctx.em.findOne(ContactRequest, { id: assertId(id, 'id') });
    if (!request || request.toUser.id !== ctx.viewer!.id) throw new NotFoundError('Contact request', 'id');
    return request;
  }

  async accept(ctx: Context, id: string): Promise<ContactRequest> {
    const viewer = ctx.viewer!;
    const request = await this.incoming(ctx, id);
    const otherId = request.fromUser.id;
    const em = ctx.em.fork();
    await em.transactional(async (tx) => {
      await this.reach.lockPair(tx, viewer.id, otherId);
      const taken = await tx.nativeUpdate(ContactRequest, { id: request.id, status: ContactRequestStatus.PENDING }, { status: ContactRequestStatus.ACCEPTED, respondedAt: new Date() });
      if (!taken) throw new ConflictError('id', 'This request is no longer pending.');
      for (const [owner, contact] of [[viewer.id, otherId], [otherId, viewer.id]]) {
        if (!(await tx.findOne(Contact, { owner, contact }))) tx.create(Contact, { owner, contact });
      }
      // Their own crossing request, if any, is settled too.
      await tx.nativeUpdate(ContactRequest, { fromUser: viewer.id, toUser: otherId, status: ContactRequestStatus.PENDING }, { status: ContactRequestStatus.ACCEPTED, respondedAt: new Date() });
      this.audit.record(tx, { actorId: viewer.id, action: 'CONTACT_REQUEST_ACCEPTED', targetType: 'USER', targetId: otherId, metadata: { requestId: request.id }, ip: ctx.ip });
      await tx.flush();
    });
    await this.tell(request);
    return em.findOneOrFail(ContactRequest, { id: request.id }, { refresh: true });
  }

  async decline(ctx: Context, id: string): Promise<ContactRequest> {
    const viewer = ctx.viewer!;
    const request = await this.incoming(ctx, id);
    const em = ctx.em.fork();
    const done = await em.nativeUpdate(ContactRequest, { id: request.id, status: ContactRequestStatus.PENDING }, { status: ContactRequestStatus.DECLINED, respondedAt: new Date() });
    if (!done) throw new ConflictError('id', 'This request is no longer pending.');
    this.audit.record(em, { actorId: viewer.id, action: 'CONTACT_REQUEST_DECLINED', targetType: 'USER', targetId: request.fromUser.id, metadata: { requestId: request.id }, ip: ctx.ip });
    await em.flush();
    await this.tell(request);
    return em.findOneOrFail(ContactRequest, { id: request.id }, { refresh: true });
  }

  /** Ends a contact (both sides), or withdraws the viewer's pending request to them. NOT_FOUND when there is neither. */
  async remove(ctx: Context, userId: string): Promise<boolean> {
    const viewer = ctx.viewer!;
    const other = await this.user(ctx, userId);
    const em = ctx.em.fork();
    const removed = await em.nativeDelete(Contact, { $or: [{ owner: viewer.id, contact: other.id }, { owner: other.id, contact: viewer.id }] });
    const withdrawn = await em.nativeUpdate(ContactRequest, { fromUser: viewer.id, toUser: other.id, status: ContactRequestStatus.PENDING }, { status: ContactRequestStatus.CANCELLED, respondedAt: new Date() });
    if (!removed && !withdrawn) throw new NotFoundError('Contact', 'userId');
    this.audit.record(em, { actorId: viewer.id, action: 'CONTACT_REMOVED', targetType: 'USER', targetId: other.id, metadata: { contact: removed > 0, requestWithdrawn: withdrawn > 0 }, ip: ctx.ip });
    await em.flush();
    const at = new Date().toISOString();
    await this.news.publish([viewer.id], { type: 'ContactRemoved', userId: other.id, at });
    await this.news.publish([other.id], { type: 'ContactRemoved', userId: viewer.id, at });
    return true;
  }

  /** The viewer's contacts, most recent first. */
  async contactsPage(ctx: Context, first?: number | null, after?: string | null) {
    const page = await keysetPage(ctx.em, Contact, { owner: ctx.viewer!.id }, pageSize(first), after);
    const users = await ctx.loaders.userById.loadMany(page.edges.map((e) => e.node.contact.id));
    return { ...page, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: users[i] as User })).filter((e) => e.node instanceof User) };
  }

  /** Pending requests to and from the viewer, newest first. */
  requestsPage(ctx: Context, first?: number | null, after?: string | null) {
    const me = ctx.viewer!.id;
    return keysetPage(ctx.em, ContactRequest, { status: ContactRequestStatus.PENDING, $or: [{ toUser: me }, { fromUser: me }] }, pageSize(first), after);
  }

  async status(ctx: Context, userId: string): Promise<ContactStatus> {
    const me = ctx.viewer?.id;
    if (!me || me === userId) return ContactStatus.NONE;
    if (await this.reach.areContacts(ctx.em, me, userId)) return ContactStatus.CONTACT;
    const pending = await ctx.em.findOne(ContactRequest, { status: ContactRequestStatus.PENDING, $or: [{ fromUser: me, toUser: userId }, { fromUser: userId, toUser: me }] });
    if (!pending) return ContactStatus.NONE;
    return pending.fromUser.id === me ? ContactStatus.REQUEST_SENT : ContactStatus.REQUEST_RECEIVED;
  }
}
