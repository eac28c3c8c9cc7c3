// Shared pieces of `npm run soak`: a redis-server of its own, Parley children of the production build, a bare
// graphql-transport-ws client (it can hang up cleanly or cut the TCP connection), process figures and the progress bar.
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { freePort, JWT_SECRET, ROOT, sleep } from '../lib/common.mjs';

export { sleep };

// ---- progress bar: one redrawn line on a terminal, a line every few seconds otherwise ----
let lastLine = 0;
let shown = false;
export function bar(label, fraction, detail = '') {
  const f = Math.max(0, Math.min(1, fraction));
  const width = 24;
  const filled = Math.round(f * width);
  const text = `${label.padEnd(18)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${detail}`;
  if (process.stdout.isTTY) {
    process.stdout.write(`\r\x1b[K${text}`);
    shown = true;
  } else if (Date.now() - lastLine > 3000) {
    lastLine = Date.now();
    process.stdout.write(`${text}\n`);
  }
}
export function say(text) {
  if (shown) process.stdout.write('\r\x1b[K');
  shown = false;
  console.log(text);
}

// ---- cleanup when the run is interrupted (SIGINT, SIGTERM from `timeout`): children and databases are not orphaned ----
const cleanups = new Set();
export function onInterrupt(fn) {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    say(`\n${signal}: stopping what the soak started...`);
    await Promise.allSettled([...cleanups].map((fn) => fn()));
    process.exit(130);
  });
}

// ---- a redis-server of the soak's own (never the machine's 6379) ----
async function pong(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const t = setTimeout(() => (s.destroy(), resolve(false)), 500);
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => (clearTimeout(t), s.destroy(), resolve(d.toString().startsWith('+PONG'))));
    s.once('error', () => (clearTimeout(t), resolve(false)));
  });
}

export class OwnRedis {
  constructor(port) {
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
  }
  static async create() {
    return new OwnRedis(await freePort());
  }
  /** Starts it (again, on the same port); resolves once it answers PING. */
  async start() {
    this.forget?.();
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const child = this.child;
    this.forget = onInterrupt(() => child.kill('SIGKILL'));
    const end = Date.now() + 20000;
    while (!(await pong(this.port))) {
      if (Date.now() > end) throw new Error(`redis-server did not answer on ${this.port}`);
      await sleep(20);
    }
  }
  async kill() {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }
  freeze() {
    this.child.kill('SIGSTOP');
  }
  thaw() {
    this.child.kill('SIGCONT');
  }
  /** A plain client for the soak's own questions (PUBSUB, presence keys). */
  client() {
    return new Redis(this.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  }
}

// ---- Parley children ----
/**
 * Starts the production build (`dist/src/main.js`, or the diagnostics entry for the churn soak) on a free port and
 * waits for /healthz to answer 200.
 */
export async function startParley({ entry = 'dist/src/main.js', env, nodeArgs = [], logFile }) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, entry)], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET,
      LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? 'warn',
      SERVE_WEB: 'false',
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      RATE_LIMIT_SEND_PER_MINUTE: '100000',
      RATE_LIMIT_ROOMS_PER_MINUTE: '100000',
      RATE_LIMIT_ADD_MEMBERS_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forget = onInterrupt(() => child.kill('SIGKILL'));
  child.once('exit', forget);
  const lines = [];
  const log = logFile ? createWriteStream(logFile) : undefined;
  const keep = (d) => {
    log?.write(d);
    lines.push(d.toString());
    if (lines.length > 400) lines.splice(0, 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Parley exited ${child.exitCode}: ${lines.join('').slice(-3000)}`);
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > end) throw new Error(`Parley did not start: ${lines.join('').slice(-3000)}`);
    await sleep(100);
  }
  return {
    pid: child.pid,
    base,
    url: `${base}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    output: () => lines.join(''),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 20000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** One GraphQL request: `{ ok, status, data, errors, error }`, never throws (network failures are `error`). */
export async function call(url, query, variables, token, timeoutMs = 30000) {
  try {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await r.json().catch(() => ({ errors: [{ message: `non-JSON ${r.status}` }] }));
    return { ok: r.status === 200 && !body.errors, status: r.status, data: body.data, errors: body.errors };
  } catch (err) {
    return { ok: false, status: 0, error: `${err.name}: ${err.message} ${err.cause?.code ?? ''}`.trim() };
  }
}

export async function must(url, query, variables, token) {
  const r = await call(url, query, variables, token);
  if (!r.ok) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(r.errors ?? r.error)}`);
  return r.data;
}

let userCount = 0;
export async function registerUser(url, prefix) {
  const username = `${prefix}${++userCount}_${Math.random().toString(36).slice(2, 7)}`;
  const d = await must(url, `mutation($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }`, {
    i: { email: `${username}@example.com`, username, password: 'correct horse battery' },
  });
  return { id: d.register.user.id, username, token: d.register.accessToken };
}

export async function createRoom(url, owner, members, name) {
  const d = await must(url, `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name, memberIds: members.map((m) => m.id) } }, owner.token);
  return d.createGroupRoom.id;
}

// ---- a bare graphql-transport-ws client ----
/**
 * Opens a socket and acknowledges it. `sub(query, variables, handlers)` starts an operation. `close()` says goodbye
 * (1000), `cut()` destroys the TCP connection without a close frame. `closed` resolves with the close code.
 */
export function openSocket(wsUrl, token) {
  const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
  const ops = new Map();
  let nextId = 1;
  let closedWith;
  const closed = new Promise((resolve) =>
    ws.on('close', (code) => {
      closedWith = code;
      for (const h of ops.values()) h.end?.('socket closed');
      resolve(code);
    }),
  );
  ws.on('error', () => {});
  const ready = new Promise((resolve) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} })));
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.type === 'connection_ack') return resolve(true);
      if (m.type === 'ping') return ws.send(JSON.stringify({ type: 'pong' }));
      const h = ops.get(m.id);
      if (!h) return;
      if (m.type === 'next') h.next?.(m.payload);
      else if (m.type === 'error' || m.type === 'complete') {
        ops.delete(m.id);
        h.end?.(m.type === 'error' ? JSON.stringify(m.payload) : 'complete');
      }
    });
    closed.then(() => resolve(false));
  });
  return {
    ready,
    closed,
    get closedCode() {
      return closedWith;
    },
    sub(query, variables, handlers) {
      const id = String(nextId++);
      ops.set(id, handlers);
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
      return id;
    },
    close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
    },
    cut() {
      ws.terminate();
    },
  };
}

export const ROOM_EVENTS = `subscription($r: ID!) { roomEvents(roomId: $r) { __typename seq ... on MessageAdded { message { seq clientId } } ... on AccessRevoked { reason } } }`;
export const VIEWER_EVENTS = `subscription { viewerEvents { __typename roomId } }`;
export const TYPING = `subscription($r: ID!) { typing(roomId: $r) { isTyping user { id } } }`;
export const PRESENCE = `subscription($r: ID!) { presence(roomId: $r) { isOnline user { id } } }`;

// ---- process figures ----
export function openFds(pid) {
  return readdirSync(`/proc/${pid}/fd`).length;
}
export function rssMiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}
export const ms = (t) => `${Math.round(t)} ms`;

/**
 * Where a process's resident memory is, from /proc/PID/smaps (MiB): `brk` is glibc's main malloc arena ([heap]),
 * `arenas` the other malloc arenas (glibc maps each as a 64 MiB-aligned, 64 MiB reservation: a read-write part and
 * the rest without access), `anon` every other anonymous mapping (V8's heap pages, large mallocs, thread stacks),
 * `file` mapped files (the node binary, libraries).
 */
export function rssMap(pid) {
  const maps = [];
  let cur;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      cur = { start: BigInt(`0x${head[1]}`), end: BigInt(`0x${head[2]}`), perms: head[3], name: head[4], rss: 0 };
      maps.push(cur);
    } else if (cur && line.startsWith('Rss:')) cur.rss = Number(/(\d+)/.exec(line)[1]) / 1024;
  }
  const ARENA = 64n * 2n ** 20n;
  const out = { brk: 0, arenas: 0, arenaCount: 0, anon: 0, file: 0 };
  maps.forEach((m, i) => {
    if (m.name === '[heap]') out.brk += m.rss;
    else if (m.name.startsWith('/')) out.file += m.rss;
    else if (m.name === '' || m.name.startsWith('[anon')) {
      const next = maps[i + 1];
      const reserved = m.end - m.start === ARENA || (next && next.start === m.end && next.perms.startsWith('---') && next.end - m.start === ARENA);
      const arena = m.perms.startsWith('rw') && m.start % ARENA === 0n && reserved;
      if (arena) {
        out.arenas += m.rss;
        out.arenaCount++;
      } else out.anon += m.rss;
    }
  });
  return out;
}

/**
 * glibc malloc's own account (MiB), read by calling malloc_stats() in the process through gdb (a pause of well under
 * a second; null without gdb): `inUse` is what the process has malloc'ed and not freed (Buffers' and sockets' native
 * memory, zlib, OpenSSL, libuv, V8's own bookkeeping), `held` what the allocator holds from the OS (in use, plus freed
 * chunks it keeps for reuse). A native leak grows `inUse`; allocator residue is `held` minus `inUse`.
 */
export async function mallocStats(pid, output) {
  const mark = output().length;
  const status = await new Promise((resolve) => {
    const gdb = spawn('gdb', ['-p', String(pid), '-batch', '-ex', 'call (void)malloc_stats()'], { stdio: 'ignore', timeout: 30000 });
    gdb.once('error', () => resolve(-1));
    gdb.once('exit', (code) => resolve(code));
  });
  if (status !== 0) return null;
  for (let i = 0; i < 20; i++) {
    await sleep(100);
    const m = /Total \(incl\. mmap\):\s*system bytes\s*=\s*(\d+)\s*in use bytes\s*=\s*(\d+)/.exec(output().slice(mark));
    if (m) return { held: Number(m[1]) / 2 ** 20, inUse: Number(m[2]) / 2 ** 20 };
  }
  return null;
}

/** Asks glibc to give its free memory back to the OS (malloc_trim(0) through gdb); false without gdb. */
export async function mallocTrim(pid) {
  const status = await new Promise((resolve) => {
    const gdb = spawn('gdb', ['-p', String(pid), '-batch', '-ex', 'call (int)malloc_trim(0)'], { stdio: 'ignore', timeout: 30000 });
    gdb.once('error', () => resolve(-1));
    gdb.once('exit', (code) => resolve(code));
  });
  return status === 0;
}
