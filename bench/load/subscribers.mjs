// Load process: holds many WebSocket subscribers (graphql-ws clients on Parley, or plain sockets on the baseline
// server) and measures publish-to-delivery latency. The publish time of each seq is when this process saw the event
// on the room's Redis channel (the same channel both servers are fed from).
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { childMain, sleep } from '../lib/common.mjs';

export const ROOM_EVENTS = `subscription RoomEvents($roomId: ID!) {
  roomEvents(roomId: $roomId) {
    seq
    ... on MessageAdded { message { id body createdAt sender { id username } } }
  }
}`;

const clients = [];
const sockets = [];
let redis;
const publishedAt = new Map();
let phase = newPhase('warmup');
let errors = 0;
let firstError = null;

function newPhase(name) {
  return { name, deliveries: 0, first: 0, last: 0, latencies: [], pending: [] };
}

function delivered(seq) {
  const now = performance.timeOrigin + performance.now();
  const p = phase;
  p.deliveries++;
  if (!p.first) p.first = now;
  p.last = now;
  const t = publishedAt.get(seq);
  if (t !== undefined) p.latencies.push(Math.max(0, now - t));
  else p.pending.push(seq, now);
}

async function watchChannel(url, channel) {
  redis = new Redis(url);
  redis.on('message', (_ch, msg) => {
    const m = JSON.parse(msg);
    const seq = m.seq ?? m.roomEvents?.seq;
    if (typeof seq === 'number' && !publishedAt.has(seq)) publishedAt.set(seq, performance.timeOrigin + performance.now());
  });
  await redis.subscribe(channel);
}

function onError(e) {
  errors++;
  firstError ??= String(e?.message ?? e?.reason ?? JSON.stringify(e));
}

async function connectParley({ wsUrl, tokens, roomId, query, afterSeqs, batch = 50 }) {
  // In waves: the next wave opens once the previous one is acknowledged, so the server is never asked to
  // authenticate more sockets at once than it can within graphql-ws's connection-init timeout.
  let subscribed = 0;
  for (let start = 0; start < tokens.length; start += batch) {
    const wave = [];
    for (let i = start; i < Math.min(tokens.length, start + batch); i++) {
      let settle;
      wave.push(new Promise((r) => (settle = r)));
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        keepAlive: 0,
        connectionParams: { authorization: `Bearer ${tokens[i]}` },
        onNonLazyError: onError,
        on: { connected: () => settle(), closed: () => settle() },
      });
      clients.push(client);
      client.subscribe(
        {
          query: query ?? ROOM_EVENTS,
          // With afterSeqs, each client resumes from its own point (spread over them), as real clients do.
          variables: { roomId: Array.isArray(roomId) ? roomId[i % roomId.length] : roomId, ...(afterSeqs ? { afterSeq: afterSeqs[i % afterSeqs.length] } : {}) },
        },
        {
          next: (r) => {
            if (r.errors) return onError(r.errors[0]);
            delivered(r.data.roomEvents.seq);
          },
          error: onError,
          complete: () => undefined,
        },
      );
      subscribed++;
    }
    await Promise.race([Promise.all(wave), sleep(30000)]);
  }
  return subscribed;
}

async function connectBaseline({ wsUrl, count, rate = 1000 }) {
  const opens = [];
  for (let i = 0; i < count; i++) {
    const ws = new WebSocket(wsUrl);
    sockets.push(ws);
    opens.push(new Promise((resolve) => ws.once('open', resolve).once('error', (e) => (onError(e), resolve()))));
    ws.on('message', (data) => {
      const m = JSON.parse(data);
      delivered(m.payload.data.roomEvents.seq);
    });
    if (i % 100 === 99) await sleep(100 * (100 / rate));
  }
  await Promise.all(opens);
  return count;
}

childMain({
  async connect(m) {
    if (m.channel) await watchChannel(m.redisUrl, m.channel);
    const n = m.mode === 'baseline' ? await connectBaseline(m) : await connectParley(m);
    return { type: 'connected', n };
  },
  phase(m) {
    phase = newPhase(m.name);
    return { type: 'phased' };
  },
  count() {
    return { type: 'counted', deliveries: phase.deliveries, errors, firstError };
  },
  report() {
    const p = phase;
    for (let i = 0; i < p.pending.length; i += 2) {
      const t = publishedAt.get(p.pending[i]);
      if (t !== undefined) p.latencies.push(Math.max(0, p.pending[i + 1] - t));
    }
    p.pending = [];
    return { type: 'report', name: p.name, deliveries: p.deliveries, first: p.first, last: p.last, latencies: p.latencies, errors, firstError, memory: process.memoryUsage().rss };
  },
  async close() {
    for (const c of clients) await c.dispose();
    for (const s of sockets) s.terminate();
    clients.length = 0;
    sockets.length = 0;
    await redis?.quit();
    redis = undefined;
    publishedAt.clear();
    return { type: 'closed' };
  },
});
