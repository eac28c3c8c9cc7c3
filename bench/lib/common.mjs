// Shared helpers for the benchmark: a fresh PostgreSQL database, the production server as a child process,
// the opt-in metrics endpoint, statistics, child load processes and the progress line.
import { fork, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH = path.join(ROOT, 'bench');
export const WORK = path.join(BENCH, '.work');
mkdirSync(WORK, { recursive: true });

export const PG_BASE = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
export const JWT_SECRET = randomBytes(48).toString('base64');
export const RUN_ID = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * BENCH_SCALE (default 1) shrinks a run for development: every scenario's default size, and the counts and phase
 * lengths inside scenarios, are multiplied by it (never below a floor that keeps the figure meaningful). Sizes given
 * on the command line are used as given. The lead's reference runs use 1.
 */
export const SCALE = (() => {
  const v = Number(process.env.BENCH_SCALE ?? 1);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`BENCH_SCALE must be a positive number (got "${process.env.BENCH_SCALE}")`);
  return v;
})();
/** A count scaled by BENCH_SCALE, at least `min`. */
export const scaled = (n, min = 1) => Math.max(min, Math.round(n * SCALE));
/** A phase length in seconds, shortened less steeply than counts (x4 BENCH_SCALE, at most 1x), at least `min`. */
export const scaledSeconds = (s, min = 2) => Math.max(min, Math.round(s * Math.min(1, SCALE * 4)));

// ---- progress line ----
let lastProgress = '';
let lastPrinted = 0;
export function progress(text) {
  lastProgress = text;
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[K  ${text}`);
  else if (Date.now() - lastPrinted > 5000) {
    // Not a terminal (CI, a log file): one line every few seconds instead of a redrawn line.
    lastPrinted = Date.now();
    process.stdout.write(`  ${text}\n`);
  }
}
export function progressDone() {
  if (process.stdout.isTTY && lastProgress) process.stdout.write('\r\x1b[K');
  lastProgress = '';
}
export function log(text) {
  progressDone();
  console.log(text);
}

// ---- statistics ----
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
export function summarize(samples) {
  const s = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of s) sum += v;
  return { n: s.length, mean: s.length ? sum / s.length : NaN, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : NaN };
}
export const round = (v, d = 1) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : v);

// ---- database ----
export async function createDatabase(tag) {
  const name = `parley_bench_${tag}_${RUN_ID}`.toLowerCase();
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = `${PG_BASE}/${name}`;
  return {
    name,
    url,
    async drop() {
      const c = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function serverEnv(db, extra = {}) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET,
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_PREFIX: `bench:${RUN_ID}:${db.name}:`,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    SERVE_WEB: 'false',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
    RATE_LIMIT_SEND_PER_MINUTE: '1000000',
    PRESENCE_TTL_SECONDS: '600',
    ...extra,
  };
}

/** Applies the migrations to the bench database with the production build's migrate script. */
export async function migrate(db) {
  await runNode([path.join(ROOT, 'dist/scripts/migrate.js')], serverEnv(db), true);
}

export function runNode(args, env, quiet = false) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: quiet ? ['ignore', 'ignore', 'pipe'] : 'inherit' });
    let err = '';
    child.stderr?.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/**
 * Starts `node dist/src/diagnostics/bench-main.js` (the production build's server plus the diagnostics endpoints) on a free port and waits for /healthz.
 * With BENCH_PROFILE=<scenario> the server writes a CPU profile to bench/.work/profiles on exit.
 */
export async function startServer(db, { env = {}, profileTag, nodeArgs: extraArgs = [] } = {}) {
  const port = await freePort();
  const nodeArgs = [...extraArgs];
  const profile = process.env.BENCH_PROFILE && profileTag && (process.env.BENCH_PROFILE === '1' || process.env.BENCH_PROFILE.split(',').includes(profileTag));
  const profileDir = path.join(WORK, 'profiles');
  if (profile) {
    mkdirSync(profileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${profileTag}-${Date.now()}.cpuprofile`);
  }
  const child = spawn(process.execPath, [...nodeArgs, process.env.BENCH_SERVER_ENTRY || path.join(ROOT, 'dist/src/diagnostics/bench-main.js')], {
    cwd: ROOT,
    env: serverEnv(db, { PORT: String(port), ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
    if (stderr.length > 20000) stderr = stderr.slice(-10000);
  });
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (!stopping) log(`  the server exited unexpectedly (${code ?? signal}); its last output:\n${stderr.slice(-3000)}`);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000; // a busy machine can take this long
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      stopping = true;
      child.kill('SIGKILL'); // never leave a half-started server behind a failed scenario
      throw new Error(`server did not answer /healthz within 60 s: ${stderr}`);
    }
    await sleep(100);
  }
  return {
    pid: child.pid,
    port,
    url: `${base}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    base,
    prefix: serverEnv(db).REDIS_PREFIX,
    stderr: () => stderr,
    // Retried once: a keep-alive socket the server is just closing makes undici fail one request.
    metrics: () => fetch(`${base}/diagnostics`).then((r) => r.json()).catch(() => sleep(200).then(() => fetch(`${base}/diagnostics`).then((r) => r.json()))),
    /** Starts a CPU profile of the server's current phase; `stop(tag)` writes it to bench/.work/profiles. */
    profile: {
      start: () => fetch(`${base}/diagnostics/profile/start`, { method: 'POST' }).then((r) => r.json()),
      async stop(tag) {
        const prof = await fetch(`${base}/diagnostics/profile/stop`, { method: 'POST' }).then((r) => r.json());
        mkdirSync(profileDir, { recursive: true });
        const file = path.join(profileDir, `${tag}-${Date.now()}.cpuprofile`);
        writeFileSync(file, JSON.stringify(prof));
        log(`  wrote the ${tag} profile: ${path.relative(ROOT, file)}`);
      },
    },
    rssKb: () => rssKb(child.pid),
    cpuMs: () => cpuMs(child.pid),
    async stop() {
      stopping = true;
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 20000);
      await exited;
      clearTimeout(t);
    },
  };
}

export function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

/** User + system CPU time of a process so far, in ms. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks are 100 Hz on Linux
}

export async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ---- GraphQL over HTTP (the orchestrator's own light calls) ----
export async function gql(url, query, variables, token) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await r.json();
  if (body.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

// ---- child load processes ----
/**
 * Forks a load process (bench/load/<name>.mjs). It talks by IPC: the parent sends commands, the child answers with
 * `{ type, ... }` messages. `request(msg, replyType)` resolves with the first reply of that type.
 */
export function startLoad(name, options = {}) {
  const child = fork(path.join(BENCH, 'load', `${name}.mjs`), [], {
    cwd: ROOT,
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: options.execArgv ?? [],
  });
  const waiters = [];
  const listeners = [];
  child.on('message', (m) => {
    for (const l of listeners) l(m);
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
    if (m.type === 'error') for (const w of waiters.splice(0)) w.reject(new Error(m.message));
  });
  child.on('exit', (code) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`load process ${name} exited ${code}`));
  });
  return {
    pid: child.pid,
    child,
    onMessage: (f) => listeners.push(f),
    send: (m) => child.send(m),
    request(m, type) {
      return new Promise((resolve, reject) => {
        waiters.push({ type, resolve, reject });
        if (m) child.send(m);
      });
    },
    wait(type) {
      return new Promise((resolve, reject) => waiters.push({ type, resolve, reject }));
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'exit' });
      const t = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** In a load process: answer the parent, and run handlers for its commands. */
export function childMain(handlers) {
  process.on('message', async (m) => {
    if (m.type === 'exit') process.exit(0);
    const h = handlers[m.type];
    if (!h) return;
    try {
      const reply = await h(m);
      if (reply) process.send(reply);
    } catch (err) {
      process.send({ type: 'error', message: err?.stack ?? String(err) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

export function machineInfo() {
  const os = globalThis.__os;
  return os;
}

export { randomUUID };
export const exists = existsSync;
