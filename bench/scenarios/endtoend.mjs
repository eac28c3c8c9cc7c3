// End to end: N subscribers of one room (the web app's RoomEvents document, each a different user), messages sent
// with sendMessage over HTTP by 4 concurrent senders as fast as they can. Baseline: a bare ws server that takes each
// message as an HTTP POST and broadcasts it (no database, no auth, no GraphQL). Deliveries/s, and every event
// delivered exactly once: each subscriber's seqs are checked against the seqs the sends were given (none missing, none
// twice, none unexpected). Each Parley subscriber also holds the web app's ViewerEvents subscription (its room list's)
// on the same socket, as the web app does: its frames are counted apart, and per message sent the bench reports the
// viewerEvents frames delivered, the server's SQL statements and subscription executions (GET /diagnostics).
import { fork } from 'node:child_process';
import path from 'node:path';
import { BENCH, freePort, log, progress, progressDone, round, scaled, sleep, startLoad, startServer } from '../lib/common.mjs';
import { webRoomEventsDocument, webViewerEventsDocument } from '../lib/web-document.mjs';
import { connectParley, countAll, drain, phaseAll, reportAll, setupRoom, subscribers } from './fanout.mjs';

export const defaults = { size: 500, minSize: 10 };
const SENDERS = 4;
const MESSAGES = scaled(400, 40);

/** Waits until no viewerEvents frame arrived for `quietMs` (they trail roomEvents by the viewer news window). */
async function settleViewer(subs, label, quietMs = 1500, capMs = 60000) {
  const start = Date.now();
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const { viewerDeliveries } = await countAll(subs);
    progress(`${label}: ${viewerDeliveries} viewerEvents frames`);
    if (viewerDeliveries !== last) (last = viewerDeliveries), (lastChange = Date.now());
    if (Date.now() - lastChange >= quietMs || Date.now() - start > capMs) return viewerDeliveries;
    await sleep(250);
  }
}

async function measure(subs, sender, senderMsg, n, label, server) {
  await Promise.all(subs.map((s) => s.request({ type: 'phase', name: 'measure', track: true }, 'phased')));
  const m0 = await server?.metrics();
  const cpu0 = server?.cpuMs();
  // BENCH_PROFILE=endtoend-measure: a CPU profile of the sends and their delivery only (no connects).
  const phaseProfile = server && (process.env.BENCH_PROFILE ?? '').split(',').includes('endtoend-measure');
  if (phaseProfile) await server.profile.start();
  const sent = await sender.request({ type: 'run', ...senderMsg, rate: 0, count: MESSAGES, concurrency: SENDERS, collectSeqs: true }, 'done');
  if (sent.failed) log(`    ${label}: ${sent.failed} sends failed (${sent.firstError})`);
  await drain(subs, sent.sent * n, `${label}: ${SENDERS} senders`);
  if (phaseProfile) await server.profile.stop('endtoend-measure');
  let serverCounts;
  if (server) {
    await settleViewer(subs, label);
    const m1 = await server.metrics();
    const per = (v) => round(v / Math.max(1, sent.sent), 1);
    serverCounts = {
      sqlPerMessage: per(m1.sqlStatements - m0.sqlStatements),
      executionsPerMessage: per(m1.subscriptionExecutions - m0.subscriptionExecutions),
      cpuMsPerMessage: per(server.cpuMs() - cpu0),
    };
  }
  const report = await reportAll(subs);
  // Late copies would show up as duplicates: give them a moment beyond the drain before checking.
  await new Promise((r) => setTimeout(r, 500));
  const checks = await Promise.all(subs.map((s) => s.request({ type: 'verify', seqs: sent.seqs }, 'verified')));
  const sum = (k) => checks.reduce((a, c) => a + c[k], 0);
  const check = { subscribers: sum('clients'), subscribersWithEveryEventOnce: sum('clientsComplete'), missing: sum('missing'), duplicates: sum('duplicates'), unexpected: sum('unexpected') };
  progressDone();
  const exactlyOnce = check.subscribers === n && check.subscribersWithEveryEventOnce === n && sent.seqs.length === sent.sent && report.errors === 0;
  if (!exactlyOnce) log(`    ${label}: exactly-once check failed: ${JSON.stringify({ ...check, errors: report.errors, sent: sent.sent, seqs: sent.seqs.length })}`);
  const viewer = server && { ...report.viewer, perMessage: round(report.viewer.deliveries / Math.max(1, sent.sent), 1) };
  if (server && viewer.errors) log(`    ${label}: ${viewer.errors} viewerEvents errors (${viewer.firstError})`);
  return { sent: sent.sent, failed: sent.failed, deliveries: report.deliveries, perSecond: report.perSecond, errors: report.errors, ...check, exactlyOnce, viewer, server: serverCounts };
}

async function runBaseline(n) {
  const port = await freePort();
  const server = fork(path.join(BENCH, 'baselines/ws-broadcast.mjs'), [], { env: { ...process.env, BASE_PORT: String(port), HTTP_POST: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((r) => server.once('message', r));
  const subs = await subscribers(2);
  const sender = startLoad('sender');
  try {
    const per = Math.ceil(n / subs.length);
    await Promise.all(subs.map((s, i) => s.request({ type: 'connect', mode: 'baseline', wsUrl: `ws://127.0.0.1:${port}`, count: Math.min(per, n - i * per) }, 'connected')));
    return await measure(subs, sender, { mode: 'post', url: `http://127.0.0.1:${port}/send` }, n, 'baseline');
  } finally {
    await Promise.all(subs.map((s) => s.stop()));
    await sender.stop();
    server.kill();
  }
}

async function runParley(n) {
  // SENDERS members who send (each with its own session) and n other members who subscribe.
  const { db, users, tokens, roomId } = await setupRoom('endtoend', n + SENDERS - 1);
  const server = await startServer(db, { profileTag: 'endtoend' });
  const subs = await subscribers(2);
  const sender = startLoad('sender');
  try {
    const senderMsg = await connectParley({ server, users: [users[0], ...users.slice(SENDERS)], tokens, roomId, subs, sender, query: webRoomEventsDocument(), viewerQuery: webViewerEventsDocument(), afterSeqs: [0] });
    return await measure(subs, sender, { ...senderMsg, tokens: users.slice(0, SENDERS).map((u) => tokens.get(u.id)) }, n, 'parley', server);
  } finally {
    await Promise.all(subs.map((s) => s.stop()));
    await sender.stop();
    await server.stop();
    await db.drop();
  }
}

export async function run(size = defaults.size) {
  const n = Number(size);
  log(`  baseline: ${SENDERS} senders POST to a bare ws server broadcasting to ${n} sockets`);
  const base = await runBaseline(n);
  log(`  parley: ${SENDERS} senders call sendMessage, ${n} subscribers of the web app's RoomEvents and ViewerEvents`);
  const parley = await runParley(n);
  const ratio = parley.perSecond / base.perSecond;
  return {
    rows: [
      { figure: `deliveries/s, ${SENDERS} HTTP senders, ${n} subscribers`, value: round(parley.perSecond, 0), baseline: round(base.perSecond, 0), ratio, target: '>= 0.5x baseline', met: ratio >= 0.5 },
      {
        figure: `every event delivered exactly once (subscribers with all ${MESSAGES} once; missing / duplicate copies)`,
        value: `${parley.exactlyOnce ? 'yes' : 'no'}: ${parley.subscribersWithEveryEventOnce}/${n}; ${parley.missing} / ${parley.duplicates}`,
        baseline: `${base.exactlyOnce ? 'yes' : 'no'}: ${base.subscribersWithEveryEventOnce}/${n}; ${base.missing} / ${base.duplicates}`,
        ratio: null,
        target: 'yes',
        met: parley.exactlyOnce,
      },
      {
        figure: `viewerEvents frames delivered per message sent (${n} online members, the web app's ViewerEvents)`,
        value: parley.viewer.perMessage,
        baseline: null,
        ratio: null,
        target: 'reported',
        met: null,
      },
      {
        figure: 'server SQL statements per message sent (send, roomEvents and viewerEvents delivery)',
        value: parley.server.sqlPerMessage,
        baseline: null,
        ratio: null,
        target: 'reported',
        met: null,
      },
      {
        figure: 'server subscription executions per message sent (roomEvents and viewerEvents)',
        value: parley.server.executionsPerMessage,
        baseline: null,
        ratio: null,
        target: 'reported',
        met: null,
      },
    ],
    details: { subscribers: n, messages: MESSAGES, senders: SENDERS, parley, baseline: base },
  };
}
