// Load process: posts messages to one room. Parley mode calls sendMessage over HTTP; baseline mode publishes the
// equivalent event straight to the room's Redis channel (what the bare ws server is fed from).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { childMain, sleep } from '../lib/common.mjs';

const SEND = `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }`;
let seq = 0;
let redis;

/** `worker`: with `m.tokens`, concurrent worker w sends as tokens[w] (senders who differ). */
async function sendParley(m, body, worker = 0) {
  const token = m.tokens ? m.tokens[worker % m.tokens.length] : m.token;
  const r = await fetch(m.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: SEND, variables: { input: { roomId: m.roomId, body, clientId: randomUUID() } } }),
  });
  const j = await r.json();
  if (j.errors) throw new Error(JSON.stringify(j.errors));
  return j.data.sendMessage.seq;
}

async function sendBaseline(m, body) {
  seq++;
  const now = new Date().toISOString();
  await redis.publish(
    m.channel,
    JSON.stringify({
      seq,
      roomEvents: { seq, message: { id: randomUUID(), body, createdAt: now, sender: { id: m.senderId, username: m.senderName } } },
    }),
  );
}

/** The end-to-end baseline: a POST to the bare ws server, which broadcasts it. */
async function sendPost(m, body) {
  const r = await fetch(m.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body }) });
  if (!r.ok) throw new Error(`POST ${r.status}`);
  return (await r.json()).seq;
}

childMain({
  async run(m) {
    if (m.mode === 'baseline') redis ??= new Redis(m.redisUrl);
    const send = m.mode === 'baseline' ? (b) => sendBaseline(m, b) : m.mode === 'post' ? (b) => sendPost(m, b) : (b, w) => sendParley(m, b, w);
    let sent = 0;
    let failed = 0;
    // The seqs the sends were given (Parley's sendMessage and the POST baseline answer with theirs).
    const seqs = [];
    let firstError = null;
    const started = performance.now();
    const body = () => `Benchmark message ${sent + 1} from the sender, a typical short chat line.`;
    if (m.rate) {
      // Paced: one message every 1000/rate ms, on schedule (no coordinated omission: late sends do not shift the plan).
      const interval = 1000 / m.rate;
      const inflight = new Set();
      for (let i = 0; i < m.count; i++) {
        const due = started + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const p = send(body())
          .then((seq) => (sent++, typeof seq === 'number' && seqs.push(seq)))
          .catch((e) => {
            failed++;
            firstError ??= String(e.message ?? e);
          });
        inflight.add(p);
        p.finally(() => inflight.delete(p));
      }
      await Promise.all(inflight);
    } else {
      // As fast as it can: `concurrency` requests in flight until `count` are sent.
      let next = 0;
      await Promise.all(
        Array.from({ length: m.concurrency ?? 4 }, async (_, w) => {
          while (next < m.count) {
            next++;
            try {
              const seq = await send(body(), w);
              sent++;
              if (typeof seq === 'number') seqs.push(seq);
            } catch (e) {
              failed++;
              firstError ??= String(e.message ?? e);
            }
          }
        }),
      );
    }
    return { type: 'done', sent, failed, firstError, ms: performance.now() - started, seqs: m.collectSeqs ? seqs : undefined };
  },
});
