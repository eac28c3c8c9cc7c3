import { LockMode, type EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import type { AppPubSub } from '../../pubsub.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthService } from '../auth/auth.service.js';
import { SessionEndReason } from '../auth/session-end-reason.js';
import { pageSize } from '../../common/connection.js';
import { assertId } from '../../common/ids.js';
import { optionalText } from '../../common/validation.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../../errors.js';
import { topics } from '../../pubsub.js';
import { AUDIT_ACTIONS, AuditEvent } from '../audit/audit-event.entity.js';
import { Message } from '../messages/message.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Role, User } from '../users/user.entity.js';
import { containsWhere } from '../../common/search.js';
import type { AdminMessageFilter, AdminRoomFilter, AdminUserFilter, AuditEventFilter } from './admin.types.js';
import { and, keysetPage, olderThan } from './keyset.js';

const MAX_SEARCH = 100;
const MAX_CONTAINS = 200;
const MAX_ACTIONS = 30;

/** Who may ban, unban or otherwise act on whom: admins on anyone but themselves, moderators on ordinary users only. */
export function assertOutranks(actor: User, target: User, what: string): void {
  if (actor.id === target.id) throw new ForbiddenError(`You cannot ${what} yourself.`);
  if (actor.role === Role.ADMIN) return;
  if (actor.role === Role.MODERATOR && target.role === Role.USER) return;
  throw new ForbiddenError(`A ${actor.role.toLowerCase()} cannot ${what} a ${target.role.toLowerCase()}; ask an admin.`);
}

export interface AdminServiceDeps {
  config: Pick<Config, 'database'>;
  audit: AuditService;
  /** Publishes role changes and bans to the user's sockets; the CLI, with no sockets to tell, passes none. */
  pubsub?: AppPubSub;
  /** Ends a banned user's sessions (the CLI does not ban). */
  auth?: AuthService;
}

/** The admin views (filtered, keyset-paginated lists) and the moderation actions: roles, bans. */
export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  private get pg(): boolean {
    return this.deps.config.database.kind === 'postgresql';
  }

  /** A case-insensitive "contains" condition on columns (property: column), or undefined for a blank term. */
  private contains(columns: Record<string, string>, raw: string | null | undefined, argName: string, max: number): Record<string, unknown> | undefined {
    return containsWhere(this.pg ? 'postgresql' : 'sqlite', raw, argName, max, columns);
  }

  private optionalId(id: string | null | undefined, argName: string): string | undefined {
    if (id === null || id === undefined) return undefined;
    return assertId(id, argName);
  }

  async users(em: EntityManager, filter: AdminUserFilter | null | undefined, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const f = filter ?? {};
    // Built afresh for each query: a raw SQL fragment (SQLite's search) is good for one query only.
    const where = () => and(
      this.contains({ usernameLower: 'username_lower', email: 'email', displayName: 'display_name' }, f.search, 'filter.search', MAX_SEARCH),
      f.role ? { role: f.role } : undefined,
      f.isOnline !== null && f.isOnline !== undefined ? { isOnline: f.isOnline } : undefined,
      f.banned === true ? { bannedAt: { $ne: null } } : f.banned === false ? { bannedAt: null } : undefined,
      f.createdAfter ? { createdAt: { $gt: f.createdAfter } } : undefined,
      f.createdBefore ? { createdAt: { $lt: f.createdBefore } } : undefined,
    );
    const rows = await em.find(User, and(where(), olderThan(after, 'createdAt')), { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return keysetPage(rows, limit, after, (u) => u.createdAt, () => em.fork().count(User, where()));
  }

  async rooms(em: EntityManager, filter: AdminRoomFilter | null | undefined, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const f = filter ?? {};
    // Built afresh for each query: a raw SQL fragment (SQLite's search) is good for one query only.
    const where = () => and(this.contains({ name: 'name' }, f.search, 'filter.search', MAX_SEARCH), f.kind ? { kind: f.kind } : undefined);
    const rows = await em.find(Room, and(where(), olderThan(after, 'lastActivityAt')), { orderBy: { lastActivityAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return keysetPage(rows, limit, after, (r) => r.lastActivityAt, () => em.fork().count(Room, where()));
  }

  async messages(em: EntityManager, filter: AdminMessageFilter | null | undefined, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const f = filter ?? {};
    const roomId = this.optionalId(f.roomId, 'filter.roomId');
    const senderId = this.optionalId(f.senderId, 'filter.senderId');
    // Built afresh for each query: a raw SQL fragment (SQLite's search) is good for one query only.
    const where = () => and(
      roomId ? { room: roomId } : undefined,
      senderId ? { sender: senderId } : undefined,
      this.contains({ body: 'body' }, f.contains, 'filter.contains', MAX_CONTAINS),
      f.since ? { createdAt: { $gte: f.since } } : undefined,
      f.until ? { createdAt: { $lt: f.until } } : undefined,
      f.includeDeleted ? undefined : { deletedAt: null },
    );
    const rows = await em.find(Message, and(where(), olderThan(after, 'createdAt')), { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return keysetPage(rows, limit, after, (m) => m.createdAt, () => em.fork().count(Message, where()));
  }

  async auditEvents(em: EntityManager, filter: AuditEventFilter | null | undefined, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const f = filter ?? {};
    if (f.actions && f.actions.length > MAX_ACTIONS) throw new BadInputError('filter.actions', `"filter.actions" may list at most ${MAX_ACTIONS} actions.`);
    for (const a of f.actions ?? []) {
      if (!(AUDIT_ACTIONS as readonly string[]).includes(a)) throw new BadInputError('filter.actions', `"${a}" is not an audit action.`);
    }
    const actorId = this.optionalId(f.actorId, 'filter.actorId');
    const targetId = f.targetId ? assertId(f.targetId, 'filter.targetId') : undefined;
    // Built afresh for each query: a raw SQL fragment (SQLite's search) is good for one query only.
    const where = () => and(
      f.actions?.length ? { action: { $in: f.actions } } : undefined,
      actorId ? { actor: actorId } : undefined,
      targetId ? { targetId } : undefined,
      f.since ? { createdAt: { $gte: f.since } } : undefined,
      f.until ? { createdAt: { $lt: f.until } } : undefined,
    );
    const rows = await em.find(AuditEvent, and(where(), olderThan(after, 'createdAt')), { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return keysetPage(rows, limit, after, (e) => e.createdAt, () => em.fork().count(AuditEvent, where()));
  }

  private async loadTarget(em: EntityManager, userId: string): Promise<User> {
    const id = assertId(userId, 'userId');
    const user = await em.findOne(User, { id });
    if (!user) throw new NotFoundError('User', 'userId');
    return user;
  }

  /**
   * Changes a user's global role (the resolver lets only ADMINs in). Demoting an admin locks every admin row
   * first (PostgreSQL; SQLite serializes writers anyway), so two admins demoting each other at once cannot
   * leave Parley without one.
   */
  async setUserRole(ctx: Context, userId: string, role: Role): Promise<User> {
    const actor = ctx.viewer!;
    if (!Object.values(Role).includes(role)) throw new BadInputError('role', '"role" is not a role.');
    const em = ctx.em.fork();
    const target = await this.loadTarget(em, userId);
    const from = await this.changeRole(ctx.em.fork(), target.id, role, { actorId: actor.id, ip: ctx.ip, via: 'api' });
    if (from === null) return target;
    target.role = role;
    // Sockets authenticate once, at connect: tell every instance, so the realtime module can refresh or close them.
    await this.deps.pubsub?.publish(topics.user(target.id), { type: 'UserRoleChanged', userId: target.id, role });
    return target;
  }

  /**
   * Sets the role in one transaction with its audit entry; refuses to demote the last admin unless `force`.
   * Returns the previous role, or null when nothing changed.
   */
  async changeRole(em: EntityManager, userId: string, role: Role, opts: { actorId: string | null; ip?: string | null; via: 'api' | 'cli'; force?: boolean }): Promise<Role | null> {
    return em.transactional(async (tx) => {
      // SQLite: write first, so this transaction takes the write lock (waiting on busy_timeout) before it reads;
      // a read-then-write transaction fails at once if another connection (the server, when the CLI runs) wrote meanwhile.
      if (!this.pg) await (tx as SqlEntityManager).execute('update users set role = role where id = ?', [userId]);
      // Lock the target and every admin in one statement, in id order, so concurrent role changes queue up
      // instead of deadlocking; a waiting transaction then re-reads rows changed by the one before it.
      const lock = this.pg ? { lockMode: LockMode.PESSIMISTIC_WRITE as const } : {};
      const rows = await tx.find(User, { $or: [{ id: userId }, { role: Role.ADMIN }] }, { refresh: true, orderBy: { id: 'asc' }, ...lock });
      const current = rows.find((u) => u.id === userId);
      if (!current) throw new NotFoundError('User', 'userId');
      const from = current.role;
      if (from === role) return null;
      if (from === Role.ADMIN && !opts.force && !rows.some((u) => u.id !== userId && u.role === Role.ADMIN)) {
        throw new ForbiddenError('This is the last admin: promote another admin before changing this role.');
      }
      await tx.nativeUpdate(User, { id: userId }, { role });
      this.deps.audit.record(tx, {
        actorId: opts.actorId,
        action: 'USER_ROLE_CHANGED',
        targetType: 'USER',
        targetId: userId,
        metadata: { from, to: role, via: opts.via },
        ip: opts.ip ?? null,
      });
      return from;
    });
  }

  /**
   * Bans a user: records when, why and by whom, ends every session (each publishes SessionRevoked), then tells
   * every instance to close the user's sockets (UserBanned on the user's topic). Login is refused while banned.
   * Banning an already banned user keeps the original time and replaces the reason.
   */
  async banUser(ctx: Context, userId: string, reason: string | null | undefined): Promise<User> {
    const actor = ctx.viewer!;
    const why = optionalText(reason, 'reason', 500);
    const targetId = assertId(userId, 'userId');
    await ctx.em.fork().transactional(async (tx) => {
      if (!this.pg) await (tx as SqlEntityManager).execute('update users set banned_at = banned_at where id = ?', [targetId]);
      // Lock both rows in id order and re-read the actor: two admins banning each other at once must not both win.
      const lock = this.pg ? { lockMode: LockMode.PESSIMISTIC_WRITE as const } : {};
      const rows = await tx.find(User, { id: { $in: [actor.id, targetId] } }, { refresh: true, orderBy: { id: 'asc' }, ...lock });
      const target = rows.find((u) => u.id === targetId);
      if (!target) throw new NotFoundError('User', 'userId');
      const me = rows.find((u) => u.id === actor.id);
      if (!me || me.bannedAt || (me.role !== Role.ADMIN && me.role !== Role.MODERATOR)) throw new ForbiddenError('Your account may no longer ban users.');
      assertOutranks(me, target, 'ban');
      const alreadyBanned = !!target.bannedAt;
      target.bannedAt ??= new Date();
      target.banReason = why;
      this.deps.audit.record(tx, {
        actorId: actor.id,
        action: 'USER_BANNED',
        targetType: 'USER',
        targetId: target.id,
        metadata: { reason: why, ...(alreadyBanned ? { alreadyBanned: true } : {}) },
        ip: ctx.ip,
      });
    });
    const em = ctx.em.fork();
    if (!this.deps.auth) throw new Error('AdminService.banUser needs the auth service');
    // The ban's sockets close now that it committed, before the sessions are looked up and revoked.
    await this.deps.pubsub?.publish(topics.user(targetId), { type: 'UserBanned', userId: targetId });
    await this.deps.auth.revokeAllSessions(em, targetId, SessionEndReason.BANNED);
    return em.findOneOrFail(User, { id: targetId }, { refresh: true });
  }

  /** Lifts a ban. The user signs in again to get new sessions. Unbanning a user who is not banned changes nothing. */
  async unbanUser(ctx: Context, userId: string): Promise<User> {
    const actor = ctx.viewer!;
    const em = ctx.em.fork();
    const target = await this.loadTarget(em, userId);
    assertOutranks(actor, target, 'unban');
    if (!target.bannedAt) return target;
    const previousReason = target.banReason ?? null;
    target.bannedAt = null;
    target.banReason = null;
    this.deps.audit.record(em, { actorId: actor.id, action: 'USER_UNBANNED', targetType: 'USER', targetId: target.id, metadata: { previousReason }, ip: ctx.ip });
    await em.flush();
    return target;
  }
}
