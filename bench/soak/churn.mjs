// Churn soak: one Parley instance (the diagnostics build, --expose-gc) on a database and a redis-server of the run's
// own; clients connect, subscribe (roomEvents, viewerEvents, typing, presence), receive, and hang up cleanly or cut
// the connection, over and over for SOAK_SECONDS. Heap, RSS, file descriptors, Redis channels, presence and live
// sockets are compared after a warm-up and after the soak, each time once the server settled and collected garbage.
import path from 'node:path';
import pg from 'pg';
import { createDatabase, ROOT, runNode } from '../lib/common.mjs';
import { bar, call, onInterrupt, createRoom, openFds, mallocStats, mallocTrim, openSocket, OwnRedis, PRESENCE, registerUser, ROOM_EVENTS } from './lib.mjs';
import { rssMap, rssMiB, say, sleep, startParley, TYPING, VIEWER_EVENTS } from './lib.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 40);
const MAX_CYCLES = Number(process.env.SOAK_MAX_CYCLES ?? 200000);
const WARMUP_SECONDS = Math.min(20, Math.max(5, Math.round(SECONDS / 10)));
const USERS = 40;
const ROOMS = 4;

export async function runChurn() {
  const started = Date.now();
  const redis = await OwnRedis.create();
  await redis.start();
  const rc = redis.client();
  const db = await createDatabase('soak_churn');
  const forgetDb = onInterrupt(() => db.drop());
  const prefix = `soak:${db.name}:`;
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: prefix };
  let server;
  const dbc = new pg.Client({ connectionString: db.url });
  dbc.on('error', () => {}); // an interrupted run drops the database WITH (FORCE), which ends this connection
  try {
    await runNode([path.join(ROOT, 'dist/scripts/migrate.js')], { ...process.env, ...env }, true);
    server = await startParley({ entry: 'dist/src/diagnostics/bench-main.js', env, nodeArgs: ['--expose-gc'] });
    await dbc.connect();
    say(`  churn: redis-server on ${redis.port}, database ${db.name}, instance ${server.base} (pid ${server.pid}); ${CLIENTS} clients, ${SECONDS} s`);

    const users = [];
    for (let i = 0; i < USERS; i++) users.push(await registerUser(server.url, 'churn'));
    const rooms = [];
    for (let i = 0; i < ROOMS; i++) rooms.push(await createRoom(server.url, users[0], users.slice(1), `Churn ${i}`));

    const diag = async (gc) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await fetch(`${server.base}/diagnostics${gc ? '?gc=1' : ''}`).then((r) => r.json());
        } catch (err) {
          if (attempt > 2) throw err;
          await sleep(100);
        }
      }
    };
    const figures = async () => {
      await diag(true);
      await sleep(200);
      const d = await diag(true);
      const channels = await rc.pubsub('CHANNELS', `${prefix}*`);
      const numsub = channels.length ? await rc.pubsub('NUMSUB', ...channels) : [];
      let subscriptions = 0;
      for (let i = 1; i < numsub.length; i += 2) subscriptions += Number(numsub[i]);
      const malloc = await mallocStats(server.pid, server.output);
      const out = {
        'heap used (MiB)': d.memory.heapUsed / 2 ** 20,
        'V8 heap total (MiB)': d.memory.heapTotal / 2 ** 20,
        'external, array buffers included (MiB)': d.memory.external / 2 ** 20,
        'array buffers (MiB)': d.memory.arrayBuffers / 2 ** 20,
        'shared results kept': d.sharedResults.results,
        'their frame bodies / the ArrayBuffers under them (MiB)': [d.sharedResults.bodyBytes, d.sharedResults.backingBytes].map((n) => (n / 2 ** 20).toFixed(2)).join(' / '),
        'RSS (MiB)': rssMiB(server.pid),
        'RSS outside the V8 heap (MiB)': rssMiB(server.pid) - d.memory.heapTotal / 2 ** 20,
        'RSS by mapping (MiB)': rssMap(server.pid),
        'malloc: in use (MiB)': malloc?.inUse ?? null,
        'malloc: held from the OS (MiB)': malloc?.held ?? null,
        'open file descriptors': openFds(server.pid),
        'Redis channels (PUBSUB CHANNELS)': channels.length,
        'Redis subscriptions (sum of NUMSUB)': subscriptions,
        'Redis patterns (PUBSUB NUMPAT)': Number(await rc.pubsub('NUMPAT')),
        'presence: online in Redis': await rc.zcard(`${prefix}presence:online`),
        'presence: users.is_online': Number((await dbc.query('select count(*) as n from users where is_online')).rows[0].n),
        'live sockets': d.connections,
        'PubSub topics held': d.pubsub.topics,
        'PubSub handlers': d.pubsub.handlers,
      };
      // Last (it changes RSS): what stays resident outside the V8 heap once glibc returned what malloc_trim(0) can (free
      // chunks of every arena and the main arena's top; not a thread arena's free top below the trim threshold).
      out['RSS outside the V8 heap after malloc_trim (MiB)'] = (await mallocTrim(server.pid)) ? rssMiB(server.pid) - d.memory.heapTotal / 2 ** 20 : null;
      return out;
    };
    const settle = async () => {
      // Wait (bounded) until the server holds no socket and nobody is online, then a short settle.
      for (const end = Date.now() + 60000; Date.now() < end; await sleep(200)) {
        const d = await diag(false);
        const online = await rc.zcard(`${prefix}presence:online`);
        if (d.connections === 0 && online === 0) break;
      }
      await sleep(Number(process.env.SOAK_SETTLE_MS ?? 3000));
    };

    // A talker keeps messages and typing flowing so the churned streams receive something.
    let talking = true;
    const talker = (async () => {
      for (let n = 0; talking; n++) {
        const u = users[n % USERS];
        const room = rooms[n % ROOMS];
        await call(server.url, `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`, { i: { roomId: room, body: `churn ${n}` } }, u.token);
        if (n % 3 === 0) await call(server.url, `mutation($r: ID!, $t: Boolean!) { setTyping(roomId: $r, isTyping: $t) }`, { r: room, t: n % 6 === 0 }, u.token);
        await sleep(200);
      }
    })();

    const stats = { cycles: 0, clean: 0, cut: 0, early: 0, refused: 0, events: 0, errors: 0 };
    const churn = async (seconds, label) => {
      const until = Date.now() + seconds * 1000;
      const t0 = Date.now();
      const tick = setInterval(() => bar(label, (Date.now() - t0) / (seconds * 1000), `cycles ${stats.cycles}, events ${stats.events}, cut ${stats.cut}, clean ${stats.clean}, early ${stats.early}`), 250);
      const loop = async (i) => {
        while (Date.now() < until && stats.cycles < MAX_CYCLES) {
          const u = users[(i + stats.cycles) % USERS];
          const room = rooms[(i + stats.cycles) % ROOMS];
          const sock = openSocket(server.wsUrl, u.token);
          stats.cycles++;
          const roll = Math.random();
          if (roll < 0.1) {
            // Gone before the server acknowledged it.
            await sleep(Math.random() * 20);
            sock.cut();
            stats.early++;
            await sock.closed;
            continue;
          }
          if (!(await sock.ready)) {
            stats.refused++;
            continue;
          }
          const handlers = { next: () => void stats.events++, end: (why) => void (why !== 'socket closed' && why !== 'complete' && stats.errors++) };
          sock.sub(ROOM_EVENTS, { r: room }, handlers);
          sock.sub(VIEWER_EVENTS, {}, handlers);
          sock.sub(TYPING, { r: room }, handlers);
          sock.sub(PRESENCE, { r: room }, handlers);
          await sleep(200 + Math.random() * 1800);
          if (roll < 0.55) {
            sock.cut();
            stats.cut++;
          } else {
            sock.close();
            stats.clean++;
          }
          await sock.closed;
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, i) => loop(i)));
      clearInterval(tick);
    };

    await churn(WARMUP_SECONDS, 'churn warm-up');
    await settle();
    const before = await figures();
    const warmCycles = stats.cycles;
    const samples = [];
    // Every SOAK_SAMPLE_SECONDS: the heap as it is, then memory after a forced GC, to tell growth that follows the
    // cycles (a leak) from growth that levels off (pools, caches bounded by count, the allocator keeping pages).
    const sample = async () => {
      const d = await diag(false);
      const g = await diag(true);
      const channels = (await rc.pubsub('CHANNELS', `${prefix}*`)).length;
      const malloc = await mallocStats(server.pid, server.output);
      const MiB = (n) => Math.round((n / 2 ** 20) * 10) / 10;
      samples.push({
        s: Math.round((Date.now() - t1) / 1000),
        cycles: stats.cycles - warmCycles,
        heap: d.memory.heapUsed / 2 ** 20,
        sockets: d.connections,
        channels,
        online: await rc.zcard(`${prefix}presence:online`),
        gc: {
          heapUsed: MiB(g.memory.heapUsed),
          heapTotal: MiB(g.memory.heapTotal),
          external: MiB(g.memory.external),
          arrayBuffers: MiB(g.memory.arrayBuffers),
          rss: MiB(rssMiB(server.pid) * 2 ** 20),
          kept: g.sharedResults.results,
          keptBacking: MiB(g.sharedResults.backingBytes),
          map: rssMap(server.pid),
          mallocInUse: malloc && MiB(malloc.inUse * 2 ** 20),
          mallocHeld: malloc && MiB(malloc.held * 2 ** 20),
        },
      });
    };
    const sampler = setInterval(() => void sample().catch(() => {}), Number(process.env.SOAK_SAMPLE_SECONDS ?? 30) * 1000);
    const t1 = Date.now();
    await churn(SECONDS, 'churn soak');
    clearInterval(sampler);
    talking = false;
    await talker;
    await settle();
    const after = await figures();
    const cycles = stats.cycles - warmCycles;
    say(`  churn: ${cycles} connect/disconnect cycles in ${SECONDS} s (${stats.cut} cut, ${stats.clean} clean, ${stats.early} gone before the ack, ${stats.refused} refused), ${stats.events} events received, ${stats.errors} stream errors`);
    return { seconds: Math.round((Date.now() - started) / 1000), soakSeconds: SECONDS, clients: CLIENTS, cycles, stats, before, after, samples, verdict: verdict(before, after, cycles, samples), serverLog: server.output().slice(-2000) };
  } finally {
    await server?.stop();
    await dbc.end().catch(() => {});
    rc.disconnect();
    await redis.kill();
    await db.drop().catch((err) => say(`  could not drop ${db.name}: ${err.message}`));
    forgetDb();
  }
}

/** Each figure against its allowance: what must return to baseline exactly, and how much memory may grow. */
export function verdict(before, after, cycles, samples) {
  const checks = [];
  const exact = ['Redis channels (PUBSUB CHANNELS)', 'Redis subscriptions (sum of NUMSUB)', 'Redis patterns (PUBSUB NUMPAT)', 'presence: online in Redis', 'presence: users.is_online', 'live sockets', 'PubSub topics held', 'PubSub handlers'];
  for (const k of exact) checks.push({ figure: k, ok: after[k] === before[k], rule: 'back to baseline' });
  checks.push({ figure: 'open file descriptors', ok: after['open file descriptors'] - before['open file descriptors'] <= 3, rule: 'within +3 of baseline' });
  const heapGrowth = after['heap used (MiB)'] - before['heap used (MiB)'];
  checks.push({ figure: 'heap used (MiB)', ok: heapGrowth <= Math.max(8, before['heap used (MiB)'] * 0.15), rule: `growth <= max(8 MiB, 15%) (${((heapGrowth * 1024 * 1024) / Math.max(1, cycles)).toFixed(0)} bytes per cycle)` });
  // RSS keeps what the V8 heap grew to at its peak (pages V8 and the allocator hold on to); what a native leak
  // (sockets, buffers) would grow is the part outside the V8 heap, and within it the memory malloc hands out.
  checks.push({ figure: 'RSS (MiB)', ok: true, rule: 'reported (holds the heap peak)' });
  checks.push({ figure: 'V8 heap total (MiB)', ok: true, rule: 'reported' });
  const grew = (k) => after[k] - before[k];
  checks.push({ figure: 'external, array buffers included (MiB)', ok: grew('external, array buffers included (MiB)') <= 8, rule: 'growth <= 8 MiB' });
  const rssOut = 'RSS outside the V8 heap (MiB)';
  if (before['malloc: in use (MiB)'] === null || after['malloc: in use (MiB)'] === null) {
    // Without gdb there is no allocator account: the cruder rule (see SOAK.md for why it can fail without a leak).
    checks.push({ figure: rssOut, ok: grew(rssOut) <= 48, rule: 'growth <= 48 MiB (malloc not measured: no gdb)' });
    return { ok: checks.every((c) => c.ok), checks };
  }
  checks.push({ figure: 'malloc: in use (MiB)', ok: grew('malloc: in use (MiB)') <= 8, rule: 'growth <= 8 MiB (native memory allocated and not freed)' });
  // Free memory glibc keeps for reuse grows with the busiest moment, then levels off: judged on the soak's second
  // half (forced-GC samples, the soak's sockets open at both), where a leak would keep growing as it did before.
  const last = samples.at(-1);
  const mid = last && samples.find((x) => x.s >= last.s / 2 && x.gc.mallocHeld !== null);
  const secondHalf = mid && last.gc.mallocHeld !== null && mid !== last ? last.gc.mallocHeld - mid.gc.mallocHeld : null;
  checks.push({
    figure: 'malloc: held from the OS (MiB)',
    ok: secondHalf === null || secondHalf <= 8,
    rule:
      secondHalf === null
        ? 'reported (too few samples to judge)'
        : `levels off: second-half growth (${mid.s} s to ${last.s} s) ${secondHalf >= 0 ? '+' : ''}${secondHalf.toFixed(1)} <= 8 MiB`,
  });
  const outsideMalloc = grew(rssOut) - grew('malloc: held from the OS (MiB)');
  checks.push({ figure: rssOut, ok: outsideMalloc <= 16, rule: `growth less malloc's held growth ${outsideMalloc >= 0 ? '+' : ''}${outsideMalloc.toFixed(1)} <= 16 MiB` });
  const trimmed = 'RSS outside the V8 heap after malloc_trim (MiB)';
  if (before[trimmed] !== null && after[trimmed] !== null) {
    checks.push({ figure: trimmed, ok: grew(trimmed) <= 16, rule: 'growth <= 16 MiB (after glibc returned what malloc_trim can)' });
  }
  return { ok: checks.every((c) => c.ok), checks };
}
