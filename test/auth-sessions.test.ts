/** What keeps a sign-in alive or ends it: access tokens, the sessions behind them, refresh rotation, logout, lastSeenAt. */
import jwt from 'jsonwebtoken';
import { SessionEndReason } from '../src/modules/auth/session-end-reason.js';
import { code, register, type TestServer } from './harness.js';
import { LOGIN, ME, REFRESH, useAuthFixture } from './auth-helpers.js';

let t: TestServer;
const { track, auditActions, expectNoSecretsInLogs } = useAuthFixture((server) => (t = server));

describe('access tokens', () => {
  it('authenticates me and refuses anonymous, tampered, foreign, expired and alg:none tokens', async () => {
    const u = track(await register(t));
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
    const u = track(await register(t));
    const other = track(await register(t));
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
    const u = track(await register(t));
    const r1 = await t.gql(REFRESH, { t: u.refreshToken });
    expect(r1.errors).toBeUndefined();
    const second = track(r1.data.refreshToken);
    expect(second.refreshToken).not.toBe(u.refreshToken);
    expect((await t.gql(ME, {}, second.accessToken)).data.me.id).toBe(u.id);

    const reuse = await t.gql(REFRESH, { t: u.refreshToken });
    expect(code(reuse)).toBe('UNAUTHENTICATED');
    // The thief's copy and the legitimate newest token are both dead now.
    expect(code(await t.gql(REFRESH, { t: second.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(ME, {}, second.accessToken))).toBe('UNAUTHENTICATED');
    expect(await auditActions(u.id)).toContain('TOKEN_REUSE_DETECTED');
  });

  it('gives the retry of a refresh whose answer was lost (same token, same attempt) the same rotation; any other reuse still ends the session', async () => {
    const REFRESH_ATTEMPT = `mutation($t: String!, $a: String) { refreshToken(refreshToken: $t, attempt: $a) { accessToken refreshToken accessTokenExpiresAt user { id } } }`;
    const u = track(await register(t));
    const attempt = 'attempt-0123456789abcdef';
    const first = await t.gql(REFRESH_ATTEMPT, { t: u.refreshToken, a: attempt });
    expect(first.errors).toBeUndefined();
    // The answer never reached the client (a reload, a dropped connection): it sends the same refresh again.
    const retry = await t.gql(REFRESH_ATTEMPT, { t: u.refreshToken, a: attempt });
    expect(retry.errors).toBeUndefined();
    expect(retry.data.refreshToken.refreshToken).toBe(first.data.refreshToken.refreshToken);
    expect((await t.gql(ME, {}, retry.data.refreshToken.accessToken)).data.me.id).toBe(u.id);
    // The session carries on from the rotation's token.
    const next = await t.gql(REFRESH_ATTEMPT, { t: retry.data.refreshToken.refreshToken, a: 'attempt-fedcba9876543210' });
    expect(next.errors).toBeUndefined();
    track(next.data.refreshToken);

    // The replaced token with another attempt, or with none, is reuse: the session ends.
    const v = track(await register(t));
    const rotated = await t.gql(REFRESH_ATTEMPT, { t: v.refreshToken, a: attempt });
    expect(rotated.errors).toBeUndefined();
    expect(code(await t.gql(REFRESH_ATTEMPT, { t: v.refreshToken, a: 'another-attempt-0123456' }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(ME, {}, rotated.data.refreshToken.accessToken))).toBe('UNAUTHENTICATED');
    expect(await auditActions(v.id)).toContain('TOKEN_REUSE_DETECTED');

    // A malformed attempt is bad input naming the field, and nothing rotates.
    const w = track(await register(t));
    const bad = await t.gql(REFRESH_ATTEMPT, { t: w.refreshToken, a: 'short' });
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('attempt');
    expect((await t.gql(REFRESH, { t: w.refreshToken })).errors).toBeUndefined();
  });

  it('tells a banned account why its refresh is refused, even though the ban revoked the session', async () => {
    const u = track(await register(t));
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
    const u = track(await register(t));
    const other = await t.gql(LOGIN, { input: { email: u.email, password: u.password } });
    const second = track(other.data.login);

    expect((await t.gql(`mutation { logout }`, {}, u.accessToken)).data.logout).toBe(true);
    expect(code(await t.gql(ME, {}, u.accessToken))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(REFRESH, { t: u.refreshToken }))).toBe('UNAUTHENTICATED');
    // The second session still works (online or not is for sockets to say).
    expect((await t.gql(ME, {}, second.accessToken)).data.me.isOnline).toBe(false);

    await t.gql(`mutation { logout }`, {}, second.accessToken);
    const watcher = track(await register(t));
    const seen = await t.gql(`query($id: ID!) { user(id: $id) { isOnline } }`, { id: u.id }, watcher.accessToken);
    expect(seen.data.user.isOnline).toBe(false);
    expect(await auditActions(u.id)).toContain('LOGOUT');
  });

  it('is refused anonymously', async () => {
    expect(code(await t.gql(`mutation { logout }`))).toBe('UNAUTHENTICATED');
  });
});

describe('lastSeenAt', () => {
  it('moves forward on an authenticated request, at most once a minute', async () => {
    const u = track(await register(t));
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
  it('never contain passwords, tokens or hashes', () => expectNoSecretsInLogs());
});
