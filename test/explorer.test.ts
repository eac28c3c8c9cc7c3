import WebSocket from 'ws';
import { HOSTED_SANDBOX_ORIGIN } from '../src/origins.js';
import { code, register, startServer, type TestServer } from './harness.js';

const STRONG_SECRET = 'k3Jq9vXr2LmP8sT4wY7zA1bC5dE6fG0hHiJ-explorer';
const INTROSPECT = `{ __schema { queryType { name } } }`;

function preflight(t: TestServer, origin: string) {
  return fetch(t.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
  });
}

function post(t: TestServer, origin: string, query = '{ __typename }') {
  return fetch(t.url, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
}

function landingPage(t: TestServer) {
  return fetch(t.url, { headers: { accept: 'text/html' } });
}

/** Opens a raw WebSocket with an Origin header (what a browser page sends); resolves to 'open' or the refusal. */
function upgrade(t: TestServer, origin: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(t.wsUrl, 'graphql-transport-ws', { origin });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(`refused ${res.statusCode}`);
      ws.terminate();
    });
    ws.on('error', () => resolve('error'));
  });
}

describe('development (the default)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ env: { NODE_ENV: 'development', CORS_ORIGINS: 'https://chat.example.com' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('serves the embedded Apollo Sandbox at GET /graphql, pointed at this same endpoint', async () => {
    const res = await landingPage(t);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/embeddable-sandbox/);
    expect(html).toMatch(/initialEndpoint/);
    expect(html).not.toMatch(/includeCookies:\s*true|"includeCookies":\s*true/);
  });

  it('answers introspection, so Sandbox can show the schema and its descriptions', async () => {
    const r = await t.gql(`{ __type(name: "Mutation") { fields { name description } } }`);
    expect(r.errors).toBeUndefined();
    const ban = r.data.__type.fields.find((f: { name: string }) => f.name === 'banUser');
    expect(ban.description).toMatch(/ADMIN or MODERATOR/);
  });

  it('runs a subscription-protocol operation over graphql-ws on the same /graphql endpoint', async () => {
    const u = await register(t);
    const client = t.ws(u.accessToken);
    const result = await new Promise<any>((resolve, reject) => {
      client.subscribe({ query: '{ me { id } }' }, { next: resolve, error: reject, complete() {} });
    });
    expect(result.data.me.id).toBe(u.id);
    // The hosted Sandbox (and the embedded one) open the socket from a page origin.
    expect(await upgrade(t, HOSTED_SANDBOX_ORIGIN)).toBe('open');
    expect(await upgrade(t, 'https://chat.example.com')).toBe('open');
    expect(await upgrade(t, 'https://evil.example.net')).toMatch(/refused/);
  });

  it('lets the hosted Sandbox origin through CORS: preflight and actual request', async () => {
    const pre = await preflight(t, HOSTED_SANDBOX_ORIGIN);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(HOSTED_SANDBOX_ORIGIN);
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect((pre.headers.get('access-control-allow-headers') ?? '').toLowerCase()).toMatch(/authorization/);
    const res = await post(t, HOSTED_SANDBOX_ORIGIN);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(HOSTED_SANDBOX_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets CORS_ORIGINS through and gives other origins no CORS headers', async () => {
    const pre = await preflight(t, 'https://chat.example.com');
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://chat.example.com');
    const res = await post(t, 'https://chat.example.com');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://chat.example.com');

    const evilPre = await preflight(t, 'https://evil.example.net');
    expect(evilPre.headers.get('access-control-allow-origin')).toBeNull();
    const evil = await post(t, 'https://evil.example.net');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('production', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ env: { NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET, CORS_ORIGINS: 'https://chat.example.com' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('turns the landing page and introspection off', async () => {
    const res = await landingPage(t);
    const html = await res.text();
    expect(html).not.toMatch(/embeddable-sandbox/);
    const r = await t.gql(INTROSPECT);
    expect(code(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors![0].message).toMatch(/introspection/i);
    // Ordinary operations still work.
    expect((await t.gql(`{ __typename }`)).data).toEqual({ __typename: 'Query' });
  });

  it('refuses the hosted Sandbox origin but keeps CORS_ORIGINS, on CORS and on the WebSocket upgrade', async () => {
    const pre = await preflight(t, HOSTED_SANDBOX_ORIGIN);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const res = await post(t, HOSTED_SANDBOX_ORIGIN);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await upgrade(t, HOSTED_SANDBOX_ORIGIN)).toMatch(/refused/);

    const ok = await preflight(t, 'https://chat.example.com');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://chat.example.com');
    expect((await post(t, 'https://chat.example.com')).headers.get('access-control-allow-origin')).toBe('https://chat.example.com');
    expect(await upgrade(t, 'https://chat.example.com')).toBe('open');
  });
});

describe('production with GRAPHQL_SANDBOX and GRAPHQL_INTROSPECTION on', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ env: { NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET, GRAPHQL_SANDBOX: 'true', GRAPHQL_INTROSPECTION: 'true' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('serves the landing page and answers introspection', async () => {
    expect(await (await landingPage(t)).text()).toMatch(/embeddable-sandbox/);
    const r = await t.gql(INTROSPECT);
    expect(r.errors).toBeUndefined();
    expect(r.data.__schema.queryType.name).toBe('Query');
  });
});

describe('development with GRAPHQL_SANDBOX and GRAPHQL_INTROSPECTION off', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ env: { NODE_ENV: 'development', GRAPHQL_SANDBOX: 'false', GRAPHQL_INTROSPECTION: 'false' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('honours the switches', async () => {
    expect(await (await landingPage(t)).text()).not.toMatch(/embeddable-sandbox/);
    expect(code(await t.gql(INTROSPECT))).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
