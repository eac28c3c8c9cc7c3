/** The admin command line, and bans racing each other. */
import { loadConfig } from '../src/config.js';
import { runAdminCli } from '../src/modules/admin/admin.cli.js';
import { User } from '../src/modules/users/user.entity.js';
import { code, register, startServer, type TestServer, type TestUser } from './harness.js';
import { LOGIN, ME, ADMIN_USERS, BAN, useAdminFixture } from './admin-helpers.js';

let t: TestServer;
let admin: TestUser;
let mod: TestUser;
let plain: TestUser;

const { cli, auditFor } = useAdminFixture((f) => ({ t, admin, mod, plain } = f));

describe('admin CLI', () => {
  it('promotes by username or email, lists staff, demotes, and audits each change as via=cli', async () => {
    const u = await register(t, 'clipromo');
    let r = await cli('promote', u.username.toUpperCase());
    expect(r).toMatchObject({ exit: 0 });
    expect(r.out).toContain(`${u.username}: USER -> ADMIN`);
    expect((await t.gql(ME, {}, u.accessToken)).data.me.role).toBe('ADMIN');
    r = await cli('promote', u.email);
    expect(r.out).toMatch(/already ADMIN/);

    r = await cli('list');
    expect(r.exit).toBe(0);
    expect(r.out).toContain(`${admin.username} <${admin.email}> ADMIN`);
    expect(r.out).toContain(`${mod.username} <${mod.email}> MODERATOR`);
    expect(r.out).not.toContain(plain.username);

    r = await cli('demote', u.email);
    expect(r).toMatchObject({ exit: 0 });
    expect((await t.gql(ME, {}, u.accessToken)).data.me.role).toBe('USER');
    const events = await auditFor(u.id, 'USER_ROLE_CHANGED');
    expect(events.map((e) => e.metadata)).toEqual([
      { from: 'USER', to: 'ADMIN', via: 'cli' },
      { from: 'ADMIN', to: 'USER', via: 'cli' },
    ]);
    expect(events.every((e) => e.actor === null)).toBe(true);
  });

  it('unbans from the command line, audited as via=cli', async () => {
    const u = await register(t, 'cliunban');
    await t.gql(BAN, { u: u.id, why: 'oops' }, admin.accessToken);
    let r = await cli('unban', u.username);
    expect(r).toMatchObject({ exit: 0, out: `${u.username}: unbanned` });
    expect(
      (
        await t.gql(LOGIN, {
          i: { username: u.username, password: u.password },
        })
      ).errors,
    ).toBeUndefined();
    r = await cli('unban', u.email);
    expect(r.out).toMatch(/not banned/);
    expect((await auditFor(u.id, 'USER_UNBANNED')).map((e) => [e.actor, e.metadata])).toEqual([
      [null, { previousReason: 'oops', via: 'cli' }],
    ]);
  });

  it('explains bad usage and unknown users with a non-zero exit', async () => {
    expect((await cli()).exit).toBe(2);
    expect((await cli('explode')).err).toMatch(/Unknown command/);
    expect((await cli('promote')).exit).toBe(2);
    expect((await cli('promote', 'someone', '--role', 'OWNER')).exit).toBe(2);
    const missing = await cli('promote', 'no-such-user@example.com');
    expect(missing.exit).toBe(1);
    expect(missing.err).toMatch(/No user with email/);
  });

  it('refuses to demote the last admin unless forced', async () => {
    const s = await startServer();
    try {
      const only = await register(s, 'onlyadmin');
      const run = async (...args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const exit = await runAdminCli(args, loadConfig(s.env), {
          out: (l) => out.push(l),
          err: (l) => err.push(l),
        });
        return { exit, out: out.join('\n'), err: err.join('\n') };
      };
      expect((await run('list')).out).toMatch(/No admins or moderators yet/);
      expect((await run('promote', only.username)).exit).toBe(0);
      const refused = await run('demote', only.username);
      expect(refused.exit).toBe(1);
      expect(refused.err).toMatch(/last admin/);
      expect((await s.gql(ME, {}, only.accessToken)).data.me.role).toBe('ADMIN');
      expect((await run('demote', only.username, '--force')).exit).toBe(0);
      expect((await s.gql(ME, {}, only.accessToken)).data.me.role).toBe('USER');
    } finally {
      await s.stop();
    }
  });

  it('never makes the first registered user an admin', async () => {
    const s = await startServer();
    try {
      const first = await register(s, 'first');
      expect((await s.gql(ME, {}, first.accessToken)).data.me.role).toBe('USER');
      expect(code(await s.gql(ADMIN_USERS, {}, first.accessToken))).toBe('FORBIDDEN');
    } finally {
      await s.stop();
    }
  });
});

describe('concurrent bans', () => {
  it('two admins banning each other at once: exactly one ban lands', async () => {
    const s = await startServer();
    try {
      const a = await register(s, 'bana');
      const b = await register(s, 'banb');
      for (const u of [a, b])
        await runAdminCli(['promote', u.username], loadConfig(s.env), {
          out: () => {},
          err: () => {},
        });
      const [ra, rb] = await Promise.all([s.gql(BAN, { u: b.id }, a.accessToken), s.gql(BAN, { u: a.id }, b.accessToken)]);
      const results = [ra, rb].map((r) => (r.errors ? code(r) : 'OK'));
      // The loser is refused either by the lock (FORBIDDEN) or because its session already ended (UNAUTHENTICATED).
      expect(results.filter((c) => c === 'OK')).toHaveLength(1);
      expect(results.filter((c) => c !== 'OK').every((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED')).toBe(true);
      const banned = await s.server.app.orm.em.fork().count(User, { id: { $in: [a.id, b.id] }, bannedAt: { $ne: null } });
      expect(banned).toBe(1);
    } finally {
      await s.stop();
    }
  });
});
