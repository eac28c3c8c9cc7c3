// Baseline: a bare `ws` server. Fed from a Redis channel, it serializes each message once as a graphql-ws "next"
// frame and broadcasts that one string to every socket. Started as its own process: BASE_PORT, REDIS_URL, CHANNEL.
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';

const port = Number(process.env.BASE_PORT);
const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 64 * 1024 });
const listening = new Promise((r) => wss.once('listening', r));
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
