// 7. Logins: a burst of N concurrent logins (argon2id verification) while messages are delivered to 100 subscribers
// at 20 msg/s: the delivery p99 during the burst against the p99 without it. Logins/s reported.
import { log, progress, progressDone, round, scaledSeconds, sleep, startLoad, startServer, summarize } from '../lib/common.mjs';
import { PASSWORD } from '../lib/seed.mjs';
import { connectParley, setupRoom } from './fanout.mjs';
import { roundAll } from './sending.mjs';

export const defaults = { size: 100, minSize: 10 };
const SUBSCRIBERS = 100;
const RATE = 20;
const SECONDS = scaledSeconds(6, 3);
const ROUNDS = 3;
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
  const latencies = reports.flatMap((r) => r.latencies);
  return { latencies, deliveries: reports.reduce((a, r) => a + r.deliveries, 0), expected, extra: extraResult };
}

export async function run(size = defaults.size) {
  const n = Number(size);
  const { db, users, tokens, roomId } = await setupRoom('logins', Math.max(SUBSCRIBERS, n));
  const server = await startServer(db, { profileTag: 'logins' });
  const subs = [startLoad('subscribers')];
  const sender = startLoad('sender');
  const logins = startLoad('http');
  const quiet = [];
  const burst = [];
  try {
    const senderMsg = await connectParley({ server, users: users.slice(0, SUBSCRIBERS + 1), tokens, roomId, subs, sender });
    // Warm the login path once (the first argon2 call allocates its memory).
    await logins.request({ type: 'run', url: server.url, requests: [{ query: LOGIN, variables: { input: { username: users[1].username, password: PASSWORD } } }], concurrency: 1, maxRequests: 2, durationMs: 30000 }, 'done');
    const requests = users.slice(1, n + 1).map((u) => ({ query: LOGIN, variables: { input: { username: u.username, password: PASSWORD } } }));
    // Quiet and burst phases take turns, so a change in the machine's load during the run weighs on both, and the
    // p99 comes from ROUNDS times as many messages (with 100 subscribers a message's deliveries move together).
    for (let r = 0; r < ROUNDS; r++) {
      progress(`round ${r + 1}/${ROUNDS}: without logins`);
      quiet.push(await phase(subs, sender, senderMsg, 'quiet'));
      progress(`round ${r + 1}/${ROUNDS}: a burst of ${n} logins`);
      const b = await phase(subs, sender, senderMsg, 'burst', async () => {
        await sleep(1000);
        return logins.request({ type: 'run', url: server.url, requests, concurrency: n, maxRequests: n, durationMs: 60000 }, 'done');
      });
      if (b.extra.failed) log(`  ${b.extra.failed} logins failed (${b.extra.firstError})`);
      burst.push(b);
    }
    progressDone();
  } finally {
    await Promise.all(subs.map((s) => s.stop()));
    await sender.stop();
    await logins.stop();
    await server.stop();
    await db.drop();
  }
  const all = (phases) => summarize(phases.flatMap((p) => p.latencies));
  const quietLatency = all(quiet);
  const burstLatency = all(burst);
  const ratio = burstLatency.p99 / quietLatency.p99;
  const loginLatency = summarize(burst.flatMap((b) => b.extra.latencies));
  const ok = burst.reduce((a, b) => a + b.extra.ok, 0);
  const perSecond = ok / (burst.reduce((a, b) => a + b.extra.ms, 0) / 1000);
  const byRound = (phases) => phases.map((p) => round(summarize(p.latencies).p99)).join(' / ');
  return {
    rows: [
      { figure: `delivery p99 with a burst of ${n} logins vs without (ms)`, value: round(burstLatency.p99), baseline: round(quietLatency.p99), ratio, target: '<= 1.2x without the burst', met: ratio <= 1.2 },
      { figure: `delivery p99 by round, with / without (ms)`, value: byRound(burst), baseline: byRound(quiet), ratio: null, target: 'reported', met: null },
      { figure: 'logins/s during the burst', value: round(perSecond, 1), baseline: null, ratio: null, target: 'reported', met: null },
      { figure: 'login latency p50 / p99 in the burst (ms)', value: `${round(loginLatency.p50)} / ${round(loginLatency.p99)}`, baseline: null, ratio: null, target: 'reported', met: null },
    ],
    details: {
      logins: n,
      subscribers: SUBSCRIBERS,
      rate: RATE,
      rounds: ROUNDS,
      quiet: { latencyMs: roundAll(quietLatency), deliveries: sum(quiet, 'deliveries'), expected: sum(quiet, 'expected') },
      burst: { latencyMs: roundAll(burstLatency), deliveries: sum(burst, 'deliveries'), expected: sum(burst, 'expected'), logins: { ok, failed: burst.reduce((a, b) => a + b.extra.failed, 0), seconds: round(burst.reduce((a, b) => a + b.extra.ms, 0) / 1000, 2), latencyMs: roundAll(loginLatency) } },
    },
  };
}

const sum = (phases, key) => phases.reduce((a, p) => a + p[key], 0);
