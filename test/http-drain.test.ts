import express from 'express';
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import { HttpDrain, QUIET_MS } from '../src/http-drain.js';

// The shutdown keep-alive race: a request sent on an idle keep-alive connection while the drain waits for its quiet
// spell must be answered (with `Connection: close`), never reset. On a busy machine the process can be descheduled
// across the end of the quiet spell; when it runs again its timers fire before it reads its sockets, so a drain that
// trusted the clock closed connections whose requests sat unread in the kernel (ECONNRESET, about 3 runs in 40 of
// shutdown.test.ts). Each round below plays that stall on purpose: it writes requests on idle connections and then
// holds the event loop until the quiet spell is over (a busy loop on the clock, standing in for the scheduler).

const REQUEST = 'POST /work HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';

interface Conn {
  socket: net.Socket;
  /** Everything the server wrote on this connection. */
  received: string;
  error?: string;
  closed: Promise<void>;
}

function open(port: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const conn: Conn = { socket, received: '', closed: new Promise((r) => socket.once('close', () => r())) };
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (conn.received += d));
    socket.on('error', (err: NodeJS.ErrnoException) => (conn.error = err.code ?? err.message));
    socket.once('connect', () => resolve(conn));
    socket.once('error', reject);
  });
}

/** Resolves once `n` complete responses arrived on the connection. */
function responses(conn: Conn, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if ((conn.received.match(/HTTP\/1\.1 /g) ?? []).length >= n && conn.received.endsWith('}')) return done(resolve);
      if (conn.error || conn.socket.destroyed) done(() => reject(new Error(`connection ended after ${JSON.stringify(conn.received)}: ${conn.error}`)));
    };
    const done = (f: () => void) => {
      conn.socket.off('data', check);
      conn.socket.off('close', check);
      f();
    };
    conn.socket.on('data', check);
    conn.socket.on('close', check);
    check();
  });
}

async function serve(): Promise<{ server: Server; drain: HttpDrain; port: number }> {
  const app = express();
  const server = createServer(app);
  const drain = new HttpDrain(server);
  app.use(drain.middleware);
  app.post('/work', express.json(), (_req, res) => void res.json({ ok: true }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, drain, port: (server.address() as net.AddressInfo).port };
}

const ROUNDS = 12;
const CONNECTIONS = 4;

it(`answers requests that reach idle keep-alive connections during the drain, across a stalled event loop (${ROUNDS} rounds)`, async () => {
  const failures: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { server, drain, port } = await serve();
    const conns = await Promise.all(Array.from({ length: CONNECTIONS }, () => open(port)));
    // One answered request each: the connections are now idle keep-alive connections.
    for (const c of conns) c.socket.write(REQUEST);
    await Promise.all(conns.map((c) => responses(c, 1)));

    const drained = drain.drain(10_000);
    // Requests on the idle connections (written to the kernel now), then the stall past the quiet spell. Rounds vary
    // how many of the connections are used, so idle ones are closed beside answered ones.
    const used = conns.slice(0, 1 + (round % CONNECTIONS));
    for (const c of used) c.socket.write(REQUEST);
    // Every third round also a new connection: the kernel completes it during the stall (it waits in the listen
    // backlog) and its request follows once the client's loop runs.
    const fresh = round % 3 === 2 ? net.connect(port, '127.0.0.1') : undefined;
    const freshConn: Conn | undefined = fresh && { socket: fresh, received: '', closed: new Promise((r) => fresh.once('close', () => r())) };
    if (freshConn) {
      fresh!.setEncoding('utf8');
      fresh!.on('data', (d: string) => (freshConn.received += d));
      fresh!.on('error', (err: NodeJS.ErrnoException) => (freshConn.error = err.code ?? err.message));
      fresh!.write(REQUEST);
    }
    const stallUntil = Date.now() + QUIET_MS + 30;
    while (Date.now() < stallUntil) {
      // busy: the process gets no turn of its event loop, as when the machine is saturated
    }
    await drained;
    for (const [i, c] of used.entries()) {
      const answered = await responses(c, 2).then(
        () => true,
        (err: Error) => failures.push(`round ${round}, connection ${i}: ${err.message}`) < 0,
      );
      // The answer during the drain tells the client to stop reusing the connection, and the server closes it.
      if (answered) expect(c.received.split('HTTP/1.1 ')[2]).toMatch(/^200 [\s\S]*\r\nConnection: close\r\n/i);
    }
    if (freshConn) await responses(freshConn, 1).catch((err: Error) => failures.push(`round ${round}, new connection: ${err.message}`));
    await Promise.all([...conns, ...(freshConn ? [freshConn] : [])].map((c) => c.closed));
    drain.closeRemaining();
    await new Promise<void>((r) => (server.listening ? server.close(() => r()) : r()));
  }
  expect(failures).toEqual([]);
}, 120_000);
