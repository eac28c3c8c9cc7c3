import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { startServer, waitFor, type TestServer } from './harness.js';

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.write('PING\r\n');
    });
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    s.once('error', () => resolve(false));
  });
}

/** redis-server could not listen on its port (another process took it after it was chosen). */
class PortTaken extends Error {
  constructor(port: number) {
    super(`redis-server could not listen on port ${port}`);
  }
}

/** A redis-server of the test's own, on its own port: started, killed (SIGKILL) and started again by the test. */
export class OwnRedis {
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again, on the same port); does nothing while it runs. */
  async start() {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    // Ours answering, not another process on the port (redis-server exits at once when it cannot bind).
    await waitFor(async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new PortTaken(this.port);
      return (await answers(this.port)) && child.exitCode === null;
    }, `redis-server on port ${this.port}`, 20_000);
  }

  async kill() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }
}

/**
 * A TCP proxy in front of Redis that the test can freeze: while paused it forwards nothing either way (the
 * connections stay open, as with a SIGSTOPped Redis), and on resume it forwards what it held.
 */
export class FreezableProxy {
  private server?: net.Server;
  private paused = false;
  private freezeWhen?: RegExp;
  private readonly pipes = new Set<{ flush(): void; destroy(): void; held(): string }>();
  port = 0;

  constructor(private readonly target: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target, '127.0.0.1');
      const held: Array<[net.Socket, Buffer]> = [];
      const forward = (to: net.Socket) => (chunk: Buffer) => {
        if (!this.paused && to === upstream && this.freezeWhen?.test(chunk.toString('latin1'))) this.paused = true;
        if (this.paused) held.push([to, chunk]);
        else to.write(chunk);
      };
      client.on('data', forward(upstream));
      upstream.on('data', forward(client));
      const pipe = {
        flush: () => {
          for (const [to, chunk] of held.splice(0)) if (!to.destroyed) to.write(chunk);
        },
        destroy: () => {
          client.destroy();
          upstream.destroy();
        },
        held: () => held.map(([, chunk]) => chunk.toString('latin1')).join(''),
      };
      this.pipes.add(pipe);
      const end = () => {
        this.pipes.delete(pipe);
        pipe.destroy();
      };
      client.on('close', end);
      upstream.on('close', end);
      client.on('error', end);
      upstream.on('error', end);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  pause() {
    this.paused = true;
  }

  /** Pauses (holding that chunk and all after it) the next time a client sends something matching `pattern`. */
  freezeOn(pattern: RegExp) {
    this.freezeWhen = pattern;
  }

  resume() {
    this.paused = false;
    this.freezeWhen = undefined;
    for (const p of this.pipes) p.flush();
  }

  /** What the proxy holds while paused, both ways, as text (RESP commands and replies). */
  held(): string {
    return [...this.pipes].map((p) => p.held()).join('');
  }

  async stop() {
    for (const p of this.pipes) p.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export interface OwnRedisSetup {
  redis: OwnRedis;
  /** Set with `frozen: true`: the servers reach Redis through it. */
  proxy?: FreezableProxy;
  /** The instances, sharing one database and Redis prefix. */
  servers: TestServer[];
}

/** A redis-server of the test's own on a free port, and with `frozen` a freezable proxy in front of it. */
export async function startOwnRedis(frozen: boolean): Promise<{ redis: OwnRedis; proxy?: FreezableProxy }> {
  let redis = new OwnRedis(await freePort());
  for (let attempt = 1; ; attempt++) {
    try {
      await redis.start();
      break;
    } catch (err) {
      if (attempt >= 5 || !(err instanceof PortTaken)) throw err;
      redis = new OwnRedis(await freePort());
    }
  }
  if (!frozen) return { redis };
  const proxy = new FreezableProxy(redis.port);
  await proxy.start();
  return { redis, proxy };
}

/**
 * For a describe block: a redis-server of its own (on a free port), optionally behind a proxy the test can freeze,
 * and `instances` Parley servers on it with a fresh Redis prefix; all stopped after the block (Redis restarted
 * first if a test left it killed, the proxy resumed if left frozen, so the servers stop cleanly).
 */
export function withOwnRedis(options: { prefix: string; instances?: number; frozen?: boolean; env?: Record<string, string> }): OwnRedisSetup {
  const setup = { servers: [] as TestServer[] } as OwnRedisSetup;
  beforeAll(async () => {
    Object.assign(setup, await startOwnRedis(options.frozen ?? false));
    const env = { REDIS_URL: (setup.proxy ?? setup.redis).url, REDIS_PREFIX: `${options.prefix}:${randomBytes(4).toString('hex')}:`, ...options.env };
    const first = await startServer({ env });
    setup.servers.push(first);
    for (let i = 1; i < (options.instances ?? 1); i++) setup.servers.push(await startServer({ shareWith: first, env }));
  });
  afterAll(async () => {
    setup.proxy?.resume();
    await setup.redis?.start().catch(() => undefined);
    for (const s of [...setup.servers].reverse()) await s.stop();
    await setup.proxy?.stop();
    await setup.redis?.kill();
  });
  return setup;
}
