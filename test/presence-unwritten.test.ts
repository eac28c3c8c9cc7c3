import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { User } from '../src/modules/users/user.entity.js';
import { backend, register, startServer, waitFor, type TestServer } from './harness.js';
import { connect } from './realtime-helpers.js';

// A presence transition whose write fails (in the churn soak: a Redis read past ioredis' command timeout on a loaded
// machine) is written again on the next heartbeat, so users.is_online does not stay true for a user who left.
// The heartbeat runs with Redis only: on the PostgreSQL + Redis pass.
const describeWithRedis = backend.pubsub === 'redis' ? describe : describe.skip;

describeWithRedis('a presence transition that could not be written', () => {
  let t: TestServer;
  beforeAll(async () => {
    // A 3 s TTL: the heartbeat runs every second.
    t = await startServer({ env: { PRESENCE_TTL_SECONDS: '3' } });
  });
  afterAll(async () => {
    diagnostics(t.server).faults.beforePresenceChange = undefined;
    await t?.stop();
  });

  const flag = async (id: string) => (await t.server.app.orm.em.fork().findOneOrFail(User, { id })).isOnline;

  it('is written on a later heartbeat: users.is_online ends false once the socket is gone', async () => {
    const u = await register(t, 'flaky');
    const { client, ok } = await connect(t, u.accessToken);
    expect(ok).toBe(true);
    await waitFor(() => flag(u.id), 'users.is_online to be true while the socket is open');

    // The going-offline transition fails once, as a Redis read past its timeout does.
    let failed = 0;
    diagnostics(t.server).faults.beforePresenceChange = (userId) => {
      if (userId === u.id && failed++ === 0) throw new Error('Command timed out');
    };
    await client.dispose();
    await waitFor(() => failed > 0, 'the transition to be attempted (and fail)');
    expect(await t.server.app.services.presence.isOnline(u.id)).toBe(false);
    await waitFor(async () => !(await flag(u.id)), 'users.is_online to be written false again', 8000);
    expect(failed).toBeGreaterThanOrEqual(2);
  });
});
