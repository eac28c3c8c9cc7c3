// 3. Idle connections: N graphql-ws connections, each with one roomEvents subscription; server memory per connection
// against a bare `ws` server holding the same number of sockets. RSS is read from /proc after a GC and a settle.
import { fork } from 'node:child_process';
import path from 'node:path';
import { BENCH, createDatabase, freePort, log, migrate, progress, progressDone, round, rssKb, sleep, startLoad, startServer } from '../lib/common.mjs';
import { connect, seedRooms, seedSessions, seedUsers } from '../lib/seed.mjs';
import { heapDiff } from '../heap-diff.mjs';
import { webRoomEventsDocument } from '../lib/web-document.mjs';

export const defaults = { size: 10000, minSize: 100 };
const PROCESSES = 2;
const ROOM_SIZE = 100;

async function settle(read) {
  await sleep(2000);
  const a = await read();
  await sleep(1000);
  return Math.min(a, await read());
}

async function openAll(label, subs, msgFor, expect, current) {
  const started = Date.now();
  const pending = subs.map((s, i) => s.request(msgFor(i), 'connected'));
  let done = false;
  let failed = null;
  // A load process that fails (or is stopped after the timeout below) rejects its request: report it, not crash.
  Promise.all(pending).then(() => undefined, (err) => (failed = err)).finally(() => (done = true));
  while (!done || (await current()) < expect) {
    if (failed) throw failed;
    const c = await current();
    progress(`${label}: ${c}/${expect} connections`);
    if (Date.now() - started > 240000) throw new Error(`${label}: only ${c}/${expect} connections after 240 s`);
    await sleep(500);
  }
  progressDone();
  return (Date.now() - started) / 1000;
}

async function baseline(n) {
  const port = await freePort();
  const server = fork(path.join(BENCH, 'baselines/ws-broadcast.mjs'), [], { env: { ...process.env, BASE_PORT: String(port) }, execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((r) => server.once('message', r));
  const ask = () => new Promise((r) => { server.once('message', r); server.send({ type: 'count' }); });
  const subs = Array.from({ length: PROCESSES }, () => startLoad('subscribers'));
  try {
    const before = await settle(async () => (await ask(), rssKb(server.pid)));
    const per = Math.ceil(n / PROCESSES);
    const seconds = await openAll('baseline', subs, (i) => ({ type: 'connect', mode: 'baseline', wsUrl: `ws://127.0.0.1:${port}`, count: Math.min(per, n - i * per) }), n, async () => (await ask()).clients);
    const after = await settle(async () => (await ask(), rssKb(server.pid)));
    return { beforeKb: before, afterKb: after, perConnectionKb: (after - before) / n, connectSeconds: round(seconds, 1) };
  } finally {
    await Promise.all(subs.map((s) => s.stop()));
    server.kill();
  }
}

export async function run(size = defaults.size) {
  const n = Number(size);
  log(`  baseline: bare ws server with ${n} sockets`);
  const base = await baseline(n);
  log(`  parley: ${n} graphql-ws connections with a roomEvents subscription each`);
  const db = await createDatabase('idle');
  await migrate(db);
  const c = await connect(db);
  const users = await seedUsers(c, n, 'i');
  const tokens = await seedSessions(c, users);
  const rooms = [];
  for (let i = 0; i < n; i += ROOM_SIZE) {
    const ids = users.slice(i, i + ROOM_SIZE).map((u) => u.id);
    rooms.push(...(await seedRooms(c, 1, `Idle room ${i / ROOM_SIZE} `, ids)));
    progress(`seeding rooms ${rooms.length}/${Math.ceil(n / ROOM_SIZE)}`);
  }
  await c.end();
  // Each subscription is the web app's own RoomEvents document, resuming as the app does (afterSeq).
  const query = webRoomEventsDocument();
  const server = await startServer(db, { profileTag: 'idle', nodeArgs: ['--expose-gc', ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)] });
  const subs = Array.from({ length: PROCESSES }, () => startLoad('subscribers'));
  let parley;
  try {
    const read = async () => (await fetch(`${server.base}/diagnostics?gc=1`).then((r) => r.json()), server.rssKb());
    // Warm up the code paths (one connection and subscription) before the "before" reading.
    const warm = startLoad('subscribers');
    await warm.request({ type: 'connect', mode: 'parley', wsUrl: server.wsUrl, tokens: [tokens.get(users[0].id)], roomId: rooms[0], query, afterSeqs: [0] }, 'connected');
    await sleep(500);
    await warm.request({ type: 'close' }, 'closed');
    await warm.stop();
    for (let i = 0; i < 50 && (await server.metrics()).connections > 0; i++) await sleep(100);
    const cpu0 = server.cpuMs();
    const before = await settle(read);
    // BENCH_PROFILE=idle-heap: heap snapshots before and after the connections, compared by constructor.
    const heapSnapshots = (process.env.BENCH_PROFILE ?? '').split(',').includes('idle-heap');
    const snapshot = async () => (await fetch(`${server.base}/diagnostics/heap-snapshot`, { method: 'POST' }).then((r) => r.json())).file;
    const snapBefore = heapSnapshots ? await snapshot() : null;
    const memBefore = (await server.metrics()).memory;
    const heapBefore = memBefore.heapUsed;
    const per = Math.ceil(n / PROCESSES);
    const seconds = await openAll(
      'parley',
      subs,
      (i) => {
        const mine = users.slice(i * per, (i + 1) * per);
        return { type: 'connect', mode: 'parley', wsUrl: server.wsUrl, tokens: mine.map((u) => tokens.get(u.id)), roomId: mine.map((u, j) => rooms[Math.floor((i * per + j) / ROOM_SIZE)]), query, afterSeqs: [0] };
      },
      n,
      async () => (await server.metrics()).connections,
    );
    const cpuConnect = server.cpuMs() - cpu0;
    // Subscriptions are registered once the room topics hold a handler per subscriber.
    for (let i = 0; i < 600; i++) {
      const m = await server.metrics();
      progress(`parley: ${m.pubsub.handlers} pubsub handlers`);
      if (m.pubsub.handlers >= 2 * n) break;
      await sleep(200);
    }
    progressDone();
    const after = await settle(read);
    if (snapBefore) log(heapDiff(snapBefore, await snapshot(), n, 45));
    const m = await server.metrics();
    parley = { beforeKb: before, afterKb: after, perConnectionKb: (after - before) / n, connectSeconds: round(seconds, 1), connections: m.connections, pubsubHandlers: m.pubsub.handlers, heapUsedMb: round(m.memory.heapUsed / 2 ** 20, 1), heapPerConnectionKb: round((m.memory.heapUsed - heapBefore) / 1024 / n, 1),
      // Per connection, KiB: V8 heap reserved (used or not), memory outside the heap (Buffers), and the rest of RSS.
      heapTotalPerConnectionKb: round((m.memory.heapTotal - memBefore.heapTotal) / 1024 / n, 1),
      externalPerConnectionKb: round((m.memory.external - memBefore.external) / 1024 / n, 2),
      cpuMsPerConnection: round(cpuConnect / n, 2) };
  } finally {
    await Promise.all(subs.map((s) => s.stop()));
    await server.stop();
    await db.drop();
  }
  const ratio = parley.perConnectionKb / base.perConnectionKb;
  return {
    rows: [
      { figure: `server memory (RSS) per connection, ${n} connections with the web app's RoomEvents (KiB)`, value: round(parley.perConnectionKb, 1), baseline: round(base.perConnectionKb, 1), ratio, target: '<= 3x baseline', met: ratio <= 3 },
      { figure: 'of which V8 heap in use per connection (KiB)', value: parley.heapPerConnectionKb, baseline: null, ratio: null, target: 'reported', met: null },
    ],
    details: { connections: n, parley, baseline: base },
  };
}
