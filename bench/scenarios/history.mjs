// 4. History and search: a room of N bulk-seeded messages whose bodies follow a realistic word distribution
// (bench/lib/corpus.mjs). room.messages(last: 50, before): the deepest page (seq 1-50) against the newest page, with
// EXPLAIN ANALYZE of both. Issue 16: searchMessages (the web app's document) for a common word, a rare word and a
// phrase against the newest page, on PostgreSQL and on a SQLite copy of the same room; sendMessage with @mentions
// against without.
import { createDatabase, log, migrate, round, scaledSeconds, startLoad, startServer } from '../lib/common.mjs';
import { bodies } from '../lib/corpus.mjs';
import { TERMS, detail, measureMentions, measureSearch, mentionRows, searchRows } from '../lib/search-bench.mjs';
import { copyRoom, createSqliteDatabase } from '../lib/seed-sqlite.mjs';
import { connect, seedMessages, seedRoom, seedSessions, seedUsers } from '../lib/seed.mjs';
import { roundAll, timed } from './sending.mjs';

export const defaults = { size: 1000000, minSize: 10000 };
const SECONDS = scaledSeconds(8, 4);
const SEARCH_SECONDS = scaledSeconds(16, 4);
const CONCURRENCY = 4;
const ROUNDS = 4;
const MENTION_MEMBERS = 20;
const PAGE = `query Page($roomId: ID!, $before: String) {
  room(id: $roomId) {
    messages(last: 50, before: $before) {
      edges { cursor node { id seq body createdAt sender { id username } } }
      pageInfo { hasPreviousPage startCursor }
    }
  }
}`;
const cursor = (seq) => Buffer.from(JSON.stringify([seq])).toString('base64url');
// Targets of issue 16 for PostgreSQL (p99, ms); the phrase has none.
const PG_TARGETS = { common: 200, rare: 50 };

async function historyPages(server, load, roomId, token) {
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
  const { summarize } = await import('../lib/common.mjs');
  return Object.fromEntries(Object.entries(acc).map(([name, a]) => [name, { perSecond: a.ok / (a.ms / 1000), latency: summarize(a.latencies), sqlPerRequest: round(a.sql / (a.ok + a.failed), 2), failed: a.failed }]));
}

export async function run(size = defaults.size) {
  const n = Number(size);
  const db = await createDatabase('history');
  const sqlite = await createSqliteDatabase('history');
  await migrate(db);
  const c = await connect(db);
  const users = await seedUsers(c, 2, 'h');
  const roomId = await seedRoom(c, 'History room', users.map((u) => u.id));
  const t0 = Date.now();
  // The search index is built once after the bulk insert (as CREATE INDEX on existing rows would), not row by row.
  const searchIndex = (await c.query(`select indexdef from pg_indexes where indexname = 'messages_search_vector_index'`)).rows[0]?.indexdef;
  if (searchIndex) await c.query('drop index messages_search_vector_index');
  await seedMessages(c, roomId, users.map((u) => u.id), n, { batch: 100000, body: bodies().next });
  if (searchIndex) await c.query(searchIndex);
  const seedSeconds = (Date.now() - t0) / 1000;
  // A second room for the mention sends: MENTION_MEMBERS members, 4 of them sending.
  const people = await seedUsers(c, MENTION_MEMBERS, 'mm');
  const mentionRoom = await seedRoom(c, 'Mentions room', people.map((u) => u.id));
  const tokens = await seedSessions(c, [...users, ...people]);
  // Settle the fresh table (visibility map, statistics) so autovacuum does not run during the measurement.
  await c.query('vacuum analyze messages');
  await c.query('vacuum analyze room_events');
  const explain = async (cond) =>
    (await c.query(`explain (analyze, buffers) select m0.* from messages as m0 where m0.room_id = $1 ${cond} order by m0.seq desc limit 51`, [roomId])).rows.map((r) => r['QUERY PLAN']);
  const plans = { newest: await explain(''), deepest: await explain('and m0.seq < 51') };
  // How many messages each search term matches (what the search has to sift).
  const matches = {};
  for (const [k, q] of Object.entries(TERMS)) matches[k] = Number((await c.query(`select count(*) as n from messages where search_vector @@ websearch_to_tsquery('parley_search'::regconfig, $1)`, [q])).rows[0].n);
  log(`  ${n} messages seeded in ${round(seedSeconds)} s; matches: ${Object.entries(matches).map(([k, v]) => `${k} (${TERMS[k]}) ${v}`).join(', ')}`);
  const t1 = Date.now();
  await copyRoom(c, sqlite, roomId, n, bodies().next);
  const sqliteSeedSeconds = (Date.now() - t1) / 1000;
  await c.end();
  const token = tokens.get(users[0].id);
  const page = { query: PAGE, variables: { roomId, before: null }, token };
  let results, pgSearch, mentions, sqliteSearch;
  const server = await startServer(db, { profileTag: 'history' });
  const load = startLoad('http');
  try {
    results = await historyPages(server, load, roomId, token);
    log('  PostgreSQL: searchMessages against the newest page');
    pgSearch = await measureSearch({ load, server, roomId, token, page, seconds: SEARCH_SECONDS, rounds: ROUNDS, concurrency: CONCURRENCY, label: 'PostgreSQL' });
    log('  sendMessage with @mentions against without');
    const senders = people.slice(0, 4).map((u) => ({ token: tokens.get(u.id) }));
    mentions = await measureMentions({ load, server, roomId: mentionRoom, senders, mentionable: people.slice(4).map((u) => u.username), seconds: SECONDS, rounds: ROUNDS });
  } finally {
    await load.stop();
    await server.stop();
    await db.drop();
  }
  const sqliteServer = await startServer(sqlite, { profileTag: 'history-sqlite' });
  const sqliteLoad = startLoad('http');
  try {
    log('  SQLite (the same room): searchMessages against the newest page');
    sqliteSearch = await measureSearch({ load: sqliteLoad, server: sqliteServer, roomId, token, page, seconds: SEARCH_SECONDS, rounds: ROUNDS, concurrency: CONCURRENCY, label: 'SQLite' });
  } finally {
    await sqliteLoad.stop();
    await sqliteServer.stop();
    await sqlite.drop();
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
      ...searchRows('PostgreSQL', pgSearch, PG_TARGETS),
      ...searchRows('SQLite', sqliteSearch, null),
      ...mentionRows(mentions),
    ],
    details: {
      messages: n,
      seedSeconds: round(seedSeconds, 1),
      sqliteSeedSeconds: round(sqliteSeedSeconds, 1),
      concurrency: CONCURRENCY,
      newest: { ...newest, latency: roundAll(newest.latency), perSecond: round(newest.perSecond, 0) },
      deepest: { ...deepest, latency: roundAll(deepest.latency), perSecond: round(deepest.perSecond, 0) },
      explain: plans,
      search: { terms: TERMS, matches, document: 'web app SearchMessages (orderBy NEWEST, first 20, roomId)', postgresql: detail(pgSearch), sqlite: detail(sqliteSearch), seconds: SEARCH_SECONDS, rounds: ROUNDS },
      mentions: { members: MENTION_MEMBERS, document: 'web app SendMessage', ...detail(mentions) },
    },
  };
}
