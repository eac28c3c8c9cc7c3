import { SessionEndReason } from '../src/modules/auth/session-end-reason.js';
import jwt from 'jsonwebtoken';
import { PasswordReset } from '../src/modules/auth/password-reset.entity.js';
import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { AUTH_FIELDS, code, field, register, startServer, uniqueName, type TestServer } from './harness.js';

let t: TestServer;
const secrets: string[] = [];

beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { ${AUTH_FIELDS} } }`;
const ME = `{ me { id username email isOnline lastSeenAt } }`;

async function auditActions(userId: string): Promise<string[]> {
  const rows = await t.server.app.orm.em.fork().find(AuditEvent, { targetId: userId }, { orderBy: { createdAt: 'asc' } });
  return rows.map((r) => r.action);
}

function track<T extends { accessToken: string; refreshToken: string; password?: string }>(u: T): T {
  secrets.push(u.accessToken, u.refreshToken);
  if (u.password) secrets.push(u.password);
  return u;
}

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
    const u = await register(t);
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
    const u = await register(t);
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
    const u = await register(t);
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

describe('access tokens', () => {
  it('authenticates me and refuses anonymous, tampered, foreign, expired and alg:none tokens', async () => {
    const u = await register(t);
    const ok = await t.gql(ME, {}, u.accessToken);
    expect(ok.data.me.id).toBe(u.id);

    expect(code(await t.gql(ME))).toBe('UNAUTHENTICATED');

    const [h, p, s] = u.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    expect(code(await t.gql(ME, {}, `${h}.${forged}.${s}`))).toBe('UNAUTHENTICATED');

    const foreign = jwt.sign({ sid: payload.sid, typ: 'access' }, 'another-secret-another-secret-123', { algorithm: 'HS256', subject: u.id, issuer: 'parley', expiresIn: 60 });
    expect(code(await t.gql(ME, {}, foreign))).toBe('UNAUTHENTICATED');

    const expired = jwt.sign({ sid: payload.sid, typ: 'access', exp: Math.floor(Date.now() / 1000) - 10 }, t.env.JWT_SECRET, { algorithm: 'HS256', subject: u.id, issuer: 'parley' });
    const exp = await t.gql(ME, {}, expired);
    expect(code(exp)).toBe('UNAUTHENTICATED');
    expect(exp.errors![0].message).toMatch(/expired/i);

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    expect(code(await t.gql(ME, {}, none))).toBe('UNAUTHENTICATED');

    expect(code(await t.gql(ME, {}, undefined, { authorization: 'Basic abc' }))).toBe('UNAUTHENTICATED');
  });
});

describe('sessions behind access tokens', () => {
  it('refuse a token whose session has expired or was revoked, and a token naming another user', async () => {
    const { Session } = await import('../src/modules/auth/session.entity.js');
    const u = await register(t);
    const other = await register(t);
    const payload = JSON.parse(Buffer.from(u.accessToken.split('.')[1], 'base64url').toString());
    const ok = await t.gql(ME, {}, u.accessToken);
    expect(ok.data.me).toMatchObject({ id: u.id, username: u.username, email: u.email });
    // The session id with someone else's user id: no such session.
    const swapped = jwt.sign({ sid: payload.sid, typ: 'access' }, t.env.JWT_SECRET, { algorithm: 'HS256', subject: other.id, issuer: 'parley', expiresIn: 60 });
    expect((await t.gql(ME, {}, swapped)).errors![0].message).toMatch(/session has ended/i);
    const em = t.server.app.orm.em.fork();
    await em.nativeUpdate(Session, { id: payload.sid }, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await t.gql(ME, {}, u.accessToken);
    expect(code(expired)).toBe('UNAUTHENTICATED');
    expect(expired.errors![0].message).toMatch(/session has ended/i);
    await em.nativeUpdate(Session, { id: payload.sid }, { expiresAt: new Date(Date.now() + 60_000), revokedAt: new Date() });
    expect(code(await t.gql(ME, {}, u.accessToken))).toBe('UNAUTHENTICATED');
    await em.nativeUpdate(Session, { id: payload.sid }, { revokedAt: null });
    expect((await t.gql(ME, {}, u.accessToken)).data.me.id).toBe(u.id);
  });
});

describe('refresh tokens', () => {
  it('rotates, and a reused refresh token ends the whole session', async () => {
    const u = await register(t);
    const r1 = await t.gql(REFRESH, { t: u.refreshToken });
    expect(r1.errors).toBeUndefined();
    const second = r1.data.refreshToken;
    expect(second.refreshToken).not.toBe(u.refreshToken);
    expect((await t.gql(ME, {}, second.accessToken)).data.me.id).toBe(u.id);

    const reuse = await t.gql(REFRESH, { t: u.refreshToken });
    expect(code(reuse)).toBe('UNAUTHENTICATED');
    // The thief's copy and the legitimate newest token are both dead now.
    expect(code(await t.gql(REFRESH, { t: second.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(ME, {}, second.accessToken))).toBe('UNAUTHENTICATED');
    expect(await auditActions(u.id)).toContain('TOKEN_REUSE_DETECTED');
  });

  it('tells a banned account why its refresh is refused, even though the ban revoked the session', async () => {
    const u = await register(t);
    const { User } = await import('../src/modules/users/user.entity.js');
    const em = t.server.app.orm.em.fork();
    await em.nativeUpdate(User, { id: u.id }, { bannedAt: new Date() });
    await t.server.app.services.auth.revokeAllSessions(em, u.id, SessionEndReason.BANNED);
    const r = await t.gql(REFRESH, { t: u.refreshToken });
    expect(code(r)).toBe('FORBIDDEN');
    expect(r.errors![0].message).toMatch(/banned/);
  });

  it('refuses garbage', async () => {
    for (const bad of ['', 'garbage', 'not-a-uuid.secret', '00000000-0000-4000-8000-000000000000.secret']) {
      expect(code(await t.gql(REFRESH, { t: bad }))).toBe('UNAUTHENTICATED');
    }
  });
});

describe('logout', () => {
  it('kills the access token at once and marks the user offline when no session is left', async () => {
    const u = await register(t);
    const other = await t.gql(LOGIN, { input: { email: u.email, password: u.password } });
    const second = other.data.login;

    expect((await t.gql(`mutation { logout }`, {}, u.accessToken)).data.logout).toBe(true);
    expect(code(await t.gql(ME, {}, u.accessToken))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(REFRESH, { t: u.refreshToken }))).toBe('UNAUTHENTICATED');
    // The second session still works (online or not is for sockets to say).
    expect((await t.gql(ME, {}, second.accessToken)).data.me.isOnline).toBe(false);

    await t.gql(`mutation { logout }`, {}, second.accessToken);
    const watcher = await register(t);
    const seen = await t.gql(`query($id: ID!) { user(id: $id) { isOnline } }`, { id: u.id }, watcher.accessToken);
    expect(seen.data.user.isOnline).toBe(false);
    expect(await auditActions(u.id)).toContain('LOGOUT');
  });

  it('is refused anonymously', async () => {
    expect(code(await t.gql(`mutation { logout }`))).toBe('UNAUTHENTICATED');
  });
});

describe('profile and users', () => {
  it('updates the profile and refuses a taken username', async () => {
    const u = await register(t);
    const other = await register(t);
    const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id username displayName email } }`;
    const ok = await t.gql(UPDATE, { input: { displayName: 'New Name' } }, u.accessToken);
    expect(ok.data.updateProfile.displayName).toBe('New Name');
    const taken = await t.gql(UPDATE, { input: { username: other.username.toUpperCase() } }, u.accessToken);
    expect(code(taken)).toBe('CONFLICT');
    expect(field(taken)).toBe('username');
    const bad = await t.gql(UPDATE, { input: { email: 'nope' } }, u.accessToken);
    expect(field(bad)).toBe('email');
    expect(code(await t.gql(UPDATE, { input: { displayName: 'x' } }))).toBe('UNAUTHENTICATED');
  });

  it('finds users, pages through them, and hides other people\'s email', async () => {
    const tag = uniqueName('pg');
    const made = [];
    for (let i = 0; i < 5; i++) {
      const username = `${tag}_${i}`;
      const r = await t.gql(REGISTER, { input: { email: `${username}@example.com`, username, password: 'password123' } });
      made.push(r.data.register);
    }
    const viewer = made[0];
    const USERS = `query($s: String, $f: Int, $a: String) { users(search: $s, first: $f, after: $a) { totalCount edges { cursor node { id username email } } pageInfo { hasNextPage endCursor } } }`;
    const p1 = await t.gql(USERS, { s: tag.toUpperCase(), f: 3 }, viewer.accessToken);
    expect(p1.data.users.totalCount).toBe(5);
    expect(p1.data.users.edges).toHaveLength(3);
    expect(p1.data.users.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.gql(USERS, { s: tag, f: 3, a: p1.data.users.pageInfo.endCursor }, viewer.accessToken);
    expect(p2.data.users.edges).toHaveLength(2);
    expect(p2.data.users.pageInfo.hasNextPage).toBe(false);
    const names = [...p1.data.users.edges, ...p2.data.users.edges].map((e: any) => e.node.username);
    expect(names).toEqual(made.map((m) => m.user.username));
    const emails = [...p1.data.users.edges, ...p2.data.users.edges].map((e: any) => e.node.email);
    expect(emails.filter(Boolean)).toEqual([viewer.user.email]);

    expect(code(await t.gql(USERS, { f: 101 }, viewer.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(USERS, { a: '!!!' }, viewer.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(USERS, {}))).toBe('UNAUTHENTICATED');

    const one = await t.gql(`query($id: ID!) { user(id: $id) { username email } }`, { id: made[1].user.id }, viewer.accessToken);
    expect(one.data.user).toEqual({ username: made[1].user.username, email: null });
    const missing = await t.gql(`query($id: ID!) { user(id: $id) { username } }`, { id: '00000000-0000-4000-8000-000000000000' }, viewer.accessToken);
    expect(missing.data.user).toBeNull();
    const malformed = await t.gql(`query($id: ID!) { user(id: $id) { username } }`, { id: 'nope' }, viewer.accessToken);
    expect(code(malformed)).toBe('BAD_USER_INPUT');
    expect(field(malformed)).toBe('id');
  });
});

describe('passwords', () => {
  it('changes the password, ends the other sessions, and keeps this one', async () => {
    const u = await register(t);
    const other = (await t.gql(LOGIN, { input: { email: u.email, password: u.password } })).data.login;
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
    const wrong = await t.gql(CHANGE, { c: 'not it at all', n: 'brand new password' }, u.accessToken);
    expect(field(wrong)).toBe('currentPassword');
    const short = await t.gql(CHANGE, { c: u.password, n: 'short' }, u.accessToken);
    expect(field(short)).toBe('newPassword');
    expect((await t.gql(CHANGE, { c: u.password, n: 'brand new password' }, u.accessToken)).data.changePassword).toBe(true);
    expect((await t.gql(ME, {}, u.accessToken)).data.me.id).toBe(u.id);
    expect(code(await t.gql(ME, {}, other.accessToken))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(LOGIN, { input: { email: u.email, password: u.password } }))).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOGIN, { input: { email: u.email, password: 'brand new password' } })).data.login.user.id).toBe(u.id);
    expect(await auditActions(u.id)).toContain('PASSWORD_CHANGED');
    secrets.push('brand new password');
  });

  it('resets a password with a single-use emailed token, ending every session', async () => {
    const u = await register(t);
    const before = t.mailer.outbox.length;
    const REQ = `mutation($e: String!) { requestPasswordReset(email: $e) }`;
    expect((await t.gql(REQ, { e: 'nobody-here@example.com' })).data.requestPasswordReset).toBe(true);
    expect(t.mailer.outbox.length).toBe(before);
    expect((await t.gql(REQ, { e: u.email.toUpperCase() })).data.requestPasswordReset).toBe(true);
    const mail = t.mailer.outbox[t.mailer.outbox.length - 1];
    expect(mail.to).toBe(u.email);
    const token = mail.data!.token;
    secrets.push(token);
    expect(mail.text).toContain(token);

    const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;
    expect(field(await t.gql(RESET, { t: token, p: 'short' }))).toBe('newPassword');
    expect(field(await t.gql(RESET, { t: 'x'.repeat(43), p: 'reset password 1' }))).toBe('token');
    expect((await t.gql(RESET, { t: token, p: 'reset password 1' })).data.resetPassword).toBe(true);
    expect(code(await t.gql(ME, {}, u.accessToken))).toBe('UNAUTHENTICATED');
    const reuse = await t.gql(RESET, { t: token, p: 'reset password 2' });
    expect(code(reuse)).toBe('BAD_USER_INPUT');
    expect(field(reuse)).toBe('token');
    expect((await t.gql(LOGIN, { input: { email: u.email, password: 'reset password 1' } })).data.login.user.id).toBe(u.id);
    expect(await auditActions(u.id)).toEqual(expect.arrayContaining(['PASSWORD_RESET_REQUESTED', 'PASSWORD_RESET']));
    secrets.push('reset password 1');
  });

  it('refuses an expired reset token', async () => {
    const u = await register(t);
    await t.gql(`mutation($e: String!) { requestPasswordReset(email: $e) }`, { e: u.email });
    const token = t.mailer.outbox[t.mailer.outbox.length - 1].data!.token;
    await t.server.app.orm.em.fork().nativeUpdate(PasswordReset, { user: u.id }, { expiresAt: new Date(Date.now() - 1000) });
    const r = await t.gql(`mutation($t: String!) { resetPassword(token: $t, newPassword: "whatever123") }`, { t: token });
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(field(r)).toBe('token');
  });
});

describe('deleteAccount', () => {
  it('needs the password, then ends sessions and removes the account', async () => {
    const u = await register(t);
    const DEL = `mutation($p: String!) { deleteAccount(password: $p) }`;
    expect(field(await t.gql(DEL, { p: 'wrong password' }, u.accessToken))).toBe('password');
    expect(code(await t.gql(DEL, { p: u.password }))).toBe('UNAUTHENTICATED');
    expect((await t.gql(DEL, { p: u.password }, u.accessToken)).data.deleteAccount).toBe(true);
    expect(code(await t.gql(ME, {}, u.accessToken))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(LOGIN, { input: { email: u.email, password: u.password } }))).toBe('UNAUTHENTICATED');
    const again = await t.gql(REGISTER, { input: { email: u.email, username: u.username, password: 'password123' } });
    expect(again.errors).toBeUndefined();
  });
});

describe('lastSeenAt', () => {
  it('moves forward on an authenticated request, at most once a minute', async () => {
    const u = await register(t);
    const { User } = await import('../src/modules/users/user.entity.js');
    const old = new Date(Date.now() - 5 * 60 * 1000);
    await t.server.app.orm.em.fork().nativeUpdate(User, { id: u.id }, { lastSeenAt: old });
    const first = (await t.gql(ME, {}, u.accessToken)).data.me.lastSeenAt;
    expect(new Date(first).getTime()).toBeGreaterThan(old.getTime() + 60_000);
    const second = (await t.gql(ME, {}, u.accessToken)).data.me.lastSeenAt;
    expect(second).toBe(first);
  });
});

describe('logs', () => {
  it('never contain passwords, tokens or hashes', () => {
    const all = t.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThan(10);
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).not.toMatch(/\$argon2id\$/);
  });
});
