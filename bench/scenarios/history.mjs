// 4. History: room.messages(last: 50, before: cursor) on a room with N bulk-seeded messages; the deepest page
// (seq 1-50) against the newest page. Also records EXPLAIN ANALYZE of both page queries.
import { createDatabase, log, migrate, round, startLoad, startServer, summarize } from '../lib/common.mjs';
import { connect, seedRoom, seedMessages, seedSessions, seedUsers } from '../lib/seed.mjs';
import { roundAll, timed } from './sending.mjs';

export const defaults = { size: 1000000 };
const SECONDS = 8;
const CONCURRENCY = 4;
const ROUNDS = 4;
const PAGE = `query Page($roomId: ID!, $before: String) {
  room(id: $roomId) {
    messages(last: 50, before: $before) {
      edges { cursor node { id seq body createdAt sender { id username } } }
      pageInfo { hasPreviousPage startCursor }
    }
  }
}`;
const cursor = (seq) => Buffer.from(JSON.stringify([seq])).toString('base64url');

export async function run(size = defaults.size) {
  const n = Number(size);
  const db = await createDatabase('history');
  await migrate(db);
  const c = await connect(db);
  const users = await seedUsers(c, 2, 'h');
  const tokens = await seedSessions(c, users);
  const roomId = await seedRoom(c, 'History room', users.map((u) => u.id));
  const t0 = Date.now();
  await seedMessages(c, roomId, users.map((u) => u.id), n, { batch: 100000 });
  const seedSeconds = (Date.now() - t0) / 1000;
  // Settle the fresh table (visibility map, statistics) so autovacuum does not run during the measurement.
  await c.query('vacuum analyze messages');
  await c.query('vacuum analyze room_events');
  const explain = async (label, cond) =>
    (
      await c.query(
        `explain (analyze, buffers) select m0.* from messages as m0 where m0.room_id = $1 ${cond} order by m0.seq desc limit 51`,
        [roomId],
      )
    ).rows.map((r) => r['QUERY PLAN']);
  const plans = { newest: await explain('newest', ''), deepest: await explain('deepest', 'and m0.seq < 51') };
  await c.end();
  const server = await startServer(db, { profileTag: 'history' });
  const load = startLoad('http');
  const token = tokens.get(users[0].id);
  const results = {};
  try {
    // Alternate the two pages in short rounds, so drift on a shared machine falls on both alike.
    const pages = [['newest', null], ['deepest', cursor(51)]];
    for (const [, before] of pages) await load.request({ type: 'run', url: server.url, requests: [{ query: PAGE, variables: { roomId, before }, token }], concurrency: CONCURRENCY, durationMs: 1000 }, 'done');
    const acc = { newest: { ok: 0, failed: 0, ms: 0, latencies: [], sql: 0 }, deepest: { ok: 0, failed: 0, ms: 0, latencies: [], sql: 0 } };
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      for (const [name, before] of pages) {
        const requests = [{ query: PAGE, variables: { roomId, before }, token }];
        const m0 = await server.metrics();
        const r = await timed(`${name} page, round ${round_ + 1}/${ROUNDS}`, SECONDS / ROUNDS, load.request({ type: 'run', url: server.url, requests, concurrency: CONCURRENCY, durationMs: (SECONDS / ROUNDS) * 1000 }, 'done'));
        const m1 = await server.metrics();
        const a = acc[name];
        a.ok += r.ok;
        a.failed += r.failed;
        a.ms += r.ms;
        a.latencies.push(...r.latencies);
        a.sql += m1.sqlStatements - m0.sqlStatements;
        if (r.failed) log(`  ${name}: ${r.failed} failed (${r.firstError})`);
      }
    }
    for (const [name, a] of Object.entries(acc)) {
      results[name] = { perSecond: a.ok / (a.ms / 1000), latency: summarize(a.latencies), sqlPerRequest: round(a.sql / (a.ok + a.failed), 2), failed: a.failed };
    }
  } finally {
    await load.stop();
    await server.stop();
    await db.drop();
  }
  const { newest, deepest } = results;
  const cost = deepest.latency.p50 / newest.latency.p50;
  return {
    rows: [
      { figure: `deepest page cost vs newest, p50 (${n} messages)`, value: round(deepest.latency.p50, 2), baseline: round(newest.latency.p50, 2), ratio: cost, target: '<= 1.2x newest page', met: cost <= 1.2 },
      { figure: 'newest page req/s', value: round(newest.perSecond, 0), baseline: null, ratio: null, target: 'reported', met: null },
      { figure: 'deepest page req/s', value: round(deepest.perSecond, 0), baseline: round(newest.perSecond, 0), ratio: deepest.perSecond / newest.perSecond, target: 'reported', met: null },
      { figure: 'newest page p50 / p99 (ms)', value: `${round(newest.latency.p50)} / ${round(newest.latency.p99)}`, baseline: null, ratio: null, target: 'reported', met: null },
      { figure: 'deepest page p50 / p99 (ms)', value: `${round(deepest.latency.p50)} / ${round(deepest.latency.p99)}`, baseline: null, ratio: null, target: 'reported', met: null },
    ],
    details: {
      messages: n,
      seedSeconds: round(seedSeconds, 1),
      concurrency: CONCURRENCY,
      newest: { ...newest, latency: roundAll(newest.latency), perSecond: round(newest.perSecond, 0) },
      deepest: { ...deepest, latency: roundAll(deepest.latency), perSecond: round(deepest.perSecond, 0) },
      explain: plans,
    },
  };
}
