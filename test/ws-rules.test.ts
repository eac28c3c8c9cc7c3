import WebSocket from 'ws';
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { register, startServer, useTestServer, waitFor, type TestServer } from './harness.js';
import { connect, groupRoom } from './realtime-helpers.js';

/** A raw graphql-transport-ws socket, so a test can send a burst of messages without a client library pacing them. */
async function rawSocket(t: TestServer, token: string) {
  const socket = new WebSocket(t.wsUrl, 'graphql-transport-ws');
  const received: any[] = [];
  let closed: number | undefined;
  socket.on('message', (d) => received.push(JSON.parse(d.toString())));
  socket.on('close', (c) => (closed = c));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await waitFor(() => received.some((m) => m.type === 'connection_ack'), 'connection_ack');
  return { socket, received, closed: () => closed };
}

describe('graphql-ws held to HTTP rules', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a burst of subscribe messages cannot pass the per-socket cap (counted atomically)', async () => {
    const u = await register(t, 'burst');
    const roomId = await groupRoom(t, u, []);
    const s = await rawSocket(t, u.accessToken);
    const n = 215;
    for (let i = 0; i < n; i++) {
      s.socket.send(JSON.stringify({ id: `s${i}`, type: 'subscribe', payload: { query: 'subscription($r: ID!) { roomEvents(roomId: $r) { seq } }', variables: { r: roomId } } }));
    }
    await waitFor(() => s.received.filter((m) => m.type === 'error').length >= n - 200, 'the refusals', 60_000);
    const errors = s.received.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(n - 200);
    for (const e of errors) expect(e.payload[0].extensions.code).toBe('FORBIDDEN');
    await waitFor(() => diagnostics(t.server).localStreams(u.id) === 200, '200 live streams', 60_000);
    expect(s.closed()).toBeUndefined();
    s.socket.close();
  });

  it('a subscribe that fails validation gets an error for its id; the socket lives on', async () => {
    const u = await register(t, 'bad');
    const s = await rawSocket(t, u.accessToken);
    s.socket.send(JSON.stringify({ id: 'bad', type: 'subscribe', payload: { query: 'subscription { noSuchField }' } }));
    s.socket.send(JSON.stringify({ id: 'syntax', type: 'subscribe', payload: { query: 'subscription {' } }));
    s.socket.send(JSON.stringify({ id: 'me', type: 'subscribe', payload: { query: '{ me { id } }' } }));
    await waitFor(() => s.received.some((m) => m.id === 'me' && m.type === 'next'), 'the query after the bad ones');
    expect(s.received.find((m) => m.id === 'bad')).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    expect(s.received.find((m) => m.id === 'syntax')).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
    expect(s.closed()).toBeUndefined();
    s.socket.close();
  });
});

describe('the graphql-ws transport (src/ws-transport.ts) keeps graphql-ws close codes', () => {
  let t: TestServer;
  useTestServer((server) => (t = server), undefined, 'ws-transport');

  /** Opens a raw socket and returns its close code once the server closed it. */
  async function closeCode(protocol: string, send?: string): Promise<number> {
    const socket = new WebSocket(t.wsUrl, protocol);
    let code: number | undefined;
    socket.on('close', (c) => (code = c));
    await new Promise((resolve) => socket.once('open', resolve));
    if (send !== undefined) socket.send(send);
    return (await waitFor(() => code, 'the server to close the socket')) as number;
  }

  it('closes a socket that sends no connection_init (4408), invalid JSON (4400) and a subscribe before init (4401)', async () => {
    expect(await closeCode('graphql-transport-ws')).toBe(4408);
    expect(await closeCode('graphql-transport-ws', '{not json')).toBe(4400);
    expect(await closeCode('graphql-transport-ws', JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ me { id } }' } }))).toBe(4401);
  });

  it('a socket keeps working after a subscription completes, and its subscribe messages reach graphql-ws whole', async () => {
    const u = await register(t, 'whole');
    const s = await rawSocket(t, u.accessToken);
    s.socket.send(JSON.stringify({ id: 'q', type: 'subscribe', payload: { query: 'query Me($x: Boolean!) { me { id @include(if: $x) } }', operationName: 'Me', variables: { x: true } } }));
    await waitFor(() => s.received.some((m) => m.id === 'q' && m.type === 'complete'), 'the query to complete');
    expect(s.received.find((m) => m.id === 'q' && m.type === 'next')).toMatchObject({ payload: { data: { me: { id: u.id } } } });
    s.socket.send(JSON.stringify({ type: 'ping' }));
    await waitFor(() => s.received.some((m) => m.type === 'pong'), 'a pong');
    expect(s.closed()).toBeUndefined();
    s.socket.close();
  });
});

describe('production: no introspection and no suggestions, on either transport', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('HTTP and graphql-ws answer alike', async () => {
    const u = await register(t, 'prod');
    const http = await t.gql('{ __schema { types { name } } }', {}, u.accessToken);
    expect(http.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await t.gql('{ mee { id } }', {}, u.accessToken);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);

    const { client } = await connect(t, u.accessToken);
    const run = (query: string) =>
      new Promise<any>((resolve) => {
        const out: any[] = [];
        client.subscribe({ query }, { next: (v) => out.push(v), error: (e) => resolve({ errors: e }), complete: () => resolve(out[0]) });
      });
    const ws = await run('{ __schema { types { name } } }');
    expect(ws.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const wsTypo = await run('{ mee { id } }');
    expect(wsTypo.errors?.[0]?.message).toMatch(/Cannot query field "mee"/);
    expect(wsTypo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});
