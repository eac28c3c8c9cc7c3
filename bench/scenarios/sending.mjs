// 5. Sending: sendMessage throughput with N concurrent senders in N rooms, against raw pg doing the same writes
// (room seq, message, event, read marker) plus a Redis PUBLISH.
import { REDIS_URL, createDatabase, log, migrate, progress, progressDone, round, startLoad, startServer, summarize } from '../lib/common.mjs';
import { connect, seedRoom, seedSessions, seedUsers } from '../lib/seed.mjs';

export const defaults = { size: 50 };
const SECONDS = 10;
const SEND = `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id seq createdAt } }`;

export async function timed(label, seconds, promise) {
  const t0 = Date.now();
  let done = false;
  promise.finally(() => (done = true));
  while (!done) {
    progress(`${label}: ${Math.min(seconds, Math.round((Date.now() - t0) / 1000))}/${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  progressDone();
  return promise;
}

export async function run(size = defaults.size) {
  const n = Number(size);
  const db = await createDatabase('sending');
  await migrate(db);
  const c = await connect(db);
  const users = await seedUsers(c, n * 5, 's');
  const tokens = await seedSessions(c, users);
  const senders = [];
  for (let i = 0; i < n; i++) {
    const members = users.slice(i * 5, i * 5 + 5).map((u) => u.id);
    senders.push({ userId: members[0], roomId: await seedRoom(c, `Room ${i}`, members) });
  }
  await c.end();
  const server = await startServer(db, { profileTag: 'sending' });
  const load = startLoad('http');
  let parley;
  let perSend;
  try {
    const perWorker = senders.map((s) => [{ query: SEND, variables: { input: { roomId: s.roomId, body: 'A benchmark message of ordinary length.' } }, token: tokens.get(s.userId) }]);
    await load.request({ type: 'run', url: server.url, perWorker, concurrency: n, durationMs: 2000, freshClientId: true }, 'done'); // warm-up
    const m0 = await server.metrics();
    const cpu0 = server.cpuMs();
    parley = await timed(`parley: ${n} senders`, SECONDS, load.request({ type: 'run', url: server.url, perWorker, concurrency: n, durationMs: SECONDS * 1000, freshClientId: true }, 'done'));
    const m1 = await server.metrics();
    perSend = { sqlStatements: round((m1.sqlStatements - m0.sqlStatements) / parley.ok, 2), serverCpuMs: round((server.cpuMs() - cpu0) / parley.ok, 2) };
    if (parley.failed) log(`  parley: ${parley.failed} failed sends (${parley.firstError})`);
  } finally {
    await load.stop();
    await server.stop();
  }
  const raw = startLoad('raw-send');
  let base;
  try {
    await raw.request({ type: 'run', databaseUrl: db.url, redisUrl: REDIS_URL, prefix: `bench:raw:`, senders, durationMs: 2000 }, 'done');
    base = await timed(`baseline: raw pg, ${n} senders`, SECONDS, raw.request({ type: 'run', databaseUrl: db.url, redisUrl: REDIS_URL, prefix: `bench:raw:`, senders, durationMs: SECONDS * 1000 }, 'done'));
    if (base.failed) log(`  baseline: ${base.failed} failed (${base.firstError})`);
  } finally {
    await raw.stop();
    await db.drop();
  }
  const rate = (r) => r.ok / (r.ms / 1000);
  const pl = summarize(parley.latencies);
  const bl = summarize(base.latencies);
  return {
    rows: [
      { figure: `sends/s, ${n} senders in ${n} rooms`, value: round(rate(parley), 0), baseline: round(rate(base), 0), ratio: rate(parley) / rate(base), target: '>= 0.5x baseline', met: rate(parley) / rate(base) >= 0.5 },
      { figure: 'send latency p50 (ms)', value: round(pl.p50), baseline: round(bl.p50), ratio: pl.p50 / bl.p50, target: 'reported', met: null },
      { figure: 'send latency p99 (ms)', value: round(pl.p99), baseline: round(bl.p99), ratio: pl.p99 / bl.p99, target: 'reported', met: null },
    ],
    details: { senders: n, seconds: SECONDS, parley: { ok: parley.ok, failed: parley.failed, latencyMs: roundAll(pl), perSend }, baseline: { ok: base.ok, failed: base.failed, latencyMs: roundAll(bl) } },
  };
}

export const roundAll = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v, 1)]));
