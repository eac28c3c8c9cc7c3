import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthService } from '../auth/auth.service.js';
import { SessionEndReason } from '../auth/session-end-reason.js';
import type { RoomEventService } from '../rooms/room-events.service.js';
import type { MembershipService } from '../rooms/membership.service.js';
import type { UploadService } from '../uploads/upload.service.js';
import type { Mailer } from '../../mailer.js';
import type { Logger } from '../../logger.js';
import { topics, type AppPubSub } from '../../pubsub.js';
import { decodeTextCursor, encodeCursor, pageSize } from '../../common/connection.js';
import { containsWhere } from '../../common/search.js';
import { BadInputError } from '../../errors.js';
import { optionalText, validateAll, validateEmail, validateUsername } from '../../common/validation.js';
import type { WhoCanMessageMe } from '../contacts/message-privacy.js';
import { User } from './user.entity.js';

const LAST_SEEN_THROTTLE_MS = 60_000;

/** Profiles, user lookup and search, last-seen bookkeeping and account deletion (with its rooms left empty and its unattached files). */
export interface UserServiceDeps {
  config: Config;
  audit: AuditService;
  auth: AuthService;
  memberships: MembershipService;
  uploads: UploadService;
  roomEvents: RoomEventService;
  mailer: Mailer;
  pubsub: AppPubSub;
  logger: Logger;
}

export class UserService {
  constructor(private readonly deps: UserServiceDeps) {}

  /** At most one write a minute per user, and the condition makes it so across instances too. */
  async touchLastSeen(em: EntityManager, user: User): Promise<void> {
    const now = Date.now();
    if (user.lastSeenAt && now - user.lastSeenAt.getTime() < LAST_SEEN_THROTTLE_MS) return;
    const at = new Date(now);
    await em.nativeUpdate(
      User,
      { id: user.id, $or: [{ lastSeenAt: null }, { lastSeenAt: { $lt: new Date(now - LAST_SEEN_THROTTLE_MS) } }] },
      { lastSeenAt: at },
    );
    user.lastSeenAt = at;
  }

  async search(em: EntityManager, search: string | null | undefined, first: number | null | undefined, after: string | null | undefined) {
    const limit = pageSize(first);
    const kind = this.deps.config.database.kind;
    // Built afresh for each query: a raw SQL fragment (SQLite's search) is good for one query only.
    const base = (): Record<string, unknown> => ({ ...containsWhere(kind, search, 'search', 100, { usernameLower: 'username_lower', displayName: 'display_name' }) });
    const where = base();
    if (after) {
      where.usernameLower = { $gt: decodeTextCursor(after, 'after') };
    }
    const rows = await em.find(User, where, { orderBy: { usernameLower: 'asc' }, limit: limit + 1 });
    const hasNextPage = rows.length > limit;
    const nodes = rows.slice(0, limit);
    return {
      edges: nodes.map((u) => ({ cursor: encodeCursor([u.usernameLower]), node: u })),
      hasNextPage,
      hasPreviousPage: !!after,
      totalCount: () => em.fork().count(User, base()),
    };
  }

  async updateProfile(ctx: Context, input: { displayName?: string | null; username?: string | null; email?: string | null; currentPassword?: string | null; whoCanMessageMe?: WhoCanMessageMe | null; shareReadReceipts?: boolean | null }): Promise<User> {
    const em = ctx.em.fork();
    const user = await em.findOneOrFail(User, { id: ctx.viewer!.id });
    const { username, email, displayName } = validateAll({
      username: () => (input.username != null ? validateUsername(input.username) : null),
      email: () => (input.email != null ? validateEmail(input.email) : null),
      displayName: () => optionalText(input.displayName, 'displayName', 64),
    });
    const changed: string[] = [];
    if (input.displayName !== undefined) {
      user.displayName = displayName;
      changed.push('displayName');
    }
    const oldEmail = user.email;
    if (email && email !== oldEmail) {
      // A stolen access token must not be enough to take the account (a new email, then a password reset).
      if (!input.currentPassword) throw new BadInputError('currentPassword', 'Changing the email needs your current password.');
      await this.deps.auth.limitPasswordCheck(ctx, user.id);
      const { passwordHash } = await em.fork().findOneOrFail(User, { id: user.id }, { populate: ['passwordHash'], fields: ['passwordHash'] });
      if (!(await this.deps.auth.verifyPassword(passwordHash, input.currentPassword))) throw new BadInputError('currentPassword', 'Current password is incorrect.');
    }
    if (input.whoCanMessageMe != null) {
      user.whoCanMessageMe = input.whoCanMessageMe;
      changed.push('whoCanMessageMe');
    }
    await this.deps.auth.assertAvailable(em, email && email !== user.email ? email : null, username && username.toLowerCase() !== user.usernameLower ? username : null, user.id);
    if (username) {
      user.username = username;
      user.usernameLower = username.toLowerCase();
      changed.push('username');
    }
    const emailChanged = !!email && email !== oldEmail;
    if (email) {
      user.email = email;
      changed.push('email');
    }
    if (typeof input.shareReadReceipts === 'boolean') {
      user.shareReadReceipts = input.shareReadReceipts;
      changed.push('shareReadReceipts');
    }
    this.deps.audit.record(em, { actorId: user.id, action: 'PROFILE_UPDATED', targetType: 'USER', targetId: user.id, metadata: { changed }, ip: ctx.ip });
    await em.flush();
    if (changed.includes('shareReadReceipts')) {
      // The user's open sockets keep the setting they connected with (src/ws.ts): tell them, after the commit. A
      // publish that fails does not undo the change; those sockets catch up when they reconnect.
      await this.deps.pubsub
        .publish(topics.user(user.id), { type: 'UserSettingsChanged', userId: user.id, shareReadReceipts: user.shareReadReceipts })
        .catch((err: unknown) => this.deps.logger.warn({ err, userId: user.id }, 'could not tell open sockets of a settings change'));
    }
    if (emailChanged) {
      // Told after the change committed; a mail failure does not undo it.
      await this.deps.mailer
        .send({
          to: oldEmail,
          subject: 'Your Parley email address was changed',
          text: `The email address of ${user.username} was changed to ${email}. If it was not you, reset your password and contact an administrator.`,
          data: { kind: 'email-changed', userId: user.id, newEmail: email },
        })
        .catch(() => undefined);
    }
    return user;
  }

  async deleteAccount(ctx: Context, password: string): Promise<boolean> {
    await this.deps.auth.limitPasswordCheck(ctx, ctx.viewer!.id);
    const em = ctx.em.fork();
    const user = await em.findOneOrFail(User, { id: ctx.viewer!.id }, { populate: ['passwordHash'] });
    if (!(await this.deps.auth.verifyPassword(user.passwordHash, password ?? ''))) {
      throw new BadInputError('password', 'Password is incorrect.');
    }
    await this.deps.auth.revokeAllSessions(em, user.id, SessionEndReason.ACCOUNT_DELETED);
    const { events, files } = await em.transactional(async (tx) => {
      // Rooms first: hand on ownership and log the departure in each room, in the same transaction.
      const left = await this.deps.memberships.onUserDeleting(tx, user.id, ctx.ip);
      // Uploads no message took: nobody can attach them any more.
      const unattached = await this.deps.uploads.release(tx, { ownerId: user.id });
      this.deps.audit.record(tx, { actorId: null, action: 'ACCOUNT_DELETED', targetType: 'USER', targetId: user.id, metadata: { username: user.username }, ip: ctx.ip });
      await tx.flush();
      await tx.nativeDelete(User, { id: user.id });
      return { events: left.events, files: [...left.files, ...unattached] };
    });
    await this.deps.roomEvents.publish(events);
    // Once the account is gone: the files of the rooms it left empty and its unattached uploads (the sweep retries a failure).
    await this.deps.uploads.purge(files);
    return true;
  }
}
