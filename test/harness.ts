import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { createClient, type Client as WsClient, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { MemoryMailer } from '../src/mailer.js';
import { createServer, type ParleyServer } from '../src/server.js';
import { diagnostics } from '../src/diagnostics/diagnostics.js';

/**
 * Backend under test: the embedded defaults (SQLite file, in-process PubSub), or PostgreSQL and Redis when
 * DATABASE_URL / REDIS_URL are set. Each test file gets a database of its own, so runs never collide.
 */
export const backend = {
  database: process.env.DATABASE_URL ? 'postgresql' : 'sqlite',
  pubsub: process.env.REDIS_URL ? 'redis' : 'memory',
} as const;

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestServer {
  server: ParleyServer;
  url: string;
  wsUrl: string;
  mailer: MemoryMailer;
  /** Every log line the server wrote, as text. */
  logs: string[];
  env: Record<string, string>;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<GqlResult<T>>;
  ws(token?: string | null, options?: Partial<ClientOptions>): WsClient;
  stop(): Promise<void>;
}

function suffix() {
  return `${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** A fresh database URL for this test file (PostgreSQL), created now and dropped by `drop`. */
export async function freshPostgres(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parley_test_${suffix()}`;
  const admin = new URL(baseUrl);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const d = new Client({ connectionString: admin.toString() });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse a database (and Redis prefix) from another server, e.g. for a second instance. */
  shareWith?: TestServer;
  /** Let the server build its mailer from the configuration (SMTP_URL...) instead of the in-memory outbox. */
  configuredMailer?: boolean;
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  let databaseUrl: string;
  let cleanup: () => Promise<void> = async () => {};
  const shared = options.shareWith?.env;
  if (shared) {
    databaseUrl = shared.DATABASE_URL;
  } else if (process.env.DATABASE_URL) {
    const db = await freshPostgres(process.env.DATABASE_URL);
    databaseUrl = db.url;
    cleanup = db.drop;
  } else {
    const file = path.join(os.tmpdir(), `parley-test-${suffix()}.db`);
    databaseUrl = `sqlite:${file}`;
    cleanup = async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    };
  }
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: shared?.JWT_SECRET ?? randomBytes(32).toString('base64'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'debug',
    RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
    RATE_LIMIT_SEND_PER_MINUTE: '100000',
    RATE_LIMIT_ROOMS_PER_MINUTE: '100000',
    RATE_LIMIT_ADD_MEMBERS_PER_MINUTE: '100000',
    RATE_LIMIT_EDITS_PER_MINUTE: '100000',
    RATE_LIMIT_REACTIONS_PER_MINUTE: '100000',
    SERVE_WEB: 'false',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: shared?.REDIS_PREFIX ?? `parley-test:${suffix()}:` } : {}),
    ...options.env,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel, sink);
  const mailer = new MemoryMailer();
  const server = await createServer({ config, logger, mailer: options.configuredMailer ? undefined : mailer, migrate: !shared });
  // Counters and hooks for the tests (SQL statements counted from here on).
  diagnostics(server);
  try {
    await server.listen();
  } catch (err) {
    // A port taken meanwhile (EADDRINUSE): nothing of this server is left behind for the caller's retry.
    await server.stop().catch(() => undefined);
    await cleanup();
    throw err;
  }
  const url = server.url();
  const wsUrl = url.replace(/^http/, 'ws');
  const clients: WsClient[] = [];

  const t: TestServer = {
    server,
    url,
    wsUrl,
    mailer,
    logs,
    env,
    async gql(query, variables, token, headers) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`non-JSON response ${res.status}: ${text.slice(0, 200)}`);
      }
      return { status: res.status, ...body };
    },
    ws(token, opts) {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: token === null || token === undefined ? undefined : { authorization: `Bearer ${token}` },
        ...opts,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.allSettled(clients.map((c) => c.dispose()));
      await server.stop();
      await cleanup();
    },
  };
  return t;
}

let counter = 0;
export function uniqueName(prefix = 'user') {
  counter++;
  return `${prefix}${counter}_${randomBytes(3).toString('hex')}`;
}

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export const AUTH_FIELDS = 'accessToken refreshToken accessTokenExpiresAt user { id username email role isOnline lastSeenAt }';

export async function register(t: TestServer, prefix = 'user', password = 'correct horse battery'): Promise<TestUser> {
  const username = uniqueName(prefix);
  const email = `${username}@example.com`;
  const r = await t.gql(`mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`, { input: { email, username, password } });
  if (r.errors) throw new Error(`register failed: ${JSON.stringify(r.errors)}`);
  const p = r.data.register;
  return { id: p.user.id, username, email, password, accessToken: p.accessToken, refreshToken: p.refreshToken };
}

/** The first error's code, or undefined. */
export function code(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

export function field(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.field;
}

/** Resolves once `predicate` holds, polling; rejects with `what` (a function: evaluated at the timeout, to say how far it got) after `ms`. */
export async function waitFor<T>(predicate: () => T | Promise<T>, what: string | (() => string), ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await predicate();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A test file's server, started before its tests (handed to `bind`, for the file's own variable) and stopped after
 * them. Returns a getter that fails clearly when used outside the tests. The `use...Fixture` helpers build on it.
 */
export function useTestServer(bind: (t: TestServer) => void, options: StartOptions | undefined, fixture: string): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(options);
    bind(server);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error(`the ${fixture} fixture has no server yet (use it inside tests)`);
    return server;
  };
}
