import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import type { Mailer } from '../../mailer.js';
import type { AppPubSub } from '../../pubsub.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import { BadInputError, ConflictError, ForbiddenError, UnauthenticatedError } from '../../errors.js';
import { validateAll, validateEmail, validatePassword, validateUsername, optionalText } from '../../common/validation.js';
import { topics } from '../../pubsub.js';
import { User } from '../users/user.entity.js';
import { PasswordReset } from './password-reset.entity.js';
import { SessionEndReason } from './session-end-reason.js';
import { Session } from './session.entity.js';
import { hashesEqual, newRefreshToken, parseRefreshToken, randomToken, sha256, signAccessToken } from './tokens.js';
import { isId } from '../../common/ids.js';
import { atomically, dbValue, execute, insertStatement, mapJoinedRow, selectColumns, tableName } from '../../common/native-sql.js';
import { resetMail } from './reset-mail.js';

export interface AuthResult {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  user: User;
}

const GENERIC_LOGIN_ERROR = 'Invalid credentials.';
/** A refresh's attempt id (refreshToken's `attempt`). */
const ATTEMPT_RE = /^[A-Za-z0-9_-]{16,64}$/;
/** How long after a rotation its retry (same replaced token, same attempt) still gets the rotation's token. */
const REFRESH_RETRY_MS = 60_000;

/**
 * At most config.argon2.concurrency argon2 computations run at once (each takes a libuv thread and a core for tens
 * of ms): a burst of logins queues here instead of taking every core from message delivery (bench scenario 7).
 */
let argon2Running = 0;
const argon2Waiting: Array<() => void> = [];

/** Password hashes waiting for a slot (the metrics' argon2 queue length). */
export function argon2QueueLength(): number {
  return argon2Waiting.length;
}

async function argon2Slot<T>(limits: { concurrency: number; rest: number }, work: () => Promise<T>): Promise<T> {
  if (argon2Running >= limits.concurrency) await new Promise<void>((resolve) => argon2Waiting.push(resolve));
  else argon2Running++;
  const started = performance.now();
  try {
    return await work();
  } finally {
    // Under a queue, rest a while after each hash, so delivery keeps a share of the cores during a burst.
    const release = () => {
      const next = argon2Waiting.shift();
      if (next) next();
      else argon2Running--;
    };
    if (argon2Waiting.length) setTimeout(release, (performance.now() - started) * limits.rest);
    else release();
  }
}

/** argon2 verification; a malformed hash verifies nothing. Call it inside an argon2Slot. */
async function verifyHash(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export interface AuthServiceDeps {
  config: Config;
  pubsub: AppPubSub;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  audit: AuditService;
}

/** Accounts and sessions: registration, login, token refresh and rotation, logout, passwords and resets. */
export class AuthService {
  private dummyHash?: Promise<string>;
  private readonly config: Config;

  constructor(private readonly deps: AuthServiceDeps) {
    this.config = deps.config;
  }

  hashPassword(password: string): Promise<string> {
    const { memoryCost, timeCost, parallelism } = this.config.argon2;
    return argon2Slot(this.config.argon2, () => argon2.hash(password, { type: argon2.argon2id, memoryCost, timeCost, parallelism }));
  }

  async verifyPassword(hash: string, password: string): Promise<boolean> {
    return argon2Slot(this.config.argon2, () => verifyHash(hash, password));
  }

  /** A hash of nothing anybody knows: verifying against it spends the same time as a wrong password. */
  private unknownAccountHash(): Promise<string> {
    this.dummyHash ??= this.hashPassword(randomToken(16));
    return this.dummyHash;
  }

  async register(ctx: Context, input: { email: string; username: string; password: string; displayName?: string | null }): Promise<AuthResult> {
    const { email, username, displayName } = validateAll({
      email: () => validateEmail(input.email),
      username: () => validateUsername(input.username),
      password: () => validatePassword(input.password),
      displayName: () => optionalText(input.displayName, 'displayName', 64),
    });
    await this.deps.rateLimiter.hit(`register:ip:${ctx.ip ?? 'unknown'}`, this.config.rateLimits.loginPerMinute, 60);
    await this.assertAvailable(ctx.em, email, username);
    const passwordHash = await this.hashPassword(input.password);
    const em = ctx.em.fork();
    try {
      return await em.transactional(async (tx) => {
        const user = tx.create(User, { email, username, usernameLower: username.toLowerCase(), passwordHash, displayName, lastSeenAt: new Date() });
        const result = this.openSession(tx, user, ctx);
        this.deps.audit.record(tx, { actorId: user.id, action: 'USER_REGISTERED', targetType: 'USER', targetId: user.id, ip: ctx.ip });
        await tx.flush();
        ctx.actingUserId = user.id;
        return result;
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        // Lost a race with a concurrent registration: report which field, as the pre-check would have.
        await this.assertAvailable(ctx.em.fork(), email, username);
        throw new ConflictError('email', 'That email or username is already registered.');
      }
      throw err;
    }
  }

  async assertAvailable(em: EntityManager, email: string | null, username: string | null, exceptUserId?: string) {
    if (email) {
      const taken = await em.findOne(User, { email, ...(exceptUserId ? { id: { $ne: exceptUserId } } : {}) }, { fields: ['id'] });
      if (taken) throw new ConflictError('email', 'That email is already registered.');
    }
    if (username) {
      const taken = await em.findOne(User, { usernameLower: username.toLowerCase(), ...(exceptUserId ? { id: { $ne: exceptUserId } } : {}) }, { fields: ['id'] });
      if (taken) throw new ConflictError('username', 'That username is taken.');
    }
  }

  async login(ctx: Context, input: { email?: string | null; username?: string | null; password: string }): Promise<AuthResult> {
    const hasEmail = !!input.email?.trim();
    const hasUsername = !!input.username?.trim();
    if (hasEmail === hasUsername) throw new BadInputError(hasEmail ? 'username' : 'email', 'Give exactly one of email or username.');
    if (typeof input.password !== 'string' || !input.password) throw new BadInputError('password', 'Password is required.');
    const identifier = hasEmail ? input.email!.trim().toLowerCase() : input.username!.trim().toLowerCase();
    const limits = this.config.rateLimits;
    await this.deps.rateLimiter.hitAll([[`login:ip:${ctx.ip ?? 'unknown'}`, limits.loginPerMinute * 5], [`login:id:${identifier}`, limits.loginPerMinute]], 60);

    const em = ctx.em.fork();
    const kind = this.config.database.kind;
    const audit = this.deps.audit;
    // An unknown account is verified against a dummy hash: the same time as a wrong password.
    const dummy = await this.unknownAccountHash();
    // The account is looked up when the login's turn at argon2 comes, not on arrival: a burst of logins then costs the
    // main thread little at once (the lookup and the writes below are native statements for the same reason).
    const { user, ok } = await argon2Slot(this.config.argon2, async () => {
      const column = hasEmail ? 'email' : 'username_lower';
      const rows = await execute(em, { sql: `select ${selectColumns(em, User, 'u', ['passwordHash'])} from ${tableName(em, User)} u where u.${column} = ?`, params: [identifier] });
      const found = rows.length ? mapJoinedRow(em, rows[0], { u: User }).u : null;
      const verified = await verifyHash(found?.passwordHash ?? dummy, input.password);
      return { user: found, ok: !!found && verified };
    });
    if (!user || !ok) {
      await execute(
        em,
        audit.insertStatement(kind, {
          actorId: user?.id ?? null,
          action: 'LOGIN_FAILED',
          targetType: user ? 'USER' : null,
          targetId: user?.id ?? null,
          metadata: { identifier: hasEmail ? 'email' : 'username', known: !!user },
          ip: ctx.ip,
        }),
      );
      throw new UnauthenticatedError(GENERIC_LOGIN_ERROR);
    }
    if (user.bannedAt) {
      await execute(em, audit.insertStatement(kind, { actorId: user.id, action: 'LOGIN_FAILED', targetType: 'USER', targetId: user.id, metadata: { banned: true }, ip: ctx.ip }));
      throw new ForbiddenError(`This account is banned${user.banReason ? `: ${user.banReason}` : ''}.`);
    }
    const rehashed = argon2.needsRehash(user.passwordHash, this.config.argon2) ? await this.hashPassword(input.password) : null;
    const at = new Date();
    const { session, result } = this.newSession(user, ctx, at);
    const v = (value: unknown) => dbValue(kind, value);
    // The user's online flag, the session and the audit row: all or nothing, one statement on PostgreSQL.
    await atomically(em, kind, [
      {
        // isOnline is presence's (live sockets only); a login is HTTP activity: lastSeenAt.
        sql: `update ${tableName(em, User)} set last_seen_at = ?, updated_at = ?${rehashed ? ', password_hash = ?' : ''} where id = ?`,
        params: [v(at), v(at), ...(rehashed ? [rehashed] : []), user.id],
      },
      insertStatement(kind, tableName(em, Session), {
        id: session.id,
        user_id: user.id,
        refresh_token_hash: session.refreshTokenHash,
        created_at: at,
        expires_at: session.expiresAt,
        last_used_at: at,
        user_agent: session.userAgent,
        ip: session.ip,
      }),
      audit.insertStatement(kind, { actorId: user.id, action: 'LOGIN_SUCCEEDED', targetType: 'USER', targetId: user.id, ip: ctx.ip }, at),
    ]);
    user.lastSeenAt = at;
    ctx.actingUserId = user.id;
    return result;
  }

  /** A new session's values and the tokens for it (the caller stores the session). */
  private newSession(user: User, ctx: Context, at = new Date()) {
    const id = randomUUID();
    const refresh = newRefreshToken(id, this.config.jwtSecret);
    const session = {
      id,
      refreshTokenHash: refresh.hash,
      expiresAt: new Date(at.getTime() + this.config.refreshTokenTtlSeconds * 1000),
      lastUsedAt: at,
      userAgent: ctx.userAgent?.slice(0, 512) ?? null,
      ip: ctx.ip,
    };
    const access = signAccessToken({ sub: user.id, sid: id }, this.config.jwtSecret, this.config.accessTokenTtlSeconds);
    const result: AuthResult = { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, user };
    return { session, result };
  }

  private openSession(em: EntityManager, user: User, ctx: Context): AuthResult {
    const { session, result } = this.newSession(user, ctx);
    em.create(Session, { ...session, user });
    return result;
  }

  /** The session behind an access token, if it is still live; with its user loaded. */
  async findLiveSession(em: EntityManager, sessionId: string, userId: string): Promise<Session | null> {
    if (!isId(sessionId) || !isId(userId)) return null;
    // Every authenticated request runs this: one native join mapped to entities (a populated findOne costs
    // several times the CPU in MikroORM's query building).
    const sql = `select ${selectColumns(em, Session, 's')}, ${selectColumns(em, User, 'u')} from ${tableName(em, Session)} s join ${tableName(em, User)} u on u.id = s.user_id where s.id = ? and s.user_id = ? and s.revoked_at is null and s.expires_at > ?`;
    const rows = await execute(em, { sql, params: [sessionId, userId, dbValue(this.config.database.kind, new Date())] });
    if (!rows.length) return null;
    return mapJoinedRow(em, rows[0], { u: User, s: Session }).s;
  }

  async refresh(ctx: Context, refreshToken: string, attempt: string | null = null): Promise<AuthResult> {
    if (attempt !== null && (typeof attempt !== 'string' || !ATTEMPT_RE.test(attempt))) throw new BadInputError('attempt', '"attempt" must be 16-64 letters, digits, - or _.');
    const parsed = typeof refreshToken === 'string' ? parseRefreshToken(refreshToken, this.config.jwtSecret) : null;
    const invalid = () => new UnauthenticatedError('Refresh token is invalid or expired; sign in again.');
    if (!parsed || !isId(parsed.sessionId)) throw invalid();
    const em = ctx.em.fork();
    const session = await em.findOne(Session, { id: parsed.sessionId }, { populate: ['user', 'refreshTokenHash'] });
    if (!session) throw invalid();
    // A ban revokes every session; say why, as login does, so a client can tell its user.
    if (session.user.bannedAt) throw new ForbiddenError('This account is banned.');
    if (session.revokedAt || session.expiresAt <= new Date()) throw invalid();
    const presented = sha256(refreshToken);
    if (!hashesEqual(presented, session.refreshTokenHash)) {
      // Something that merely names the session (its id is readable in any access token) ends nothing.
      if (!parsed.issuedHere) throw invalid();
      // The retry of the rotation that made the current token (its answer was lost): the same token again. Only the
      // holder of the replaced token and the attempt id gets it, and only shortly after that rotation.
      const retried = attempt !== null && !!session.lastUsedAt && Date.now() - session.lastUsedAt.getTime() <= REFRESH_RETRY_MS ? newRefreshToken(session.id, this.config.jwtSecret, { presented: refreshToken, attempt }) : null;
      if (retried && hashesEqual(retried.hash, session.refreshTokenHash)) {
        const access = signAccessToken({ sub: session.user.id, sid: session.id }, this.config.jwtSecret, this.config.accessTokenTtlSeconds);
        ctx.actingUserId = session.user.id;
        return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: retried.token, user: session.user };
      }
      // A rotated-out token came back: someone holds a copy. End the session for everyone holding it.
      await this.revokeSessions(em, [session], SessionEndReason.REFRESH_TOKEN_REUSE);
      this.deps.audit.record(em, { actorId: session.user.id, action: 'TOKEN_REUSE_DETECTED', targetType: 'USER', targetId: session.user.id, ip: ctx.ip });
      await em.flush();
      throw invalid();
    }
    const next = newRefreshToken(session.id, this.config.jwtSecret, attempt !== null ? { presented: refreshToken, attempt } : undefined);
    // Compare-and-swap, so two concurrent refreshes with one token cannot both win.
    const updated = await em.nativeUpdate(Session, { id: session.id, refreshTokenHash: presented, revokedAt: null }, { refreshTokenHash: next.hash, lastUsedAt: new Date() });
    if (updated !== 1) throw invalid();
    const access = signAccessToken({ sub: session.user.id, sid: session.id }, this.config.jwtSecret, this.config.accessTokenTtlSeconds);
    ctx.actingUserId = session.user.id;
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: next.token, user: session.user };
  }

  async logout(ctx: Context): Promise<boolean> {
    const session = ctx.session!;
    const em = ctx.em.fork();
    const s = await em.findOneOrFail(Session, { id: session.id });
    await this.revokeSessions(em, [s], SessionEndReason.LOGOUT);
    this.deps.audit.record(em, { actorId: s.user.id, action: 'LOGOUT', targetType: 'USER', targetId: s.user.id, ip: ctx.ip });
    await em.flush();
    return true;
  }

  /**
   * Revokes sessions (flushes), tells every instance so their sockets for these sessions close, and updates the
   * user's online flag when no live session remains.
   */
  async revokeSessions(em: EntityManager, sessions: Session[], reason: SessionEndReason): Promise<void> {
    const now = new Date();
    const live = sessions.filter((s) => !s.revokedAt);
    for (const s of live) {
      s.revokedAt = now;
      s.revokedReason = reason;
    }
    await em.flush();
    // The sockets hear of it first: the revocation took effect at the commit, and the queries below can wait in a busy
    // pool (the outage soak saw revoked sockets receive messages for seconds while they did).
    for (const s of live) {
      await this.deps.pubsub.publish(topics.user(s.user.id), { type: 'SessionRevoked', userId: s.user.id, sessionId: s.id, reason });
    }
    const userIds = [...new Set(live.map((s) => s.user.id))];
    for (const userId of userIds) {
      const remaining = await em.count(Session, { user: userId, revokedAt: null, expiresAt: { $gt: now } });
      if (remaining === 0) await em.nativeUpdate(User, { id: userId }, { isOnline: false });
    }
  }

  /** Revokes every live session of a user (optionally keeping one). */
  async revokeAllSessions(em: EntityManager, userId: string, reason: SessionEndReason, keepSessionId?: string): Promise<void> {
    const sessions = await em.find(Session, { user: userId, revokedAt: null, ...(keepSessionId ? { id: { $ne: keepSessionId } } : {}) });
    await this.revokeSessions(em, sessions, reason);
  }

  /**
   * Every argon2 verification a signed-in user can trigger (change password, delete account, change email), per
   * account and per IP, like login: one account cannot fill the argon2 queue that everyone's logins wait in.
   */
  async limitPasswordCheck(ctx: Context, userId: string): Promise<void> {
    const { loginPerMinute } = this.config.rateLimits;
    await this.deps.rateLimiter.hitAll([[`pwcheck:user:${userId}`, loginPerMinute], [`pwcheck:ip:${ctx.ip ?? 'unknown'}`, loginPerMinute * 5]], 60);
  }

  async changePassword(ctx: Context, currentPassword: string, newPassword: string): Promise<boolean> {
    validatePassword(newPassword, 'newPassword');
    await this.limitPasswordCheck(ctx, ctx.viewer!.id);
    const em = ctx.em.fork();
    const user = await em.findOneOrFail(User, { id: ctx.viewer!.id }, { populate: ['passwordHash'] });
    if (!(await this.verifyPassword(user.passwordHash, currentPassword ?? ''))) {
      throw new BadInputError('currentPassword', 'Current password is incorrect.');
    }
    user.passwordHash = await this.hashPassword(newPassword);
    this.deps.audit.record(em, { actorId: user.id, action: 'PASSWORD_CHANGED', targetType: 'USER', targetId: user.id, ip: ctx.ip });
    await em.flush();
    await this.revokeAllSessions(em, user.id, SessionEndReason.PASSWORD_CHANGED, ctx.session!.id);
    return true;
  }

  async requestPasswordReset(ctx: Context, rawEmail: string): Promise<boolean> {
    const email = validateEmail(rawEmail);
    await this.deps.rateLimiter.hit(`reset:ip:${ctx.ip ?? 'unknown'}`, this.config.rateLimits.loginPerMinute, 60);
    await this.deps.rateLimiter.hit(`reset:email:${email}`, 5, 3600);
    const em = ctx.em.fork();
    const user = await em.findOne(User, { email });
    if (!user) return true;
    const token = randomToken(32);
    em.create(PasswordReset, { user, tokenHash: sha256(token), expiresAt: new Date(Date.now() + this.config.passwordResetTtlSeconds * 1000) });
    this.deps.audit.record(em, { actorId: user.id, action: 'PASSWORD_RESET_REQUESTED', targetType: 'USER', targetId: user.id, ip: ctx.ip });
    await em.flush();
    await this.deps.mailer.send(
      resetMail({ to: user.email, username: user.username, token, userId: user.id, ttlSeconds: this.config.passwordResetTtlSeconds, appUrl: this.config.mail.appUrl }),
    );
    return true;
  }

  async resetPassword(ctx: Context, token: string, newPassword: string): Promise<boolean> {
    validatePassword(newPassword, 'newPassword');
    const invalid = () => new BadInputError('token', 'This reset link is invalid, expired or already used.');
    if (typeof token !== 'string' || token.length < 16 || token.length > 200) throw invalid();
    await this.deps.rateLimiter.hit(`reset:ip:${ctx.ip ?? 'unknown'}`, this.config.rateLimits.loginPerMinute, 60);
    const em = ctx.em.fork();
    const reset = await em.findOne(PasswordReset, { tokenHash: sha256(token) }, { populate: ['user'] });
    if (!reset || reset.usedAt || reset.expiresAt <= new Date()) throw invalid();
    const passwordHash = await this.hashPassword(newPassword);
    await em.transactional(async (tx) => {
      // Single use even under a race: only the first conditional update claims the token.
      const claimed = await tx.nativeUpdate(PasswordReset, { id: reset.id, usedAt: null }, { usedAt: new Date() });
      if (claimed !== 1) throw invalid();
      await tx.nativeUpdate(User, { id: reset.user.id }, { passwordHash });
      this.deps.audit.record(tx, { actorId: reset.user.id, action: 'PASSWORD_RESET', targetType: 'USER', targetId: reset.user.id, ip: ctx.ip });
    });
    await this.revokeAllSessions(em, reset.user.id, SessionEndReason.PASSWORD_RESET);
    return true;
  }
}
