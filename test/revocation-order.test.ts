import { Client } from 'pg';
import { loadConfig } from '../src/config.js';
import { runAdminCli } from '../src/modules/admin/admin.cli.js';
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { backend, register, startServer, waitFor, type TestServer } from './harness.js';
import { connect } from './realtime-helpers.js';

// A revocation takes effect for the sockets at its commit, not after the queries that follow it (the outage soak,
// on a saturated pool, saw revoked sockets keep receiving for seconds while those waited). Here a row lock held by
// the test stands in for the busy pool: it blocks the follow-up writes, and the socket must close meanwhile.
// PostgreSQL only (row locks).
const describePg = backend.database === 'postgresql' ? describe : describe.skip;

describePg('revocation reaches the sockets before its follow-up queries', () => {
  let t: TestServer;
  let db: Client;
  beforeAll(async () => {
    // The periodic revocation sweep would also find the committed revocation; kept out of the way here.
    t = await startServer({ env: { REVOCATION_SWEEP_MS: '600000' } });
    db = new Client({ connectionString: t.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.query('rollback').catch(() => undefined);
    await db?.end();
    await t?.stop();
  });

  /** Runs `mutation` while the test holds `lockSql`'s rows; the socket must close before the lock is released. */
  async function closesWhileLocked(token: string, lockSql: string, args: unknown[], mutation: () => Promise<{ errors?: unknown }>) {
    const socket = await connect(t, token);
    expect(socket.ok).toBe(true);
    await diagnostics(t.server).presenceSettled();
    await db.query('begin');
    await db.query(lockSql, args);
    let answered = false;
    const pending = mutation().then((r) => ((answered = true), r));
    await waitFor(() => socket.state.closedCode === 4403, 'the socket closed while the follow-up write waits on the lock');
    // The mutation is still waiting on the lock: the socket did not wait for it.
    expect(answered).toBe(false);
    await db.query('rollback');
    expect((await pending).errors).toBeUndefined();
  }

  it('logout: SessionRevoked before the online flag is written', async () => {
    const u = await register(t);
    // The online-flag update waits on this lock (FOR NO KEY UPDATE leaves foreign-key checks alone).
    await closesWhileLocked(u.accessToken, 'select id from users where id = $1 for no key update', [u.id], () => t.gql('mutation { logout }', {}, u.accessToken));
  });

  it('banUser: UserBanned before the sessions are revoked', async () => {
    const admin = await register(t);
    const target = await register(t);
    expect(await runAdminCli(['promote', admin.username], loadConfig(t.env), { out: () => {}, err: () => {} })).toBe(0);
    // Revoking the target's sessions waits on this lock.
    await closesWhileLocked(target.accessToken, 'select id from sessions where user_id = $1 for no key update', [target.id], () =>
      t.gql('mutation($u: ID!) { banUser(userId: $u, reason: "order") { id } }', { u: target.id }, admin.accessToken),
    );
  });
});
