import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { register, startServer, waitFor, type TestServer } from './harness.js';
import { groupRoom } from './realtime-helpers.js';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

// SIGTERM on a child server (the compiled entry point, as `npm start` runs it) while it is busy: every request it
// received is answered, sockets close with 1001, and it exits 0 (main.ts exits 1 if shutdown passes 15 s).
const BUILD = path.resolve('test-output', `shutdown-build-${process.pid}`);

/** A child's structured log lines so far (lines still arriving, and other output, are skipped). */
function logLines(output: string[]): Array<{ msg?: string; port?: unknown } & Record<string, unknown>> {
  return output
    .join('')
    .split('\n')
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
}

/** The port a child started with PORT=0 listens on, from its structured "Parley listening" line once whole. */
function listeningPort(output: string[]): number | null {
  const port = logLines(output).find((l) => l.msg?.startsWith('Parley listening'))?.port;
  return typeof port === 'number' && port > 0 ? port : null;
}

let t: TestServer;
let child: ChildProcess | undefined;

beforeAll(async () => {
  // A fresh build of the server into a scratch folder (the tests run the TypeScript sources; the child runs JS).
  await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', BUILD], { cwd: process.cwd() });
  // The first instance migrates the database and stays up: the child is a second instance on it.
  t = await startServer();
}, 300_000);
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await t?.stop();
  rmSync(BUILD, { recursive: true, force: true });
});

it('SIGTERM under load: answers every request received, closes sockets with 1001, exits 0', async () => {
  // Port 0: the child listens where the OS says and logs it (a port chosen here could be taken before it listens).
  const env = { ...process.env, ...t.env, PORT: '0', LOG_LEVEL: 'info', ARGON2_CONCURRENCY: '1' };
  child = spawn(process.execPath, [path.join(BUILD, 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(d.toString()));
  child.stderr!.on('data', (d) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (c) => resolve(c)));
  await waitFor(() => listeningPort(output) !== null, 'the child to listen', 60_000);
  const port = listeningPort(output)!;
  const url = `http://127.0.0.1:${port}/graphql`;
  const post = (query: string, variables: Record<string, unknown>, token?: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) }).then(
      async (res) => ({ status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } }),
      (err: Error) => ({ status: 0, body: { errors: [{ message: `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` }] } }),
    );

  const owner = await register(t, 'term');
  const roomId = await groupRoom(t, owner, []);
  // A socket on the child: it must be closed with 1001 (going away).
  let closeCode: number | undefined;
  const ws = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${owner.accessToken}` }, onNonLazyError: () => {} });
  ws.on('closed', (e) => (closeCode = (e as { code: number }).code));
  await new Promise<void>((resolve) => ws.on('connected', () => resolve()));

  // Load: logins wait in the argon2 queue (one at a time), sends and queries around them.
  const logins = Array.from({ length: 8 }, () => post(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: owner.email, password: owner.password } }));
  const sends = Array.from({ length: 40 }, (_, i) =>
    post(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq } }`, { i: { roomId, body: `load ${i}`, clientId: `term-${i}` } }, owner.accessToken),
  );
  // Every request is in the server once the first login is answered (the rest wait behind it in the argon2 queue).
  await Promise.race(logins);
  child.kill('SIGTERM');
  const results = await Promise.all([...logins, ...sends]);
  const code = await exited;

  const failed = results.filter((r) => r.status !== 200 || r.body.errors);
  expect(failed).toEqual([]);
  expect(code).toBe(0);
  expect(closeCode).toBe(1001);
  // Every send answered is stored, once.
  const stored = await t.gql(`query($r: ID!) { room(id: $r) { messages(last: 100) { edges { node { clientId } } } } }`, { r: roomId }, owner.accessToken);
  expect(stored.data.room.messages.edges.map((e: any) => e.node.clientId).sort()).toEqual(sends.map((_, i) => `term-${i}`).sort());
  void ws.dispose();
}, 180_000);

describe('faults nobody handles, in the compiled entry point', () => {
  const PRELOAD = path.resolve('test', 'fixtures', 'fault-on-message.cjs');
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  async function startChild() {
    const env = { ...process.env, ...t.env, PORT: '0', LOG_LEVEL: 'info' };
    const proc = spawn(process.execPath, ['-r', PRELOAD, path.join(BUILD, 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child = proc;
    const output: string[] = [];
    proc.stdout!.on('data', (d) => output.push(d.toString()));
    proc.stderr!.on('data', (d) => output.push(d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
    await waitFor(() => listeningPort(output) !== null, 'the child to listen', 60_000);
    const port = listeningPort(output)!;
    /** The first structured log line with this message. */
    const logged = (msg: string) => logLines(output).find((l) => l.msg === msg);
    return { proc, port, exited, logged };
  }

  it('an unhandled rejection is logged (structured, at error) and the server keeps serving', async () => {
    const { proc, port, exited, logged } = await startChild();
    proc.send('reject');
    await waitFor(() => !!logged('unhandled promise rejection'), 'the rejection to be logged');
    expect(logged('unhandled promise rejection')).toMatchObject({ level: 'error', err: { message: 'a rejection nobody handles, on purpose' } });
    expect(proc.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);

  it('an uncaught exception is logged (at fatal) and the process exits 1', async () => {
    const { proc, exited, logged } = await startChild();
    proc.send('throw');
    expect(await exited).toBe(1);
    expect(logged('uncaught exception; exiting')).toMatchObject({ level: 'fatal', err: { message: 'an exception nobody catches, on purpose' } });
  }, 120_000);
});
