// 7. Logins: a burst of N concurrent logins (argon2id verification) while messages are delivered to 100 subscribers
// at 20 msg/s: the delivery p99 during the burst against the p99 without it. Logins/s reported.
import { REDIS_URL, log, round, sleep, startLoad, startServer, summarize } from '../lib/common.mjs';
import { PASSWORD } from '../lib/seed.mjs';
import { connectParley, setupRoom } from './fanout.mjs';
import { roundAll } from './sending.mjs';

export const defaults = { size: 100 };
const SUBSCRIBERS = 100;
const RATE = 20;
const SECONDS = 6;
const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { accessToken user { id } } }`;

async function phase(subs, sender, senderMsg, label, during) {
  await Promise.all(subs.map((s) => s.request({ type: 'phase', name: label }, 'phased')));
  const sending = sender.request({ type: 'run', ...senderMsg, rate: RATE, count: RATE * SECONDS }, 'done');
  const extra = during ? during() : null;
  const sent = await sending;
  const extraResult = await extra;
  const expected = sent.sent * SUBSCRIBERS;
  for (let i = 0; i < 100; i++) {
    const counts = await Promise.all(subs.map((s) => s.request({ type: 'count' }, 'counted')));
    if (counts.reduce((a, c) => a + c.deliveries, 0) >= expected) break;
    await sleep(100);
  }
  const reports = await Promise.all(subs.map((s) => s.request({ type: 'report' }, 'report')));
  return { latency: summarize(reports.flatMap((r) => r.latencies)), deliveries: reports.reduce((a, r) => a + r.deliveries, 0), expected, extra: extraResult };
}

export async function run(size = defaults.size) {
  const n = Number(size);
  const { db, users, tokens, roomId } = await setupRoom('logins', Math.max(SUBSCRIBERS, n));
  const server = await startServer(db, { profileTag: 'logins' });
  const subs = [startLoad('subscribers')];
  const sender = startLoad('sender');
  const logins = startLoad('http');
  let quiet;
  let burst;
  try {
    const senderMsg = await connectParley({ server, users: users.slice(0, SUBSCRIBERS + 1), tokens, roomId, subs, sender });
    // Warm the login path once (the first argon2 call allocates its memory).
    await logins.request({ type: 'run', url: server.url, requests: [{ query: LOGIN, variables: { input: { username: users[1].username, password: PASSWORD } } }], concurrency: 1, maxRequests: 2, durationMs: 30000 }, 'done');
    quiet = await phase(subs, sender, senderMsg, 'quiet');
    const requests = users.slice(1, n + 1).map((u) => ({ query: LOGIN, variables: { input: { username: u.username, password: PASSWORD } } }));
    burst = await phase(subs, sender, senderMsg, 'burst', async () => {
      await sleep(1000);
      return logins.request({ type: 'run', url: server.url, requests, concurrency: n, maxRequests: n, durationMs: 60000 }, 'done');
    });
    if (burst.extra.failed) log(`  ${burst.extra.failed} logins failed (${burst.extra.firstError})`);
  } finally {
    await Promise.all(subs.map((s) => s.stop()));
    await sender.stop();
    await logins.stop();
    await server.stop();
    await db.drop();
  }
  const ratio = burst.latency.p99 / quiet.latency.p99;
  const loginLatency = summarize(burst.extra.latencies);
  const perSecond = burst.extra.ok / (burst.extra.ms / 1000);
  return {
    rows: [
      { figure: `delivery p99 with a burst of ${n} logins vs without (ms)`, value: round(burst.latency.p99), baseline: round(quiet.latency.p99), ratio, target: '<= 1.2x without the burst', met: ratio <= 1.2 },
      { figure: 'logins/s during the burst', value: round(perSecond, 1), baseline: null, ratio: null, target: 'reported', met: null },
      { figure: 'login latency p50 / p99 in the burst (ms)', value: `${round(loginLatency.p50)} / ${round(loginLatency.p99)}`, baseline: null, ratio: null, target: 'reported', met: null },
    ],
    details: {
      logins: n,
      subscribers: SUBSCRIBERS,
      rate: RATE,
      quiet: { latencyMs: roundAll(quiet.latency), deliveries: quiet.deliveries, expected: quiet.expected },
      burst: { latencyMs: roundAll(burst.latency), deliveries: burst.deliveries, expected: burst.expected, logins: { ok: burst.extra.ok, failed: burst.extra.failed, seconds: round(burst.extra.ms / 1000, 2), latencyMs: roundAll(loginLatency) } },
    },
  };
}
