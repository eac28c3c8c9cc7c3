import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config.js';
import { runAdminCli } from '../src/modules/admin/admin.cli.js';
import { backend, register, startServer, waitFor, type TestServer } from './harness.js';
import { connect, groupRoom, ROOM_EVENTS, streamsReady, subscribe, VIEWER_EVENTS } from './realtime-helpers.js';
import { startOwnRedis, withOwnRedis, type FreezableProxy, type OwnRedis } from './redis-control.js';

// Redis outages, with a redis-server of the test's own (killed and restarted) or behind a proxy the test freezes.
// On the PostgreSQL + Redis pass (two instances share the database).
const describeWithRedis = backend.pubsub === 'redis' ? describe : describe.skip;

const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body } }`;

async function health(t: TestServer): Promise<{ status: number; body: any }> {
  const res = await fetch(t.url.replace('/graphql', '/healthz'), { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.json() };
}

describeWithRedis('Redis killed under two instances', () => {
  const setup = withOwnRedis({ prefix: 'parley-fault', instances: 2 });

  it('a send answers success, local subscribers get it at once, /healthz says 503 naming Redis, and the rest arrive once Redis is back', async () => {
    const { redis, servers: [s1, s2] } = setup;
    const owner = await register(s1);
    const local = await register(s1);
    const remote = await register(s1);
    const roomId = await groupRoom(s1, owner, [local, remote]);
    const onS1 = subscribe((await connect(s1, local.accessToken)).client, ROOM_EVENTS, { r: roomId });
    const onS2 = subscribe((await connect(s2, remote.accessToken)).client, ROOM_EVENTS, { r: roomId });
    await streamsReady(s1, local);
    await streamsReady(s2, remote);
    expect((await health(s1)).status).toBe(200);

    await redis.kill();
    const fallbacksBefore = s1.server.app.rateLimiter.fallbacks;
    const sent = await s1.gql(SEND, { i: { roomId, body: 'during the outage', clientId: 'outage-1' } }, owner.accessToken);
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendMessage.body).toBe('during the outage');
    // The rate limit counted in memory rather than failing the send.
    expect(s1.server.app.rateLimiter.fallbacks).toBeGreaterThan(fallbacksBefore);
    // The sending instance's own subscriber does not wait for Redis.
    await waitFor(() => onS1.events.some((e) => e.seq === sent.data.sendMessage.seq), 'local delivery while Redis is down');
    const h = await health(s1);
    expect(h.status).toBe(503);
    expect(h.body.down).toEqual(['pubsub']);
    expect(h.body.pubsub.outboxPending).toBeGreaterThan(0);
    expect(onS2.events.some((e) => e.seq === sent.data.sendMessage.seq)).toBe(false);

    await redis.start();
    // The outbox publishes what Redis missed: the other instance's subscriber gets it, the local one not twice.
    await waitFor(() => onS2.events.some((e) => e.seq === sent.data.sendMessage.seq), 'delivery on the other instance after Redis returned', 30_000);
    await waitFor(async () => (await health(s1)).status === 200, '/healthz back to 200', 30_000);
    const again = await s1.gql(SEND, { i: { roomId, body: 'after the outage' } }, owner.accessToken);
    await waitFor(() => onS1.events.some((e) => e.seq === again.data.sendMessage.seq), 'delivery after the outage');
    expect(onS1.events.filter((e) => e.seq === sent.data.sendMessage.seq)).toHaveLength(1);
    expect(onS1.errors).toEqual([]);
  });

  it("each member's viewer news (one command for the room): the local member's at once, the other instance's once Redis is back", async () => {
    const { redis, servers: [s1, s2] } = setup;
    const owner = await register(s1);
    const local = await register(s1);
    const remote = await register(s1);
    const roomId = await groupRoom(s1, owner, [local, remote]);
    const onS1 = subscribe((await connect(s1, local.accessToken)).client, VIEWER_EVENTS);
    const onS2 = subscribe((await connect(s2, remote.accessToken)).client, VIEWER_EVENTS);
    await streamsReady(s1, local);
    await streamsReady(s2, remote);
    const activity = (s: { events: any[] }, seq: number) => s.events.find((e) => e.__typename === 'RoomActivity' && e.roomId === roomId && e.lastSeq >= seq);
    const first = await s1.gql(SEND, { i: { roomId, body: 'with Redis up' } }, owner.accessToken);
    await waitFor(() => activity(onS1, first.data.sendMessage.seq) && activity(onS2, first.data.sendMessage.seq), 'activity on both instances');

    await redis.kill();
    const sent = await s1.gql(SEND, { i: { roomId, body: 'news during the outage' } }, owner.accessToken);
    expect(sent.errors).toBeUndefined();
    const seq = sent.data.sendMessage.seq;
    // Each member's own counts: two unread messages for either of them.
    expect((await waitFor(() => activity(onS1, seq), 'local activity while Redis is down')).unreadCount).toBe(2);
    expect(activity(onS2, seq)).toBeUndefined();
    await redis.start();
    expect((await waitFor(() => activity(onS2, seq), 'activity on the other instance after Redis returned', 30_000)).unreadCount).toBe(2);
    expect([...onS1.errors, ...onS2.errors]).toEqual([]);
  });
});

/**
 * Logout, ban and removal made while Redis is down: each answers success (it committed), and the affected streams on
 * the other instance end although the news was lost: on the sweep after Redis reconnects (`periodic: false`, the
 * period set far beyond the test), or on the periodic sweep while Redis is still down.
 */
function revocationSuite(periodic: boolean) {
  const title = periodic ? 'the periodic sweep, while Redis is still down' : 'the sweep when Redis reconnects';
  describeWithRedis(`revocation during a Redis outage: ${title}`, () => {
    const setup = withOwnRedis({ prefix: 'parley-revoke', instances: 2, env: { REVOCATION_SWEEP_MS: periodic ? '300' : '600000' } });

    it('logout, ban and removal answer success and end the streams on the other instance', async () => {
      const { redis, servers: [s1, s2] } = setup;
      const owner = await register(s1);
      const admin = await register(s1);
      const leaving = await register(s1);
      const banned = await register(s1);
      const removed = await register(s1);
      const out: string[] = [];
      expect(await runAdminCli(['promote', admin.username], loadConfig(s1.env), { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
      const roomId = await groupRoom(s1, owner, [leaving, banned, removed]);
      const socket = async (u: typeof owner) => {
        const c = await connect(s2, u.accessToken);
        const sub = subscribe(c.client, ROOM_EVENTS, { r: roomId });
        await streamsReady(s2, u).catch((err) => {
          throw new Error(`${(err as Error).message}: ${JSON.stringify({ state: c.state, errors: sub.errors, events: sub.events, completed: sub.completed })}`);
        });
        return { ...c, sub };
      };
      const l = await socket(leaving);
      const b = await socket(banned);
      const r = await socket(removed);

      await redis.kill();
      const logout = await s1.gql('mutation { logout }', {}, leaving.accessToken);
      expect(logout.errors).toBeUndefined();
      const ban = await s1.gql('mutation($u: ID!) { banUser(userId: $u, reason: "spam") { id } }', { u: banned.id }, admin.accessToken);
      expect(ban.errors).toBeUndefined();
      const remove = await s1.gql('mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }', { r: roomId, u: removed.id }, owner.accessToken);
      expect(remove.errors).toBeUndefined();

      if (!periodic) {
        // Nothing can reach the other instance now; once Redis is back, its sweep finds what changed.
        await redis.start();
      }
      await waitFor(() => l.state.closedCode === 4403, 'the logged-out socket closed', 30_000);
      await waitFor(() => b.state.closedCode === 4403, 'the banned socket closed', 30_000);
      await waitFor(() => r.sub.completed, "the removed member's stream ended", 30_000);
      expect(r.sub.events.at(-1)).toMatchObject({ __typename: 'AccessRevoked' });
      expect(r.state.closedCode).toBeUndefined();
      if (periodic) await redis.start();
    });
  });
}
revocationSuite(false);
revocationSuite(true);

describeWithRedis('Redis frozen (a proxy that stops forwarding)', () => {
  const setup = withOwnRedis({ prefix: 'parley-frozen', frozen: true });

  it('sends answer (no hang), local subscribers get them, /healthz answers 503; after the thaw all is well', async () => {
    const { servers: [t] } = setup;
    const proxy = setup.proxy!;
    const owner = await register(t);
    const member = await register(t);
    const roomId = await groupRoom(t, owner, [member]);
    const sub = subscribe((await connect(t, member.accessToken)).client, ROOM_EVENTS, { r: roomId });
    await streamsReady(t, member);

    proxy.pause();
    const sends = await Promise.all([1, 2, 3].map((n) => t.gql(SEND, { i: { roomId, body: `frozen ${n}` } }, owner.accessToken)));
    for (const r of sends) expect(r.errors).toBeUndefined();
    const seqs = sends.map((r) => r.data.sendMessage.seq as number);
    await waitFor(() => seqs.every((s) => sub.events.some((e) => e.seq === s)), 'local delivery while Redis is frozen');
    const h = await health(t);
    expect(h.status).toBe(503);
    expect(h.body.down).toEqual(['pubsub']);

    proxy.resume();
    await waitFor(async () => (await health(t)).status === 200, '/healthz back to 200', 30_000);
    const after = await t.gql(SEND, { i: { roomId, body: 'thawed' } }, owner.accessToken);
    await waitFor(() => sub.events.some((e) => e.seq === after.data.sendMessage.seq), 'delivery after the thaw', 30_000);
    // In order, once each.
    const got = sub.events.map((e) => e.seq);
    expect(got).toEqual([...new Set(got)].sort((x, y) => x - y));
  });

  it('rate limits keep counting while Redis is frozen: the hits made before the freeze still count on this instance', async () => {
    const { servers: [t] } = setup;
    const proxy = setup.proxy!;
    const prober = await register(t);
    const fallbacksBefore = t.server.app.rateLimiter.fallbacks;
    // invitePreview allows 30 lookups a minute per user: 20 before the freeze, counted by Redis.
    const preview = (i: number) => t.gql(`query($c: String!) { invitePreview(code: $c) { code } }`, { c: `${'x'.repeat(20)}${String(i).padStart(2, '0')}` }, prober.accessToken);
    const code = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => r.errors?.[0]?.extensions?.code;
    for (let i = 0; i < 20; i++) expect(code(await preview(i))).toBe('NOT_FOUND');
    proxy.pause();
    try {
      for (let i = 20; i < 30; i++) expect(code(await preview(i))).toBe('NOT_FOUND');
      // The 31st: refused, though Redis never saw the last ten (in memory they were counted with the first twenty).
      expect(code(await preview(30))).toBe('RATE_LIMITED');
      expect(t.server.app.rateLimiter.fallbacks).toBeGreaterThan(fallbacksBefore);
    } finally {
      proxy.resume();
    }
    await waitFor(async () => (await health(t)).status === 200, '/healthz back to 200', 30_000);
  });
});

describeWithRedis('stopping while Redis is frozen', () => {
  let redis: OwnRedis;
  let proxy: FreezableProxy;
  beforeEach(async () => {
    const own = await startOwnRedis(true);
    redis = own.redis;
    proxy = own.proxy!;
  });
  afterEach(async () => {
    await proxy.stop();
    await redis.kill();
  });

  /** A server on the proxy, and a member's socket (open, no subscription yet) for a group room. */
  async function serverAndSocket() {
    const t = await startServer({ env: { REDIS_URL: proxy.url, REDIS_PREFIX: `parley-stop:${randomBytes(4).toString('hex')}:` } });
    const owner = await register(t);
    const member = await register(t);
    const roomId = await groupRoom(t, owner, [member]);
    const c = await connect(t, member.accessToken);
    expect(c.ok).toBe(true);
    return { t, member, roomId, c };
  }

  // In both, Redis never answers: closing gives up on its clients after a bound rather than waiting on QUIT, and the
  // SUBSCRIBE the subscriber client then rejects must not surface as an unhandled rejection (jest fails the test if
  // one does, and a server process would end on it).

  it('a server with a SUBSCRIBE in flight stops (no hang), and the SUBSCRIBE it gives up on rejects nothing unhandled', async () => {
    const { t, roomId, c } = await serverAndSocket();
    proxy.pause();
    const sub = subscribe(c.client, ROOM_EVENTS, { r: roomId });
    await waitFor(() => /SUBSCRIBE/i.test(proxy.held()) && proxy.held().includes(`ROOM:${roomId}`), "the room's SUBSCRIBE held by the frozen proxy");
    await t.stop();
    await waitFor(() => c.state.closedCode !== undefined || sub.completed, 'the socket closed by the stop');
    expect(sub.events).toEqual([]);
  });

  it('a server whose re-SUBSCRIBE after a Redis restart is unanswered stops, and nothing rejects unhandled', async () => {
    const { t, member, roomId, c } = await serverAndSocket();
    const sub = subscribe(c.client, ROOM_EVENTS, { r: roomId });
    await streamsReady(t, member);
    proxy.freezeOn(/SUBSCRIBE/i);
    await redis.kill();
    await redis.start();
    // Reconnected: the channels held here are subscribed again, and that SUBSCRIBE waits in the frozen proxy.
    await waitFor(() => proxy.held().includes(`ROOM:${roomId}`), 'the re-SUBSCRIBE held by the frozen proxy', 30_000);
    await t.stop();
    await waitFor(() => c.state.closedCode !== undefined || sub.completed, 'the socket closed by the stop');
  });
});
