/** register and login: validation, conflicts, sessions, bans, rehashing; and no secret of theirs in the logs. */
import jwt from 'jsonwebtoken';
import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { code, field, register, startServer, uniqueName, type TestServer } from './harness.js';
import { LOGIN, ME, REFRESH, REGISTER, useAuthFixture } from './auth-helpers.js';

let t: TestServer;
const { track, auditActions, expectNoSecretsInLogs } = useAuthFixture((server) => (t = server));

describe('register', () => {
  it('creates an account, signs it in, and shows the own email', async () => {
    const username = uniqueName('Reg');
    const r = await t.gql(REGISTER, { input: { email: `${username}@Example.com`, username, password: 'hunter2hunter2', displayName: ' Reg ' } });
    expect(r.errors).toBeUndefined();
    const p = r.data.register;
    track({ ...p, password: 'hunter2hunter2' });
    expect(p.user.username).toBe(username);
    expect(p.user.email).toBe(`${username}@example.com`.toLowerCase());
    // Online means a live socket (presence); registering over HTTP is activity: lastSeenAt.
    expect(p.user.isOnline).toBe(false);
    expect(new Date(p.accessTokenExpiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 60 * 1000);
    expect(new Date(p.accessTokenExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(30 * 60 * 1000);
    const claims = jwt.decode(p.accessToken, { complete: true }) as jwt.Jwt;
    expect(claims.header.alg).toBe('HS256');
    expect((claims.payload as jwt.JwtPayload).sid).toEqual(expect.any(String));
    expect(await auditActions(p.user.id)).toContain('USER_REGISTERED');
  });

  it('refuses a duplicate email and a duplicate username (any case), naming which', async () => {
    const u = track(await register(t));
    let r = await t.gql(REGISTER, { input: { email: u.email.toUpperCase(), username: uniqueName(), password: 'password123' } });
    expect(code(r)).toBe('CONFLICT');
    expect(field(r)).toBe('email');
    r = await t.gql(REGISTER, { input: { email: `${uniqueName()}@example.com`, username: u.username.toUpperCase(), password: 'password123' } });
    expect(code(r)).toBe('CONFLICT');
    expect(field(r)).toBe('username');
  });

  it.each([
    ['email', { email: 'not-an-email', username: 'okname', password: 'password123' }],
    ['username', { email: 'x1@example.com', username: 'no spaces!', password: 'password123' }],
    ['username', { email: 'x2@example.com', username: 'ab', password: 'password123' }],
    ['password', { email: 'x3@example.com', username: 'okname3', password: 'short' }],
    ['password', { email: 'x4@example.com', username: 'okname4', password: 'x'.repeat(129) }],
    ['displayName', { email: 'x5@example.com', username: 'okname5', password: 'password123', displayName: 'd'.repeat(65) }],
  ])('rejects a bad %s with BAD_USER_INPUT and writes nothing', async (f, input) => {
    const r = await t.gql(REGISTER, { input });
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(field(r)).toBe(f);
    expect(r.status).toBe(200);
    const login = await t.gql(LOGIN, { input: { email: input.email, password: input.password } });
    expect(code(login)).toBe('UNAUTHENTICATED');
  });

  it('never returns the password hash', async () => {
    const u = track(await register(t));
    const r = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${u.accessToken}` },
      body: JSON.stringify({ query: `{ me { id username email displayName role isOnline lastSeenAt createdAt } }` }),
    });
    const text = await r.text();
    expect(text).toContain(u.username);
    expect(text).not.toMatch(/argon2/);
    const intro = await t.gql(`{ __type(name: "User") { fields { name } } }`);
    const names = intro.data.__type.fields.map((f: { name: string }) => f.name);
    expect(names).not.toContain('passwordHash');
    expect(names).not.toContain('password');
  });
});

describe('login', () => {
  it('signs in by email or by username (case-insensitive) and records it', async () => {
    const u = track(await register(t));
    const byEmail = await t.gql(LOGIN, { input: { email: u.email, password: u.password } });
    expect(byEmail.errors).toBeUndefined();
    expect(byEmail.data.login.user.id).toBe(u.id);
    expect(byEmail.data.login.user.lastSeenAt).toEqual(expect.any(String));
    const byName = await t.gql(LOGIN, { input: { username: u.username.toUpperCase(), password: u.password } });
    expect(byName.data.login.user.id).toBe(u.id);
    track(byEmail.data.login);
    track(byName.data.login);
    expect((await auditActions(u.id)).filter((a) => a === 'LOGIN_SUCCEEDED')).toHaveLength(2);
  });

  it('gives one generic error for a wrong password and an unknown account, and audits the failure', async () => {
    const u = track(await register(t));
    const wrong = await t.gql(LOGIN, { input: { email: u.email, password: 'wrong password' } });
    const unknown = await t.gql(LOGIN, { input: { email: 'nobody@example.com', password: 'wrong password' } });
    expect(code(wrong)).toBe('UNAUTHENTICATED');
    expect(code(unknown)).toBe('UNAUTHENTICATED');
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
    expect(await auditActions(u.id)).toContain('LOGIN_FAILED');
  });

  it('stores the session, marks the user online and audits, all together; a burst of logins all get their own session', async () => {
    const { Session } = await import('../src/modules/auth/session.entity.js');
    const { User } = await import('../src/modules/users/user.entity.js');
    const u = track(await register(t));
    const before = await t.server.app.orm.em.fork().findOneOrFail(User, { id: u.id });
    await new Promise((r) => setTimeout(r, 20));
    const logins = await Promise.all(Array.from({ length: 6 }, () => t.gql(LOGIN, { input: { username: u.username, password: u.password } }, undefined, { 'user-agent': 'burst-test' })));
    for (const l of logins) {
      expect(l.errors).toBeUndefined();
      track(l.data.login);
      // Online comes from live sockets only: a login over HTTP moves lastSeenAt.
      expect(l.data.login.user).toMatchObject({ id: u.id, isOnline: false });
      expect((await t.gql(ME, {}, l.data.login.accessToken)).data.me.id).toBe(u.id);
    }
    const sids = logins.map((l) => JSON.parse(Buffer.from(l.data.login.accessToken.split('.')[1], 'base64url').toString()).sid);
    expect(new Set(sids).size).toBe(6);
    const em = t.server.app.orm.em.fork();
    const sessions = await em.find(Session, { id: { $in: sids } }, { populate: ['refreshTokenHash'] });
    expect(sessions).toHaveLength(6);
    for (const s of sessions) {
      expect(s.user.id).toBe(u.id);
      expect(s.userAgent).toBe('burst-test');
      expect(s.ip).toEqual(expect.any(String));
      expect(s.revokedAt).toBeNull();
      expect(s.expiresAt.getTime() - s.createdAt.getTime()).toBe(t.server.app.config.refreshTokenTtlSeconds * 1000);
      expect(s.refreshTokenHash).toMatch(/^[0-9a-f]{64}$/);
    }
    const after = await em.findOneOrFail(User, { id: u.id });
    expect(after.isOnline).toBe(false);
    expect(after.lastSeenAt!.getTime()).toBeGreaterThan(before.lastSeenAt!.getTime());
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect((await auditActions(u.id)).filter((a) => a === 'LOGIN_SUCCEEDED')).toHaveLength(6);
    // The refresh token of a login works (its hash was stored).
    const refreshed = await t.gql(REFRESH, { t: logins[0].data.login.refreshToken });
    expect(refreshed.errors).toBeUndefined();
    track(refreshed.data.refreshToken);
  });

  it('refuses a banned account with its reason, audits it and opens no session; an unknown account is audited as unknown', async () => {
    const { Session } = await import('../src/modules/auth/session.entity.js');
    const { User } = await import('../src/modules/users/user.entity.js');
    const u = track(await register(t));
    const em = t.server.app.orm.em.fork();
    await em.nativeUpdate(User, { id: u.id }, { bannedAt: new Date(), banReason: 'spam' });
    const sessionsBefore = await em.count(Session, { user: u.id });
    const r = await t.gql(LOGIN, { input: { email: u.email, password: u.password } });
    expect(code(r)).toBe('FORBIDDEN');
    expect(r.errors![0].message).toMatch(/banned: spam/);
    expect(await em.count(Session, { user: u.id })).toBe(sessionsBefore);
    const rows = await em.find(AuditEvent, { targetId: u.id, action: 'LOGIN_FAILED' });
    expect(rows.map((a) => a.metadata)).toEqual([{ banned: true }]);
    const name = uniqueName('ghost');
    await t.gql(LOGIN, { input: { username: name, password: 'whatever it is' } });
    const ghost = await em.find(AuditEvent, { action: 'LOGIN_FAILED', actor: null, targetId: null }, { orderBy: { createdAt: 'desc' }, limit: 1 });
    expect(ghost[0].metadata).toEqual({ identifier: 'username', known: false });
  });

  it('rehashes a password stored with weaker argon2 settings on login', async () => {
    const argon2 = (await import('argon2')).default;
    const { User } = await import('../src/modules/users/user.entity.js');
    const t3 = await startServer({ env: { ARGON2_ITERATIONS: '3' } });
    try {
      const u = await register(t3);
      const em = t3.server.app.orm.em.fork();
      await em.nativeUpdate(User, { id: u.id }, { passwordHash: await argon2.hash(u.password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 }) });
      const stored = async () => (await t3.server.app.orm.em.fork().findOneOrFail(User, { id: u.id }, { populate: ['passwordHash'] })).passwordHash;
      expect(await stored()).toMatch(/t=2/);
      expect((await t3.gql(LOGIN, { input: { email: u.email, password: u.password } })).errors).toBeUndefined();
      expect(await stored()).toMatch(/t=3/);
      expect((await t3.gql(LOGIN, { input: { email: u.email, password: u.password } })).errors).toBeUndefined();
    } finally {
      await t3.stop();
    }
  });

  it('needs exactly one of email and username', async () => {
    const both = await t.gql(LOGIN, { input: { email: 'a@b.co', username: 'abc', password: 'password123' } });
    expect(code(both)).toBe('BAD_USER_INPUT');
    const neither = await t.gql(LOGIN, { input: { password: 'password123' } });
    expect(code(neither)).toBe('BAD_USER_INPUT');
    expect(field(neither)).toBe('email');
  });
});

describe('logs', () => {
  it('never contain passwords, tokens or hashes', () => expectNoSecretsInLogs());
});
