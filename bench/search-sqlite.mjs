// SQLite searchMessages on one big room, directly (no load processes): `node bench/search-sqlite.mjs [messages]`
// (default 1,000,000; needs the production build, `npm run build:server`). Seeds a migrated SQLite file as the history
// scenario's SQLite copy does (bench/lib/seed-sqlite.mjs: the same corpus), starts the bench server on it, registers
// a member of the room and an outsider (in a small room of their own), then times sequential searches: NEWEST pages
// 1 and 10 (following endCursor) and RELEVANCE page 1 for the common word, the rare word and the phrase; the outsider's
// common-word search over all their rooms, which must walk past every match of the big room it may not read.
// BEFORE_ENTRY=<another build's dist/src/diagnostics/bench-main.js> times that build's server afterwards, on the same file.
import sqlite3 from 'sqlite3';
import { gql, log, randomUUID, round, startServer, summarize } from './lib/common.mjs';
import { bodies, searchTerms } from './lib/corpus.mjs';
import { copyRoom, createSqliteDatabase } from './lib/seed-sqlite.mjs';

const N = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 15);
const TERMS = searchTerms();
const SEARCH = `query($q: String!, $room: ID, $order: SearchOrder, $after: String) {
  searchMessages(query: $q, roomId: $room, orderBy: $order, first: 20, after: $after) {
    edges { cursor highlights { start end } node { id seq body createdAt sender { id username } room { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const sql = (file, statements) =>
  new Promise((res, rej) => {
    const db = new sqlite3.Database(file, (e) => {
      if (e) return rej(e);
      db.exec(statements, (err) => db.close(() => (err ? rej(err) : res())));
    });
  });

const db = await createSqliteDatabase('search');
const roomId = randomUUID();
const users = [0, 1].map((i) => ({ id: randomUUID(), email: `s${i}@example.com`, username: `s${i}`, username_lower: `s${i}`, password_hash: 'x', display_name: null, role: 'USER', created_at: new Date(), updated_at: new Date() }));
// What copyRoom reads from PostgreSQL, for a room that exists only here.
const fake = {
  async query(text) {
    if (text.startsWith('select * from memberships')) return { rows: users.map((u) => ({ id: randomUUID(), room_id: roomId, user_id: u.id, role: 'MEMBER', joined_at: new Date() })) };
    if (text.startsWith('select * from users')) return { rows: users };
    if (text.startsWith('select * from sessions')) return { rows: [] };
    if (text.startsWith('select * from rooms')) return { rows: [{ id: roomId, kind: 'PUBLIC', name: 'Big room', created_by_id: users[0].id, created_at: new Date(), updated_at: new Date() }] };
    throw new Error(`unexpected query ${text}`);
  },
};
const t0 = Date.now();
await copyRoom(fake, db, roomId, N, bodies().next);
log(`${N} messages seeded in ${round((Date.now() - t0) / 1000)} s (${db.file})`);

let server;
try {
  server = await startServer(db);
  const reg = async (name) => (await gql(server.url, `mutation($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }`, { i: { email: `${name}@example.com`, username: name, password: 'correct horse battery' } })).register;
  const member = await reg('member');
  const outsider = await reg('outsider');
  await sql(db.file, `insert into memberships (id, room_id, user_id, role, joined_at, last_read_seq) values ('${randomUUID()}', '${roomId}', '${member.user.id}', 'MEMBER', ${Date.now()}, 0)`);
  const own = (await gql(server.url, `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Small room', memberIds: [] } }, outsider.accessToken)).createGroupRoom.id;
  await gql(server.url, `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { roomId: own, body: 'the one message the outsider can find' } }, outsider.accessToken);

  const search = (token, variables) => gql(server.url, SEARCH, variables, token).then((d) => d.searchMessages);
  const cases = [];
  for (const [kind, q] of Object.entries(TERMS)) {
    cases.push([`${kind} NEWEST page 1`, member.accessToken, { q, room: roomId, order: 'NEWEST' }]);
    // The cursor of page 9's end: page 10.
    let after = null;
    for (let p = 1; p < 10; p++) {
      const c = await search(member.accessToken, { q, room: roomId, order: 'NEWEST', after });
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    if (after) cases.push([`${kind} NEWEST page 10`, member.accessToken, { q, room: roomId, order: 'NEWEST', after }]);
    cases.push([`${kind} RELEVANCE page 1`, member.accessToken, { q, room: roomId, order: 'RELEVANCE' }]);
  }
  cases.push([`common NEWEST, an outsider's rooms`, outsider.accessToken, { q: TERMS.common, order: 'NEWEST' }]);
  // This build's server, then (BEFORE_ENTRY=<another build's dist/src/diagnostics/bench-main.js>) another's on the
  // same file, BEFORE_RUNS times each (the searches before the time-keyed index did not depend on its rowids).
  const builds = [['this build', RUNS, null], ...(process.env.BEFORE_ENTRY ? [['before', Number(process.env.BEFORE_RUNS ?? 3), process.env.BEFORE_ENTRY]] : [])];
  for (const [build, runs, entry] of builds) {
    if (entry) {
      await server.stop();
      process.env.BENCH_SERVER_ENTRY = entry;
      server = await startServer(db);
    }
    for (const [name, token, variables] of cases) {
      const ms = [];
      let found = 0;
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        found = (await search(token, variables)).edges.length;
        ms.push(performance.now() - start);
      }
      const s = summarize(ms);
      log(`${build.padEnd(10)} ${name.padEnd(36)} p50 ${String(round(s.p50)).padStart(8)} ms  p99 ${String(round(s.p99)).padStart(8)} ms  (${found} results, ${runs} runs)`);
    }
  }
} finally {
  await server?.stop();
  await db.drop();
}
