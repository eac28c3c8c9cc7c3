// End to end: N subscribers of one room (the web app's RoomEvents document, each a different user), messages sent
// with sendMessage over HTTP by 4 concurrent senders as fast as they can. Baseline: a bare ws server that takes each
// message as an HTTP POST and broadcasts it (no database, no auth, no GraphQL). Deliveries/s, and every event
// delivered exactly once (deliveries = sent x subscribers, no errors).
import { fork } from 'node:child_process';
import path from 'node:path';
import { BENCH, REDIS_URL, freePort, log, progressDone, round, startLoad, startServer } from '../lib/common.mjs';
import { webRoomEventsDocument } from '../lib/web-document.mjs';
import { connectParley, drain, phaseAll, reportAll, setupRoom, subscribers } from './fanout.mjs';

export const defaults = { size: 500 };
const SENDERS = 4;
const MESSAGES = 400;

async function measure(subs, sender, senderMsg, n, label) {
  await phaseAll(subs, 'measure');
  const sent = await sender.request({ type: 'run', ...senderMsg, rate: 0, count: MESSAGES, concurrency: SENDERS }, 'done');
  if (sent.failed) log(`    ${label}: ${sent.failed} sends failed (${sent.firstError})`);
  await drain(subs, sent.sent * n, `${label}: ${SENDERS} senders`);
  const report = await reportAll(subs);
  progressDone();
  return { sent: sent.sent, failed: sent.failed, deliveries: report.deliveries, perSecond: report.perSecond, errors: report.errors, exactlyOnce: report.deliveries === sent.sent * n && report.errors === 0 };
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
  const { db, users, tokens, roomId } = await setupRoom('endtoend', n);
  const server = await startServer(db, { profileTag: 'endtoend' });
  const subs = await subscribers(2);
  const sender = startLoad('sender');
  try {
    const senderMsg = await connectParley({ server, users, tokens, roomId, subs, sender, query: webRoomEventsDocument(), afterSeqs: [0] });
    return await measure(subs, sender, senderMsg, n, 'parley');
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
  log(`  parley: ${SENDERS} senders call sendMessage, ${n} subscribers of the web app's RoomEvents`);
  const parley = await runParley(n);
  const ratio = parley.perSecond / base.perSecond;
  return {
    rows: [
      { figure: `deliveries/s, ${SENDERS} HTTP senders, ${n} subscribers`, value: round(parley.perSecond, 0), baseline: round(base.perSecond, 0), ratio, target: '>= 0.5x baseline', met: ratio >= 0.5 },
      { figure: 'every event delivered exactly once', value: parley.exactlyOnce ? 'yes' : 'no', baseline: base.exactlyOnce ? 'yes' : 'no', ratio: null, target: 'yes', met: parley.exactlyOnce },
    ],
    details: { subscribers: n, messages: MESSAGES, senders: SENDERS, parley, baseline: base },
  };
}
