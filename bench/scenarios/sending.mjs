// 5. Sending: sendMessage throughput with N concurrent senders in N rooms, against raw pg doing the same writes
// (room seq, message, event, read marker) plus a Redis PUBLISH.
import { readdirSync, readFileSync } from 'node:fs';
import { REDIS_URL, cpuMs, createDatabase, log, migrate, progress, progressDone, round, scaledSeconds, startLoad, startServer, summarize } from '../lib/common.mjs';
import { connect, seedRoom, seedSessions, seedUsers } from '../lib/seed.mjs';

export const defaults = { size: 50, minSize: 4 };
const SECONDS = scaledSeconds(10, 4);
const ROUNDS = 4;
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

/**
 * CPU time (ms) of the PostgreSQL backends serving clients of `dbName` (their process title names the database and
 * the client's address; autovacuum workers, which neither side controls, are left out).
 */
function pgCpuMs(dbName) {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.includes(` ${dbName} `) && title.includes('127.0.0.1(')) total += cpuMs(pid);
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}

/** Adds one round's result into the running total (counts, time, latencies). */
function add(total, r) {
  if (!total) return { ...r, latencies: [...r.latencies] };
  total.ok += r.ok;
  total.failed += r.failed;
  total.ms += r.ms;
  total.firstError ??= r.firstError;
  for (const l of r.latencies) total.latencies.push(l);
  return total;
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
  const raw = startLoad('raw-send');
  // Parley and the raw-pg baseline take turns in short rounds (same total time each), so a machine whose load
  // changes during the run (other processes, autovacuum, the tables growing) weighs on both alike.
  const roundMs = (SECONDS * 1000) / ROUNDS;
  const perWorker = senders.map((s) => [{ query: SEND, variables: { input: { roomId: s.roomId, body: 'A benchmark message of ordinary length.' } }, token: tokens.get(s.userId) }]);
  const parleyRound = (durationMs) => load.request({ type: 'run', url: server.url, perWorker, concurrency: n, durationMs, freshClientId: true }, 'done');
  const rawRound = (durationMs) => raw.request({ type: 'run', databaseUrl: db.url, redisUrl: REDIS_URL, prefix: `bench:raw:`, senders, durationMs }, 'done');
  let parley;
  let base;
  const used = { serverCpuMs: 0, sqlStatements: 0, parleyPgCpuMs: 0, basePgCpuMs: 0, baseLoadCpuMs: 0 };
  try {
    await parleyRound(2000); // warm-up
    await rawRound(2000);
    const t0 = Date.now();
    const work = (async () => {
      for (let r = 0; r < ROUNDS; r++) {
        const m0 = await server.metrics();
        const cpu0 = server.cpuMs();
        const pg0 = pgCpuMs(db.name);
        parley = add(parley, await parleyRound(roundMs));
        used.parleyPgCpuMs += pgCpuMs(db.name) - pg0;
        used.serverCpuMs += server.cpuMs() - cpu0;
        used.sqlStatements += (await server.metrics()).sqlStatements - m0.sqlStatements;
        const pg1 = pgCpuMs(db.name);
        const load0 = cpuMs(raw.pid);
        base = add(base, await rawRound(roundMs));
        used.basePgCpuMs += pgCpuMs(db.name) - pg1;
        used.baseLoadCpuMs += cpuMs(raw.pid) - load0;
      }
    })();
    await timed(`parley and raw pg in ${ROUNDS} rounds each, ${n} senders`, 2 * SECONDS, work.then(() => Date.now() - t0));
    if (parley.failed) log(`  parley: ${parley.failed} failed sends (${parley.firstError})`);
    if (base.failed) log(`  baseline: ${base.failed} failed (${base.firstError})`);
  } finally {
    await load.stop();
    await raw.stop();
    await server.stop();
    await db.drop();
  }
  const perSend = {
    sqlStatements: round(used.sqlStatements / parley.ok, 2),
    serverCpuMs: round(used.serverCpuMs / parley.ok, 2),
    postgresCpuMs: round(used.parleyPgCpuMs / parley.ok, 2),
  };
  const basePerSend = { clientCpuMs: round(used.baseLoadCpuMs / base.ok, 2), postgresCpuMs: round(used.basePgCpuMs / base.ok, 2) };
  const rate = (r) => r.ok / (r.ms / 1000);
  const pl = summarize(parley.latencies);
  const bl = summarize(base.latencies);
  return {
    rows: [
      { figure: `sends/s, ${n} senders in ${n} rooms`, value: round(rate(parley), 0), baseline: round(rate(base), 0), ratio: rate(parley) / rate(base), target: '>= 0.5x baseline', met: rate(parley) / rate(base) >= 0.5 },
      { figure: 'send latency p50 (ms)', value: round(pl.p50), baseline: round(bl.p50), ratio: pl.p50 / bl.p50, target: 'reported', met: null },
      { figure: 'send latency p99 (ms)', value: round(pl.p99), baseline: round(bl.p99), ratio: pl.p99 / bl.p99, target: 'reported', met: null },
      { figure: 'CPU per send (ms): server / PostgreSQL', value: `${perSend.serverCpuMs} / ${perSend.postgresCpuMs}`, baseline: `${basePerSend.clientCpuMs} / ${basePerSend.postgresCpuMs}`, ratio: null, target: 'reported', met: null },
    ],
    details: {
      senders: n,
      seconds: SECONDS,
      rounds: ROUNDS,
      parley: { ok: parley.ok, failed: parley.failed, latencyMs: roundAll(pl), perSend },
      baseline: { ok: base.ok, failed: base.failed, latencyMs: roundAll(bl), perSend: basePerSend },
    },
  };
}

export const roundAll = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v, 1)]));
