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
let viewerErrors = 0;
let firstViewerError = null;

function newPhase(name, track = false) {
  // With `track`, every client's seqs of this phase are kept (seq -> times seen), to check exactly-once delivery.
  // viewerEvents frames (with a `viewerQuery`) are counted apart: `deliveries` stays roomEvents only.
  return { name, deliveries: 0, first: 0, last: 0, latencies: [], pending: [], seen: track ? new Map() : null, viewerDeliveries: 0, viewerKinds: {}, viewerClients: new Set() };
}

function delivered(seq, client) {
  const now = performance.timeOrigin + performance.now();
  const p = phase;
  p.deliveries++;
  if (p.seen) {
    let mine = p.seen.get(client);
    if (!mine) p.seen.set(client, (mine = new Map()));
    mine.set(seq, (mine.get(seq) ?? 0) + 1);
  }
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

function viewerDelivered(ev, client) {
  const p = phase;
  p.viewerDeliveries++;
  const kind = ev?.__typename ?? 'null';
  p.viewerKinds[kind] = (p.viewerKinds[kind] ?? 0) + 1;
  p.viewerClients.add(client);
}

function onViewerError(e) {
  viewerErrors++;
  firstViewerError ??= String(e?.message ?? e?.reason ?? JSON.stringify(e));
}

/** With `viewerQuery` (the web app's ViewerEvents), each client also holds that subscription on the same socket. */
async function connectParley({ wsUrl, tokens, roomId, query, viewerQuery, afterSeqs, batch = 50 }) {
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
      if (viewerQuery) {
        client.subscribe(
          { query: viewerQuery },
          {
            next: (r) => (r.errors ? onViewerError(r.errors[0]) : viewerDelivered(r.data?.viewerEvents, i)),
            error: onViewerError,
            complete: () => undefined,
          },
        );
      }
      client.subscribe(
        {
          query: query ?? ROOM_EVENTS,
          // With afterSeqs, each client resumes from its own point (spread over them), as real clients do.
          variables: { roomId: Array.isArray(roomId) ? roomId[i % roomId.length] : roomId, ...(afterSeqs ? { afterSeq: afterSeqs[i % afterSeqs.length] } : {}) },
        },
        {
          next: (r) => {
            if (r.errors) return onError(r.errors[0]);
            delivered(r.data.roomEvents.seq, i);
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
      delivered(m.payload.data.roomEvents.seq, i);
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
    phase = newPhase(m.name, m.track);
    return { type: 'phased' };
  },
  count() {
    return { type: 'counted', deliveries: phase.deliveries, errors, firstError, viewerDeliveries: phase.viewerDeliveries };
  },
  report() {
    const p = phase;
    for (let i = 0; i < p.pending.length; i += 2) {
      const t = publishedAt.get(p.pending[i]);
      if (t !== undefined) p.latencies.push(Math.max(0, p.pending[i + 1] - t));
    }
    p.pending = [];
    return { type: 'report', name: p.name, deliveries: p.deliveries, first: p.first, last: p.last, latencies: p.latencies, errors, firstError, viewer: { deliveries: p.viewerDeliveries, kinds: p.viewerKinds, clients: p.viewerClients.size, errors: viewerErrors, firstError: firstViewerError }, memory: process.memoryUsage().rss };
  },
  /** How many clients got `seq` in this (tracked) phase, and how many got any viewerEvents frame in it. */
  received(m) {
    let n = 0;
    for (const mine of phase.seen?.values() ?? []) if (mine.has(m.seq)) n++;
    return { type: 'received', clients: n, viewerClients: phase.viewerClients.size };
  },
  /**
   * Exactly-once check of a tracked phase: `seqs` are the events sent in it. Per client: seqs never delivered
   * (missing), delivered more than once (duplicates, counting the extra copies) and delivered but not sent in the phase.
   */
  verify(m) {
    const expected = new Set(m.seqs);
    const n = clients.length + sockets.length;
    let missing = 0;
    let duplicates = 0;
    let unexpected = 0;
    let clientsComplete = 0;
    for (let i = 0; i < n; i++) {
      const mine = phase.seen?.get(i) ?? new Map();
      let ok = true;
      for (const seq of expected) if (!mine.has(seq)) (missing++, (ok = false));
      for (const [seq, times] of mine) {
        if (times > 1) (duplicates += times - 1), (ok = false);
        if (!expected.has(seq)) (unexpected++, (ok = false));
      }
      if (ok) clientsComplete++;
    }
    return { type: 'verified', clients: n, clientsComplete, missing, duplicates, unexpected };
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
