// Baseline: a bare `ws` server. Fed from a Redis channel, it serializes each message once as a graphql-ws "next"
// frame and broadcasts that one string to every socket. Started as its own process: BASE_PORT, REDIS_URL, CHANNEL.
// With HTTP_POST=1 it is fed by HTTP instead (the end-to-end baseline): each POST's JSON { body } gets the next seq,
// is broadcast the same way, and is answered with { seq }.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';

const port = Number(process.env.BASE_PORT);
let wss;
let listening;
if (process.env.HTTP_POST === '1') {
  let seq = 0;
  const http = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const { body } = JSON.parse(raw || '{}');
      seq++;
      const roomEvents = { seq, message: { id: randomUUID(), body, createdAt: new Date().toISOString(), sender: { id: 'sender', username: 'sender' } } };
      const frame = JSON.stringify({ id: '1', type: 'next', payload: { data: { roomEvents } } });
      for (const ws of wss.clients) ws.send(frame);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ seq }));
    });
  });
  wss = new WebSocketServer({ server: http, maxPayload: 64 * 1024 });
  listening = new Promise((r) => http.listen(port, '127.0.0.1', r));
} else {
  wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 64 * 1024 });
  listening = new Promise((r) => wss.once('listening', r));
}
if (process.env.CHANNEL) {
  const redis = new Redis(process.env.REDIS_URL);
  redis.on('message', (_ch, msg) => {
    const event = JSON.parse(msg);
    const frame = JSON.stringify({ id: '1', type: 'next', payload: { data: { roomEvents: event.roomEvents } } });
    for (const ws of wss.clients) ws.send(frame);
  });
  await redis.subscribe(process.env.CHANNEL);
}
await listening;
process.send?.({ type: 'listening' });
process.on('message', (m) => {
  if (m.type === 'exit') process.exit(0);
  if (m.type === 'count') {
    globalThis.gc?.();
    process.send({ type: 'counted', clients: wss.clients.size });
  }
});
process.on('disconnect', () => process.exit(0));
