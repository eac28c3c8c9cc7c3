// 1. Fan-out: N members of one room, each with a roomEvents subscription; a sender posts at 50/s, then as fast as it
// can. Baseline: a bare ws server broadcasting one pre-serialized string per message from the same kind of channel.
import { fork } from 'node:child_process';
import path from 'node:path';
import { BENCH, REDIS_URL, RUN_ID, cpuMs, createDatabase, scaledSeconds, freePort, log, migrate, progress, progressDone, round, sleep, startLoad, startServer, summarize } from '../lib/common.mjs';
import { connect, seedRoom, seedSessions, seedUsers } from '../lib/seed.mjs';
import { webRoomEventsDocument } from '../lib/web-document.mjs';

export const defaults = { size: 1000, minSize: 20 };
/** Resume points of the web-document row: each subscriber resumes from one of the room's last RESUME_POINTS seqs. */
const RESUME_POINTS = 20;
const PACED_RATE = 50;
const PACED_SECONDS = scaledSeconds(8);
const WARMUP_SECONDS = 2;
const FAST_COUNT_PER_1000 = 300;
const SUB_PROCESSES = 2;
const FAST_MAX = 1000;

/** Subscriber processes, each with a share of the tokens. */
export async function subscribers(n) {
  return Promise.all(Array.from({ length: n }, () => startLoad('subscribers')));
}

export async function phaseAll(subs, name) {
  await Promise.all(subs.map((s) => s.request({ type: 'phase', name }, 'phased')));
}

export async function countAll(subs) {
  const counts = await Promise.all(subs.map((s) => s.request({ type: 'count' }, 'counted')));
  return {
    deliveries: counts.reduce((a, c) => a + c.deliveries, 0),
    viewerDeliveries: counts.reduce((a, c) => a + (c.viewerDeliveries ?? 0), 0),
    errors: counts.reduce((a, c) => a + c.errors, 0),
    firstError: counts.find((c) => c.firstError)?.firstError,
  };
}

export async function reportAll(subs) {
  const reports = await Promise.all(subs.map((s) => s.request({ type: 'report' }, 'report')));
  const latencies = reports.flatMap((r) => r.latencies);
  const first = Math.min(...reports.map((r) => r.first || Infinity));
  const last = Math.max(...reports.map((r) => r.last || 0));
  const deliveries = reports.reduce((a, r) => a + r.deliveries, 0);
  const sum = (k) => reports.reduce((a, r) => a + (r.viewer?.[k] ?? 0), 0);
  const kinds = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.viewer?.kinds ?? {})) kinds[k] = (kinds[k] ?? 0) + v;
  const viewer = { deliveries: sum('deliveries'), clients: sum('clients'), errors: sum('errors'), firstError: reports.find((r) => r.viewer?.firstError)?.viewer.firstError, kinds };
  return { deliveries, seconds: (last - first) / 1000, perSecond: deliveries / Math.max(0.001, (last - first) / 1000), latency: summarize(latencies), errors: reports.reduce((a, r) => a + r.errors, 0), viewer };
}

/** Waits until `expected` deliveries arrived, or nothing new came for `idleMs`. */
export async function drain(subs, expected, label, idleMs = 5000, capMs = 90000) {
  const start = Date.now();
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const c = await countAll(subs);
    progress(`${label}: ${c.deliveries}/${expected} delivered${c.errors ? `, ${c.errors} errors (${c.firstError})` : ''}`);
    if (c.deliveries >= expected) return c;
    if (c.deliveries !== last) {
      last = c.deliveries;
      lastChange = Date.now();
    }
    if (Date.now() - lastChange > idleMs || Date.now() - start > capMs) return c;
    await sleep(250);
  }
}

/** Drives one side (parley or baseline): paced phase, then fast phase. */
async function drive({ subs, sender, senderMsg, n, label, cpu }) {
  const pacedCount = PACED_RATE * PACED_SECONDS;
  // Unmeasured warm-up at the paced rate, the same for both sides: the first events of a cold process (JIT,
  // first queries) were the slowest in either, and they would otherwise be the p99.
  await phaseAll(subs, 'warmup');
  const warm = await sender.request({ type: 'run', ...senderMsg, rate: PACED_RATE, count: PACED_RATE * WARMUP_SECONDS }, 'done');
  await drain(subs, warm.sent * n, `${label} warm-up at ${PACED_RATE} msg/s`);
  await phaseAll(subs, 'paced');
  const cpu0 = cpu();
  const pacedRun = sender.request({ type: 'run', ...senderMsg, rate: PACED_RATE, count: pacedCount }, 'done');
  for (let i = 0; i < PACED_SECONDS * 4; i++) {
    const c = await countAll(subs);
    progress(`${label} at ${PACED_RATE} msg/s: ${c.deliveries} delivered`);
    await sleep(250);
  }
  const pacedSent = await pacedRun;
  if (pacedSent.failed) log(`    ${label} paced sender: ${pacedSent.failed} failed (${pacedSent.firstError})`);
  await drain(subs, pacedSent.sent * n, `${label} at ${PACED_RATE} msg/s`);
  const paced = await reportAll(subs);
  paced.serverCpuMsPerDelivery = (cpu() - cpu0) / Math.max(1, paced.deliveries);
  const cpu1 = cpu();

  const fastCount = Math.min(FAST_MAX, Math.max(50, Math.round((FAST_COUNT_PER_1000 * 1000) / n)));
  await phaseAll(subs, 'fast');
  const fastRun = sender.request({ type: 'run', ...senderMsg, rate: 0, count: fastCount, concurrency: 8 }, 'done');
  let fastSent;
  fastRun.then((r) => (fastSent = r));
  while (!fastSent) {
    const c = await countAll(subs);
    progress(`${label} as fast as it can: ${c.deliveries} delivered`);
    await sleep(250);
  }
  if (fastSent.failed) log(`    ${label} fast sender: ${fastSent.failed} failed (${fastSent.firstError})`);
  await drain(subs, fastSent.sent * n, `${label} as fast as it can`);
  const fast = await reportAll(subs);
  fast.serverCpuMsPerDelivery = (cpu() - cpu1) / Math.max(1, fast.deliveries);
  progressDone();
  return { paced, fast, pacedSent, fastSent, warmSent: warm.sent };
}

export async function runBaseline(n) {
  const port = await freePort();
  const channel = `bench:${RUN_ID}:baseline:ROOM:fanout`;
  const server = fork(path.join(BENCH, 'baselines/ws-broadcast.mjs'), [], { env: { ...process.env, BASE_PORT: String(port), REDIS_URL, CHANNEL: channel }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((r) => server.once('message', r));
  const subs = await subscribers(SUB_PROCESSES);
  const sender = startLoad('sender');
  try {
    const per = Math.ceil(n / subs.length);
    await Promise.all(subs.map((s, i) => s.request({ type: 'connect', mode: 'baseline', wsUrl: `ws://127.0.0.1:${port}`, count: Math.min(per, n - i * per), redisUrl: REDIS_URL, channel }, 'connected')));
    progress('baseline: sockets open');
    const result = await drive({ subs, sender, n, label: 'baseline', cpu: () => cpuMs(server.pid), senderMsg: { mode: 'baseline', redisUrl: REDIS_URL, channel, senderId: '00000000-0000-4000-8000-000000000000', senderName: 'sender' } });
    return result;
  } finally {
    await Promise.all(subs.map((s) => s.stop()));
    await sender.stop();
    server.kill();
  }
}

/**
 * A room of n + 1 members (users[0] owns it and sends). With `mix`, the members differ as real ones do: about 2% are
 * site admins and 3% moderators, one in ten has turned read receipts off, one in 25 is a room admin. `roles` is the
 * number of distinct global roles among users[1..]: the groups shared delivery may form for one document (read
 * receipts and room roles do not split them), so the bound on GraphQL executions per event.
 */
export async function setupRoom(tag, n, { mix = false } = {}) {
  const db = await createDatabase(tag);
  await migrate(db);
  const c = await connect(db);
  const users = await seedUsers(c, n + 1, 'm');
  const tokens = await seedSessions(c, users);
  const roomId = await seedRoom(c, 'Fan-out room', users.map((u) => u.id));
  if (mix) {
    const pick = (f) => users.slice(1).filter((_, i) => f(i + 1)).map((u) => u.id);
    const admins = pick((i) => i % 50 === 7);
    const moderators = pick((i) => i % 33 === 11);
    const noReceipts = pick((i) => i % 10 === 3);
    await c.query(`update users set role = 'ADMIN' where id = any($1::uuid[])`, [admins]);
    await c.query(`update users set role = 'MODERATOR' where id = any($1::uuid[])`, [moderators]);
    await c.query('update users set share_read_receipts = false where id = any($1::uuid[])', [noReceipts]);
    await c.query(`update memberships set role = 'ADMIN' where room_id = $1 and user_id = any($2::uuid[])`, [roomId, pick((i) => i % 25 === 5)]);
  }
  const { rows } = await c.query(`select count(distinct u.role)::int as roles from users u where u.id = any($1::uuid[])`, [users.slice(1).map((u) => u.id)]);
  await c.end();
  return { db, users, tokens, roomId, roles: rows[0].roles };
}

/**
 * Connects `members` (users[1..]) as subscribers and waits until a probe message reaches every one of them (with
 * `viewerQuery`, each also holds that viewerEvents subscription, and the probe's RoomActivity must reach every one too).
 */
export async function connectParley({ server, users, tokens, roomId, subs, sender, query, viewerQuery, afterSeqs }) {
  const members = users.slice(1);
  const per = Math.ceil(members.length / subs.length);
  const channel = `${server.prefix}ROOM:${roomId}`;
  await Promise.all(
    subs.map((s, i) =>
      s.request({ type: 'connect', mode: 'parley', wsUrl: server.wsUrl, tokens: members.slice(i * per, (i + 1) * per).map((u) => tokens.get(u.id)), roomId, redisUrl: REDIS_URL, channel, query, viewerQuery, afterSeqs }, 'connected'),
    ),
  );
  // A probe message reaches every subscriber once all subscriptions are live.
  const senderMsg = { mode: 'parley', url: server.url, token: tokens.get(users[0].id), roomId };
  // Counted per subscriber (replayed events from the resume points arrive in the same phase and do not count).
  for (let attempt = 0; attempt < 60; attempt++) {
    await Promise.all(subs.map((s) => s.request({ type: 'phase', name: 'probe', track: true }, 'phased')));
    const probe = await sender.request({ type: 'run', ...senderMsg, rate: 0, count: 1, concurrency: 1, collectSeqs: true }, 'done');
    const seq = probe.seqs?.[0];
    if (seq === undefined) throw new Error(`the probe message was not sent: ${probe.firstError}`);
    let got = 0;
    for (let waited = 0; waited < 15000; waited += 250) {
      const r = await Promise.all(subs.map((s) => s.request({ type: 'received', seq }, 'received')));
      // Without viewerQuery nobody waits on viewer news: count it as there.
      const viewer = viewerQuery ? r.reduce((a, x) => a + x.viewerClients, 0) : members.length;
      got = Math.min(r.reduce((a, x) => a + x.clients, 0), viewer);
      progress(`waiting for all subscriptions: ${got}/${members.length} got the probe${viewerQuery ? ' on both' : ''}`);
      if (got >= members.length) break;
      await sleep(250);
    }
    if (got >= members.length) break;
  }
  return senderMsg;
}

/**
 * One Parley side: a fresh room of n members, each subscribed with `query` (the synthetic document by default). With
 * `resume`, the room first gets RESUME_POINTS messages and each subscriber resumes from one of them (afterSeq spread
 * over them, as real clients reconnecting do), so replay and the switch to live are part of the run.
 */
async function runParley(n, { tag, query, resume = false, mix = false }) {
  const { db, users, tokens, roomId, roles } = await setupRoom(tag.replace(/-/g, '_'), n, { mix });
  const server = await startServer(db, { profileTag: tag });
  const subs = await subscribers(SUB_PROCESSES);
  const sender = startLoad('sender');
  try {
    let afterSeqs;
    if (resume) {
      const senderMsg = { mode: 'parley', url: server.url, token: tokens.get(users[0].id), roomId };
      await sender.request({ type: 'run', ...senderMsg, rate: 0, count: RESUME_POINTS, concurrency: 1 }, 'done');
      afterSeqs = Array.from({ length: RESUME_POINTS }, (_, i) => i);
    }
    const senderMsg = await connectParley({ server, users, tokens, roomId, subs, sender, query, afterSeqs });
    const m0 = await server.metrics();
    const cpu0 = server.cpuMs();
    // BENCH_PROFILE=fanout-delivery: a CPU profile of the delivery phases only (no connects).
    const phaseProfile = (process.env.BENCH_PROFILE ?? '').split(',').includes(`${tag}-delivery`);
    if (phaseProfile) await server.profile.start();
    const parley = await drive({ subs, sender, senderMsg, n, label: tag, cpu: () => server.cpuMs() });
    if (phaseProfile) await server.profile.stop(`${tag}-delivery`);
    const m1 = await server.metrics();
    // The counters were read before the warm-up: its events count too.
    const events = parley.warmSent + parley.pacedSent.sent + parley.fastSent.sent;
    const metricsDelta = {
      executionsPerEvent: round((m1.subscriptionExecutions - m0.subscriptionExecutions) / events, 2),
      sqlPerEvent: round((m1.sqlStatements - m0.sqlStatements) / events, 2),
      serverCpuMsPerEvent: round((server.cpuMs() - cpu0) / events, 2),
      broadcastFramesPerEvent: round((m1.directFrames - m0.directFrames) / events, 1),
      pacedFallbacks: m1.pacedFallbacks - m0.pacedFallbacks,
      // Publishes Redis did not take in time (each then went through the outbox: src/pubsub-outbox.ts), and those
      // dropped because the outbox was full. Both 0 when Redis keeps up.
      publishesDiverted: (m1.pubsub.outbox?.failed ?? 0) - (m0.pubsub.outbox?.failed ?? 0),
      publishesDropped: (m1.pubsub.outbox?.dropped ?? 0) - (m0.pubsub.outbox?.dropped ?? 0),
    };
    return { ...parley, metricsDelta, roles };
  } finally {
    await Promise.all(subs.map((s) => s.stop()));
    await sender.stop();
    await server.stop();
    await db.drop();
  }
}

/**
 * Whether the baseline kept up with the paced phase: it delivered at least 90% of the deliveries per second asked
 * (PACED_RATE messages to n subscribers). When it did not, its paced latencies measure a queue that grows for as long
 * as the phase lasts, and Parley's are not comparable with them: Parley's sends wait in the server's HTTP queue before
 * they are published, where the clock has not started, while the baseline's wait after. A ratio against a saturated
 * baseline can come out "met" for no reason (0.12x on session 17's machine, whose baseline delivered 33,875/s at most).
 */
export function baselineKeptUp(base, n) {
  return base.paced.perSecond >= 0.9 * PACED_RATE * n;
}

function rowsFor(label, n, parley, base) {
  const ratio = parley.fast.perSecond / base.fast.perSecond;
  const p99ratio = parley.paced.latency.p99 / base.paced.latency.p99;
  const keptUp = baselineKeptUp(base, n);
  const pacedTarget = keptUp ? '<= 2x baseline' : `<= 2x baseline; not judged: the baseline delivered ${round(base.paced.perSecond, 0)}/s of the ${PACED_RATE * n}/s asked`;
  return [
    { figure: `${label}: delivered events/s, as fast as it can (${n} subscribers)`, value: round(parley.fast.perSecond, 0), baseline: round(base.fast.perSecond, 0), ratio, target: '>= 0.5x baseline', met: ratio >= 0.5 },
    { figure: `${label}: publish-to-delivery p50 at ${PACED_RATE} msg/s (ms)`, value: round(parley.paced.latency.p50), baseline: round(base.paced.latency.p50), ratio: parley.paced.latency.p50 / base.paced.latency.p50, target: 'reported', met: null },
    {
      figure: `${label}: publish-to-delivery p99 at ${PACED_RATE} msg/s (ms)`,
      value: round(parley.paced.latency.p99),
      baseline: round(base.paced.latency.p99),
      ratio: p99ratio,
      target: pacedTarget,
      met: keptUp ? p99ratio <= 2 : null,
    },
    { figure: `${label}: publish-to-delivery p99 as fast as it can (ms)`, value: round(parley.fast.latency.p99), baseline: round(base.fast.latency.p99), ratio: parley.fast.latency.p99 / base.fast.latency.p99, target: 'reported', met: null },
  ];
}

export async function run(size = defaults.size) {
  const n = Number(size);
  log(`  baseline: bare ws broadcast to ${n} sockets`);
  const base = await runBaseline(n);
  log(`  parley, the web app's RoomEvents document: ${n} subscribers, each a different user, afterSeq over ${RESUME_POINTS} resume points`);
  const web = await runParley(n, { tag: 'fanout-web', query: webRoomEventsDocument(), resume: true, mix: true });
  log(`  parley, the synthetic document: ${n} graphql-ws roomEvents subscribers`);
  const synthetic = await runParley(n, { tag: 'fanout' });
  // The web row's members differ (site admins, moderators, read receipts off, room admins): at most one execution
  // per event for each global role present.
  const { roles } = web;
  return {
    rows: [
      {
        figure: `web document: GraphQL executions per event (${n} users, ${RESUME_POINTS} resume points, ${roles} roles present)`,
        value: web.metricsDelta.executionsPerEvent,
        baseline: null,
        ratio: null,
        target: `<= ${roles} (roles present)`,
        met: web.metricsDelta.executionsPerEvent <= roles,
      },
      {
        figure: 'web document: SQL statements per event, its sendMessage included (synthetic document as baseline)',
        value: web.metricsDelta.sqlPerEvent,
        baseline: synthetic.metricsDelta.sqlPerEvent,
        ratio: web.metricsDelta.sqlPerEvent / synthetic.metricsDelta.sqlPerEvent,
        target: 'reported',
        met: null,
      },
      ...rowsFor('web document', n, web, base),
      ...rowsFor('synthetic document', n, synthetic, base),
    ],
    details: {
      subscribers: n,
      web: { paced: strip(web.paced), fast: strip(web.fast), pacedSent: web.pacedSent, fastSent: web.fastSent, server: web.metricsDelta },
      synthetic: { paced: strip(synthetic.paced), fast: strip(synthetic.fast), pacedSent: synthetic.pacedSent, fastSent: synthetic.fastSent, server: synthetic.metricsDelta },
      baseline: { paced: strip(base.paced), fast: strip(base.fast) },
    },
  };
}

function strip(r) {
  return { deliveries: r.deliveries, seconds: round(r.seconds, 2), perSecond: round(r.perSecond, 0), latencyMs: Object.fromEntries(Object.entries(r.latency).map(([k, v]) => [k, round(v, 1)])), errors: r.errors, serverCpuUsPerDelivery: round(r.serverCpuMsPerDelivery * 1000, 1) };
}
