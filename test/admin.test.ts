/** Admin views: adminUsers, setUserRole and auditEvents, as ADMIN, MODERATOR, USER and anonymous. */
import { loadConfig } from '../src/config.js';
import { runAdminCli } from '../src/modules/admin/admin.cli.js';
import { Role, User } from '../src/modules/users/user.entity.js';
import { topics } from '../src/pubsub.js';
import { backend, code, field, register, startServer, uniqueName, waitFor, type TestServer, type TestUser } from './harness.js';
import { connect, subscribe } from './realtime-helpers.js';
import { LOGIN, ME, ADMIN_USERS, AUDIT, SET_ROLE, BAN, UNBAN, useAdminFixture } from './admin-helpers.js';

let t: TestServer;
let admin: TestUser;
let mod: TestUser;
let plain: TestUser;

const { cli, auditFor } = useAdminFixture((f) => ({ t, admin, mod, plain } = f));

describe('adminUsers', () => {
  it('is for ADMIN and MODERATOR: FORBIDDEN for users, UNAUTHENTICATED for anonymous', async () => {
    for (const who of [admin, mod]) {
      const r = await t.gql(ADMIN_USERS, { first: 5 }, who.accessToken);
      expect(r.errors).toBeUndefined();
      expect(r.data.adminUsers.totalCount).toBeGreaterThanOrEqual(3);
    }
    expect(code(await t.gql(ADMIN_USERS, {}, plain.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(ADMIN_USERS, {}))).toBe('UNAUTHENTICATED');
  });

  it('pages newest first with keyset cursors and a totalCount of every match, showing email to staff', async () => {
    const tag = uniqueName('page');
    const made: TestUser[] = [];
    for (let i = 0; i < 5; i++) made.push(await register(t, `${tag}_`));
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const r: any = await t.gql(ADMIN_USERS, { f: { search: tag }, first: 2, after }, admin.accessToken);
      expect(r.errors).toBeUndefined();
      expect(r.data.adminUsers.totalCount).toBe(5);
      expect(r.data.adminUsers.pageInfo.hasPreviousPage).toBe(page > 0);
      seen.push(...r.data.adminUsers.edges.map((e: any) => e.node.username));
      for (const e of r.data.adminUsers.edges) expect(e.node.email).toBe(`${e.node.username}@example.com`);
      after = r.data.adminUsers.pageInfo.endCursor;
      expect(r.data.adminUsers.pageInfo.hasNextPage).toBe(page < 2);
    }
    expect(seen).toEqual(made.map((u) => u.username).reverse());
  });

  it('neither skips nor repeats rows that share a creation time', async () => {
    const tag = uniqueName('tie');
    const made: TestUser[] = [];
    for (let i = 0; i < 4; i++) made.push(await register(t, `${tag}_`));
    const em = t.server.app.orm.em.fork();
    await em.nativeUpdate(User, { id: { $in: made.map((u) => u.id) } }, { createdAt: new Date('2026-01-01T00:00:00.000Z') });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: any = await t.gql(ADMIN_USERS, { f: { search: tag }, first: 1, after }, mod.accessToken);
      seen.push(...r.data.adminUsers.edges.map((e: any) => e.node.id));
      if (!r.data.adminUsers.pageInfo.hasNextPage) break;
      after = r.data.adminUsers.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen)).toEqual(new Set(made.map((u) => u.id)));
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('filters by search (username, display name, email), role, isOnline, banned and creation time, combined', async () => {
    const tag = uniqueName('flt');
    const a = await register(t, `${tag}_a`);
    const b = await register(t, `${tag}_b`);
    const c = await register(t, `${tag}_c`);
    const d = await register(t, `${tag}_d`);
    await t.gql(
      `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }`,
      { i: { displayName: `Zed ${tag}` } },
      d.accessToken,
    );
    expect((await cli('promote', b.username, '--role', 'MODERATOR')).exit).toBe(0);
    await t.gql(`mutation { logout }`, {}, c.accessToken);
    expect((await t.gql(BAN, { u: d.id, why: 'spam' }, admin.accessToken)).errors).toBeUndefined();

    // Online means a live socket.
    await connect(t, a.accessToken);
    await connect(t, b.accessToken);
    const names = async (f: Record<string, unknown>) => {
      const r = await t.gql(ADMIN_USERS, { f, first: 100 }, admin.accessToken);
      expect(r.errors).toBeUndefined();
      expect(r.data.adminUsers.totalCount).toBe(r.data.adminUsers.edges.length);
      return r.data.adminUsers.edges.map((e: any) => e.node.username).sort();
    };
    expect(await names({ search: tag.toUpperCase() })).toEqual([a, b, c, d].map((u) => u.username).sort());
    expect(await names({ search: `${a.username}@EXAMPLE` })).toEqual([a.username]);
    expect(await names({ search: `zed ${tag}` })).toEqual([d.username]);
    expect(await names({ search: tag, role: 'MODERATOR' })).toEqual([b.username]);
    expect(await names({ search: tag, role: 'USER' })).toEqual([a, c, d].map((u) => u.username).sort());
    expect(await names({ search: tag, isOnline: false })).toEqual([c, d].map((u) => u.username).sort());
    await waitFor(async () => (await names({ search: tag, isOnline: true })).length === 2, 'a and b online');
    expect(await names({ search: tag, isOnline: true })).toEqual([a, b].map((u) => u.username).sort());
    expect(await names({ search: tag, banned: true })).toEqual([d.username]);
    expect(await names({ search: tag, banned: false })).toEqual([a, b, c].map((u) => u.username).sort());
    expect(await names({ search: tag, banned: false, isOnline: true, role: 'USER' })).toEqual([a.username]);

    const em = t.server.app.orm.em.fork();
    const rows = await em.find(User, { id: { $in: [a.id, b.id, c.id, d.id] } });
    const at = (id: string) => rows.find((r) => r.id === id)!.createdAt.toISOString();
    expect(await names({ search: tag, createdAfter: at(b.id) })).toEqual([c, d].map((u) => u.username).sort());
    expect(await names({ search: tag, createdBefore: at(c.id) })).toEqual([a, b].map((u) => u.username).sort());
    expect(
      await names({
        search: tag,
        createdAfter: at(a.id),
        createdBefore: at(d.id),
      }),
    ).toEqual([b, c].map((u) => u.username).sort());
    expect(await names({ search: `${tag}%` })).toEqual(backend.database === 'postgresql' ? [] : expect.any(Array));
  });

  it('refuses bad page sizes, cursors and search terms with BAD_USER_INPUT naming the argument', async () => {
    let r = await t.gql(ADMIN_USERS, { first: 101 }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'first']);
    r = await t.gql(ADMIN_USERS, { after: 'garbage' }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'after']);
    r = await t.gql(ADMIN_USERS, { after: Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url') }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'after']);
    r = await t.gql(ADMIN_USERS, { f: { search: 'x'.repeat(101) } }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'filter.search']);
    r = await t.gql(ADMIN_USERS, { f: { role: 'OWNER' } }, admin.accessToken);
    expect(code(r)).toBe('BAD_USER_INPUT');
  });

  it('shows bannedAt and banReason to staff only, and null to everyone else', async () => {
    const victim = await register(t, 'shown');
    await t.gql(BAN, { u: victim.id, why: 'flooding' }, mod.accessToken);
    const Q = `query($id: ID!) { user(id: $id) { bannedAt banReason } }`;
    const asAdmin = await t.gql(Q, { id: victim.id }, admin.accessToken);
    expect(asAdmin.data.user).toEqual({
      bannedAt: expect.any(String),
      banReason: 'flooding',
    });
    expect((await t.gql(Q, { id: victim.id }, mod.accessToken)).data.user.banReason).toBe('flooding');
    expect((await t.gql(Q, { id: victim.id }, plain.accessToken)).data.user).toEqual({ bannedAt: null, banReason: null });
  });
});

describe('setUserRole', () => {
  it('lets an ADMIN change roles and records USER_ROLE_CHANGED; a same-role call changes nothing', async () => {
    const u = await register(t, 'role');
    const heard: any[] = [];
    const unsubscribe = await t.server.app.pubsub.subscribe(topics.user(u.id), (m) => heard.push(m));
    const r = await t.gql(SET_ROLE, { u: u.id, r: 'MODERATOR' }, admin.accessToken);
    expect(r.errors).toBeUndefined();
    await waitFor(() => heard.length > 0, 'UserRoleChanged on the user topic');
    expect(heard).toEqual([{ type: 'UserRoleChanged', userId: u.id, role: 'MODERATOR' }]);
    await unsubscribe();
    expect(r.data.setUserRole).toEqual({ id: u.id, role: 'MODERATOR' });
    expect((await t.gql(ME, {}, u.accessToken)).data.me.role).toBe('MODERATOR');
    expect((await t.gql(ADMIN_USERS, { first: 1 }, u.accessToken)).errors).toBeUndefined();
    expect((await t.gql(SET_ROLE, { u: u.id, r: 'MODERATOR' }, admin.accessToken)).data.setUserRole.role).toBe('MODERATOR');
    expect((await t.gql(SET_ROLE, { u: u.id, r: 'USER' }, admin.accessToken)).data.setUserRole.role).toBe('USER');
    const events = await auditFor(u.id, 'USER_ROLE_CHANGED');
    expect(events.map((e) => [e.actor?.id, e.metadata])).toEqual([
      [admin.id, { from: 'USER', to: 'MODERATOR', via: 'api' }],
      [admin.id, { from: 'MODERATOR', to: 'USER', via: 'api' }],
    ]);
    expect(code(await t.gql(ADMIN_USERS, { first: 1 }, u.accessToken))).toBe('FORBIDDEN');
  });

  it('is FORBIDDEN for MODERATOR and USER, UNAUTHENTICATED for anonymous', async () => {
    const u = await register(t, 'role');
    for (const who of [mod, plain]) {
      const r = await t.gql(SET_ROLE, { u: u.id, r: 'ADMIN' }, who.accessToken);
      expect(code(r)).toBe('FORBIDDEN');
    }
    expect(code(await t.gql(SET_ROLE, { u: u.id, r: 'ADMIN' }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(SET_ROLE, { u: plain.id, r: 'ADMIN' }, plain.accessToken))).toBe('FORBIDDEN');
    expect((await t.gql(ME, {}, u.accessToken)).data.me.role).toBe('USER');
    expect(await auditFor(u.id, 'USER_ROLE_CHANGED')).toHaveLength(0);
  });

  it('answers unknown and malformed ids with NOT_FOUND and BAD_USER_INPUT', async () => {
    let r = await t.gql(SET_ROLE, { u: '00000000-0000-4000-8000-000000000000', r: 'ADMIN' }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['NOT_FOUND', 'userId']);
    r = await t.gql(SET_ROLE, { u: 'nope', r: 'ADMIN' }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'userId']);
  });

  it('never demotes the last admin, even when two admins demote each other at once', async () => {
    const s = await startServer();
    try {
      const a = await register(s, 'solo');
      const b = await register(s, 'duo');
      const run = (...args: string[]) => runAdminCli(args, loadConfig(s.env), { out: () => {}, err: () => {} });
      await run('promote', a.username);
      const self = await s.gql(SET_ROLE, { u: a.id, r: 'USER' }, a.accessToken);
      expect(code(self)).toBe('FORBIDDEN');
      expect(self.errors![0].message).toMatch(/last admin/);

      await run('promote', b.username);
      const [ra, rb] = await Promise.all([
        s.gql(SET_ROLE, { u: b.id, r: 'USER' }, a.accessToken),
        s.gql(SET_ROLE, { u: a.id, r: 'USER' }, b.accessToken),
      ]);
      const admins = await s.server.app.orm.em.fork().count(User, { role: Role.ADMIN });
      expect(admins).toBe(1);
      expect([ra, rb].filter((r) => !r.errors)).toHaveLength(1);
      const failed = [ra, rb].find((r) => r.errors)!;
      // The loser either lost its admin role mid-flight or hit the last-admin rule: FORBIDDEN either way.
      expect(code(failed)).toBe('FORBIDDEN');
    } finally {
      await s.stop();
    }
  });
});

describe('auditEvents', () => {
  it('is for ADMIN and MODERATOR: FORBIDDEN for users, UNAUTHENTICATED for anonymous', async () => {
    for (const who of [admin, mod]) expect((await t.gql(AUDIT, { first: 3 }, who.accessToken)).errors).toBeUndefined();
    expect(code(await t.gql(AUDIT, {}, plain.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(AUDIT, {}))).toBe('UNAUTHENTICATED');
  });

  it('filters by actions, actor, target and time, combined, newest first, with actor, target and metadata', async () => {
    const victim = await register(t, 'aud');
    const before = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await t.gql(BAN, { u: victim.id, why: 'audit me' }, mod.accessToken);
    await t.gql(UNBAN, { u: victim.id }, admin.accessToken);
    await new Promise((r) => setTimeout(r, 5));
    const after = new Date();

    const run = async (f: Record<string, unknown>, first = 50) => {
      const r = await t.gql(AUDIT, { f, first }, admin.accessToken);
      expect(r.errors).toBeUndefined();
      return r.data.auditEvents;
    };
    let page = await run({ targetId: victim.id });
    expect(page.edges.map((e: any) => e.node.action)).toEqual(['USER_UNBANNED', 'USER_BANNED', 'USER_REGISTERED']);
    expect(page.totalCount).toBe(3);
    const ban = page.edges[1].node;
    expect(ban).toMatchObject({
      targetType: 'USER',
      targetId: victim.id,
      metadata: { reason: 'audit me' },
      actor: { id: mod.id, username: mod.username },
      target: { __typename: 'User', id: victim.id, username: victim.username },
    });

    page = await run({
      targetId: victim.id,
      actions: ['USER_BANNED', 'USER_UNBANNED'],
    });
    expect(page.edges.map((e: any) => e.node.action)).toEqual(['USER_UNBANNED', 'USER_BANNED']);
    page = await run({ targetId: victim.id, actorId: admin.id });
    expect(page.edges.map((e: any) => e.node.action)).toEqual(['USER_UNBANNED']);
    page = await run({
      actorId: mod.id,
      actions: ['USER_BANNED'],
      since: before.toISOString(),
      until: after.toISOString(),
    });
    expect(page.edges.map((e: any) => e.node.targetId)).toEqual([victim.id]);
    page = await run({ targetId: victim.id, until: before.toISOString() });
    expect(page.edges.map((e: any) => e.node.action)).toEqual(['USER_REGISTERED']);
    page = await run({ targetId: victim.id, since: after.toISOString() });
    expect(page.edges).toEqual([]);

    const p1 = await run({ targetId: victim.id }, 2);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await t.gql(AUDIT, { f: { targetId: victim.id }, first: 2, after: p1.pageInfo.endCursor }, mod.accessToken)).data
      .auditEvents;
    expect(p2.edges.map((e: any) => e.node.action)).toEqual(['USER_REGISTERED']);
    expect(p2.pageInfo.hasNextPage).toBe(false);
  });

  it('shows null actors for anonymous events and refuses bad filters', async () => {
    await t.gql(LOGIN, {
      i: { username: 'nobody_here', password: 'wrong password' },
    });
    const r = await t.gql(AUDIT, { f: { actions: ['LOGIN_FAILED'] }, first: 1 }, admin.accessToken);
    expect(r.data.auditEvents.edges[0].node).toMatchObject({
      action: 'LOGIN_FAILED',
      actor: null,
      target: null,
      metadata: { known: false },
    });

    let bad = await t.gql(AUDIT, { f: { actorId: 'x' } }, admin.accessToken);
    expect([code(bad), field(bad)]).toEqual(['BAD_USER_INPUT', 'filter.actorId']);
    bad = await t.gql(AUDIT, { f: { targetId: 'x' } }, admin.accessToken);
    expect([code(bad), field(bad)]).toEqual(['BAD_USER_INPUT', 'filter.targetId']);
    bad = await t.gql(AUDIT, { f: { actions: ['NOT_AN_ACTION'] } }, admin.accessToken);
    expect(code(bad)).toBe('BAD_USER_INPUT');
    bad = await t.gql(AUDIT, { f: { since: 'yesterday' } }, admin.accessToken);
    expect(code(bad)).toBe('BAD_USER_INPUT');
  });
});
