// 6. Room list: rooms(first: 50) with previews (last message and its sender) and unread counts for a user in N rooms.
// SQL statements per request must not depend on the page size; p50/p99 reported.
import { createDatabase, log, migrate, round, scaledSeconds, startLoad, startServer, summarize } from '../lib/common.mjs';
import { connect, seedMessagesInRooms, seedRooms, seedSessions, seedUsers } from '../lib/seed.mjs';
import { roundAll, timed } from './sending.mjs';

export const defaults = { size: 500, minSize: 50 };
const SECONDS = scaledSeconds(8);
const CONCURRENCY = 4;
const MESSAGES_PER_ROOM = 20;
const ROOMS = `query Rooms($first: Int) {
  rooms(first: $first) {
    edges { cursor node { id name kind lastSeq lastActivityAt unreadCount memberCount myRole
      lastMessage { id seq body createdAt sender { id username } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export async function run(size = defaults.size) {
  const n = Number(size);
  const db = await createDatabase('roomlist');
  await migrate(db);
  const c = await connect(db);
  const users = await seedUsers(c, 6, 'r');
  const tokens = await seedSessions(c, users);
  const rooms = await seedRooms(c, n, 'Room ', users.map((u) => u.id));
  // Messages from the other members, so every room has a preview and unread messages for the viewer.
  await seedMessagesInRooms(c, rooms, users.slice(1).map((u) => u.id), MESSAGES_PER_ROOM);
  await c.query('vacuum analyze');
  await c.end();
  const server = await startServer(db, { profileTag: 'roomlist' });
  const load = startLoad('http');
  const token = tokens.get(users[0].id);
  let statements;
  let r;
  try {
    // Statements per request, counted one request at a time, for several page sizes.
    statements = {};
    // One request first: the viewer's throttled last-seen update belongs to no page size.
    await load.request({ type: 'run', url: server.url, requests: [{ query: ROOMS, variables: { first: 1 }, token }], concurrency: 1, durationMs: 60000, maxRequests: 1 }, 'done');
    for (const first of [1, 10, 50]) {
      const m0 = await server.metrics();
      await load.request({ type: 'run', url: server.url, requests: [{ query: ROOMS, variables: { first }, token }], concurrency: 1, durationMs: 60000, maxRequests: 10 }, 'done');
      const m1 = await server.metrics();
      statements[first] = round((m1.sqlStatements - m0.sqlStatements) / 10, 2);
    }
    const requests = [{ query: ROOMS, variables: { first: 50 }, token }];
    await load.request({ type: 'run', url: server.url, requests, concurrency: CONCURRENCY, durationMs: 1500 }, 'done');
    r = await timed('rooms(first: 50)', SECONDS, load.request({ type: 'run', url: server.url, requests, concurrency: CONCURRENCY, durationMs: SECONDS * 1000 }, 'done'));
    if (r.failed) log(`  ${r.failed} failed (${r.firstError})`);
  } finally {
    await load.stop();
    await server.stop();
    await db.drop();
  }
  const lat = summarize(r.latencies);
  const constant = statements[1] === statements[10] && statements[10] === statements[50];
  return {
    rows: [
      { figure: `SQL statements per request, first: 1 / 10 / 50 (${n} rooms)`, value: `${statements[1]} / ${statements[10]} / ${statements[50]}`, baseline: null, ratio: null, target: 'constant', met: constant },
      { figure: 'rooms(first: 50) p50 / p99 (ms)', value: `${round(lat.p50)} / ${round(lat.p99)}`, baseline: null, ratio: null, target: 'reported', met: null },
      { figure: 'rooms(first: 50) req/s', value: round(r.ok / (r.ms / 1000), 0), baseline: null, ratio: null, target: 'reported', met: null },
    ],
    details: { rooms: n, messagesPerRoom: MESSAGES_PER_ROOM, concurrency: CONCURRENCY, statementsPerRequest: statements, latency: roundAll(lat), ok: r.ok, failed: r.failed },
  };
}
