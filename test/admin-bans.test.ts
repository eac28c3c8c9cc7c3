/** banUser and unbanUser: sessions, sockets, audit and who may ban whom. */
import { topics } from '../src/pubsub.js';
import { code, field, register, waitFor, type TestServer, type TestUser } from './harness.js';
import { connect, subscribe, VIEWER_EVENTS } from './realtime-helpers.js';
import { LOGIN, ME, BAN, UNBAN, useAdminFixture } from './admin-helpers.js';

let t: TestServer;
let admin: TestUser;
let mod: TestUser;
let plain: TestUser;

const { cli, auditFor } = useAdminFixture((f) => ({ t, admin, mod, plain } = f));

describe('banUser and unbanUser', () => {
  it('as ADMIN: ends every session, refuses login with the reason, tells sockets to close, and audits', async () => {
    const victim = await register(t, 'victim');
    const second = (
      await t.gql(LOGIN, {
        i: { username: victim.username, password: victim.password },
      })
    ).data.login;
    const heard: any[] = [];
    const unsubscribe = await t.server.app.pubsub.subscribe(topics.user(victim.id), (m) => heard.push(m));
    try {
      const r = await t.gql(BAN, { u: victim.id, why: '  posting spam  ' }, admin.accessToken);
      expect(r.errors).toBeUndefined();
      expect(r.data.banUser).toEqual({
        id: victim.id,
        bannedAt: expect.any(String),
        banReason: 'posting spam',
        isOnline: false,
      });

      for (const token of [victim.accessToken, second.accessToken]) expect(code(await t.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
      const refresh = await t.gql(`mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`, { r: second.refreshToken });
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(code(refresh));
      const login = await t.gql(LOGIN, {
        i: { email: victim.email, password: victim.password },
      });
      expect(code(login)).toBe('FORBIDDEN');
      expect(login.errors![0].message).toMatch(/banned: posting spam/);

      await waitFor(() => heard.some((m) => m.type === 'UserBanned'), 'UserBanned on the user topic');
      expect(heard.filter((m) => m.type === 'SessionRevoked')).toHaveLength(2);
      expect(heard.find((m) => m.type === 'UserBanned')).toEqual({
        type: 'UserBanned',
        userId: victim.id,
      });
    } finally {
      await unsubscribe();
    }
    const events = await auditFor(victim.id, 'USER_BANNED');
    expect(events).toHaveLength(1);
    expect(events[0].actor?.id).toBe(admin.id);
    expect(events[0].metadata).toEqual({ reason: 'posting spam' });
  });

  it("closes the banned user's live sockets (4403) and ends their streams, leaving other users' sockets open", async () => {
    const victim = await register(t, 'livevictim');
    const bystander = await register(t, 'bystander');
    const live = await connect(t, victim.accessToken);
    const other = await connect(t, bystander.accessToken);
    expect([live.ok, other.ok]).toEqual([true, true]);
    const stream = subscribe(live.client, VIEWER_EVENTS);
    expect((await t.gql(BAN, { u: victim.id, why: 'live' }, admin.accessToken)).errors).toBeUndefined();
    await waitFor(() => live.state.closedCode !== undefined, "the banned user's socket to close");
    expect(live.state.closedCode).toBe(4403);
    await waitFor(() => stream.completed, 'the stream to end');
    expect(other.state.closedCode).toBeUndefined();
    // A banned user cannot open a new socket either.
    expect((await connect(t, victim.accessToken)).state.closedCode).toBe(4403);
  });

  it('as MODERATOR: bans and unbans ordinary users, but never an admin or another moderator', async () => {
    const victim = await register(t, 'modvictim');
    const r = await t.gql(BAN, { u: victim.id }, mod.accessToken);
    expect(r.errors).toBeUndefined();
    expect(r.data.banUser.banReason).toBeNull();
    const login = await t.gql(LOGIN, {
      i: { username: victim.username, password: victim.password },
    });
    expect(code(login)).toBe('FORBIDDEN');
    expect(login.errors![0].message).toBe('This account is banned.');

    const un = await t.gql(UNBAN, { u: victim.id }, mod.accessToken);
    expect(un.data.unbanUser).toEqual({
      id: victim.id,
      bannedAt: null,
      banReason: null,
    });
    expect(
      (
        await t.gql(LOGIN, {
          i: { username: victim.username, password: victim.password },
        })
      ).errors,
    ).toBeUndefined();

    const otherMod = await register(t, 'othermod');
    await cli('promote', otherMod.username, '--role', 'MODERATOR');
    for (const target of [admin, otherMod]) {
      const refused = await t.gql(BAN, { u: target.id, why: 'coup' }, mod.accessToken);
      expect(code(refused)).toBe('FORBIDDEN');
      expect((await t.gql(ME, {}, target.accessToken)).errors).toBeUndefined();
    }
    const unbanAdmin = await t.gql(UNBAN, { u: admin.id }, mod.accessToken);
    expect(code(unbanAdmin)).toBe('FORBIDDEN');
  });

  it('lets an ADMIN ban a moderator, and nobody ban themselves', async () => {
    const m2 = await register(t, 'm2');
    await cli('promote', m2.username, '--role', 'MODERATOR');
    expect((await t.gql(BAN, { u: m2.id }, admin.accessToken)).errors).toBeUndefined();
    expect((await t.gql(UNBAN, { u: m2.id }, admin.accessToken)).errors).toBeUndefined();
    for (const who of [admin, mod]) {
      const self = await t.gql(BAN, { u: who.id }, who.accessToken);
      expect(code(self)).toBe('FORBIDDEN');
      expect(self.errors![0].message).toMatch(/yourself/);
      expect((await t.gql(ME, {}, who.accessToken)).errors).toBeUndefined();
    }
  });

  it('is FORBIDDEN for USER and UNAUTHENTICATED for anonymous, on ban and unban', async () => {
    const victim = await register(t, 'safe');
    expect(code(await t.gql(BAN, { u: victim.id }, plain.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(BAN, { u: victim.id }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(UNBAN, { u: victim.id }, plain.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(UNBAN, { u: victim.id }))).toBe('UNAUTHENTICATED');
    expect((await t.gql(ME, {}, victim.accessToken)).errors).toBeUndefined();
    expect(await auditFor(victim.id, 'USER_BANNED')).toHaveLength(0);
  });

  it('validates ids and reasons; re-banning keeps the first time and replaces the reason; unbanning twice changes nothing', async () => {
    let r = await t.gql(BAN, { u: 'nope' }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'userId']);
    r = await t.gql(BAN, { u: '00000000-0000-4000-8000-000000000000' }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['NOT_FOUND', 'userId']);
    const victim = await register(t, 'twice');
    r = await t.gql(BAN, { u: victim.id, why: 'x'.repeat(501) }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'reason']);
    expect((await t.gql(ME, {}, victim.accessToken)).errors).toBeUndefined();

    const first = (await t.gql(BAN, { u: victim.id, why: 'one' }, admin.accessToken)).data.banUser;
    const again = (await t.gql(BAN, { u: victim.id, why: 'two' }, mod.accessToken)).data.banUser;
    expect(again.bannedAt).toBe(first.bannedAt);
    expect(again.banReason).toBe('two');
    expect((await auditFor(victim.id, 'USER_BANNED')).map((e) => e.metadata)).toEqual([
      { reason: 'one' },
      { reason: 'two', alreadyBanned: true },
    ]);

    expect((await t.gql(UNBAN, { u: victim.id }, admin.accessToken)).data.unbanUser.bannedAt).toBeNull();
    expect((await t.gql(UNBAN, { u: victim.id }, admin.accessToken)).data.unbanUser.bannedAt).toBeNull();
    const unbans = await auditFor(victim.id, 'USER_UNBANNED');
    expect(unbans.map((e) => e.metadata)).toEqual([{ previousReason: 'two' }]);
  });
});
