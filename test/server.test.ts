import { readFileSync } from 'node:fs';
import { buildSchema as parseSdl, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, isScalarType } from 'graphql';
import { ConfigError, loadConfig } from '../src/config.js';
import { printAppSchema } from '../src/schema.js';
import { backend, code, register, startServer, type TestServer } from './harness.js';

describe('schema.graphql', () => {
  it('is what the code emits (run `npm run schema` after changing the API)', async () => {
    const committed = readFileSync('schema.graphql', 'utf8');
    expect(committed).toBe(await printAppSchema());
  });

  it('documents every type, field, argument and enum value', () => {
    const schema = parseSdl(readFileSync('schema.graphql', 'utf8'));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))) continue;
      if (!type.description && !['Query', 'Mutation', 'Subscription'].includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const f of Object.values(type.getFields())) {
          if (!f.description) missing.push(`${type.name}.${f.name}`);
          for (const a of 'args' in f ? f.args : []) if (!a.description) missing.push(`${type.name}.${f.name}(${a.name})`);
        }
      }
      if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });
});

describe('configuration', () => {
  it('refuses production without a strong JWT_SECRET, listing every problem', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short', PORT: 'abc', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/JWT_SECRET/);
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/REDIS_URL/);
      expect(problems).toMatch(/LOG_LEVEL/);
    }
    const ok = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'k3Jq9vXr2LmP8sT4wY7zA1bC5dE6fG0hHiJ' });
    expect(ok.introspection).toBe(false);
    expect(ok.sandbox).toBe(false);
  });

  it('defaults to SQLite under ./data and the in-process PubSub, with a generated secret in development', () => {
    const c = loadConfig({});
    expect(c.database.kind).toBe('sqlite');
    expect(c.database.sqlitePath).toMatch(/data[/\\]parley\.db$/);
    expect(c.redisUrl).toBeUndefined();
    expect(c.jwtSecretGenerated).toBe(true);
    expect(c.accessTokenTtlSeconds).toBe(1800);
    expect(c.argon2.memoryCost).toBeGreaterThanOrEqual(19456);
    expect(c.argon2.timeCost).toBeGreaterThanOrEqual(2);
    expect(() => loadConfig({ ARGON2_MEMORY_KIB: '1024' })).toThrow(/ARGON2_MEMORY_KIB/);
    expect(c.argon2).toMatchObject({ concurrency: 1, rest: 0.5 });
    expect(() => loadConfig({ ARGON2_REST: '-1' })).toThrow(/ARGON2_REST/);
    expect(() => loadConfig({ ARGON2_CONCURRENCY: '0' })).toThrow(/ARGON2_CONCURRENCY/);
  });
});

describe('HTTP server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('reports database and PubSub health', async () => {
    const res = await fetch(t.url.replace('/graphql', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      down: [],
      database: { ok: true, kind: backend.database },
      pubsub: { ok: true, kind: backend.pubsub },
      rateLimiterFallbacks: 0,
    });
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBeDefined();
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('keeps CSRF prevention on for simple requests', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
  });

  it('limits aliases', async () => {
    const u = await register(t);
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ');
    const many = await t.gql(`{ ${aliases} }`, {}, u.accessToken);
    expect(code(many)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(many.errors![0].message).toMatch(/alias/i);
  });

  it('answers an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const r = await t.gql(`{ nope }`);
    expect(r.status).toBe(400);
    expect(code(r)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('serves Apollo Sandbox at GET /graphql for browsers in development', async () => {
    const res = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/sandbox/i);
  });
});

describe('operation limits', () => {
  it('refuses operations deeper than GRAPHQL_MAX_DEPTH, on HTTP and graphql-ws', async () => {
    const t = await startServer({ env: { GRAPHQL_MAX_DEPTH: '2' } });
    try {
      const u = { username: 'shallow_user', password: 'password123', accessToken: '' };
      const reg = await t.gql(`mutation { register(input: {email: "shallow@example.com", username: "${u.username}", password: "${u.password}"}) { accessToken } }`);
      u.accessToken = reg.data.register.accessToken;
      expect((await t.gql(`{ me { username } }`, {}, u.accessToken)).data.me.username).toBe(u.username);
      const deep = await t.gql(`mutation { login(input: {username: "${u.username}", password: "${u.password}"}) { user { id } } }`);
      expect(code(deep)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(deep.errors![0].message).toMatch(/depth/i);
      const client = t.ws(u.accessToken);
      const err = await new Promise<any>((resolve) => {
        client.subscribe({ query: `mutation { login(input: {username: "${u.username}", password: "${u.password}"}) { user { id } } }` }, { next: resolve, error: resolve, complete() {} });
      });
      expect(JSON.stringify(err)).toMatch(/depth/i);
    } finally {
      await t.stop();
    }
  });

  it('counts depth in fields: fragments add no level, and fields hidden in fragments still count, on HTTP and graphql-ws', async () => {
    const t = await startServer({ env: { GRAPHQL_MAX_DEPTH: '3' } });
    try {
      const u = await register(t, 'frag');
      // Three fields deep at most, through nested fragment spreads and an inline fragment: within the limit (counting
      // each fragment as a level, as armor does by default, made it 5).
      const shallow = `query { ...Q } fragment Q on Query { me { ...A } rooms(first: 1) { ...P } }
        fragment A on User { ... on User { username } } fragment P on RoomConnection { pageInfo { hasNextPage } }`;
      expect((await t.gql(shallow, {}, u.accessToken)).data.me.username).toBe(u.username);
      // Four fields deep, all inside a fragment: refused, and nothing is resolved.
      const deep = `query { ...C } fragment C on Query { rooms(first: 1) { edges { node { id } } } }`;
      const refused = await t.gql(deep, {}, u.accessToken);
      expect(code(refused)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(refused.errors![0].message).toMatch(/depth limit of 3 exceeded, found 4/i);
      expect(refused.data).toBeUndefined();
      const client = t.ws(u.accessToken);
      const over = (query: string) =>
        new Promise<any>((resolve) => {
          client.subscribe({ query }, { next: resolve, error: resolve, complete() {} });
        });
      expect((await over(shallow)).data.me.username).toBe(u.username);
      expect(JSON.stringify(await over(deep))).toMatch(/depth limit of 3 exceeded, found 4/i);
    } finally {
      await t.stop();
    }
  });
});

describe('page-aware complexity', () => {
  const HEAVY = `query($n: Int) { rooms(first: $n) { edges { node { id
    members(first: $n) { edges { node { user { id username } } } }
    messages(last: $n) { edges { node { id body sender { username } } } } } } } }`;

  it('counts page sizes passed as variables, on HTTP and graphql-ws alike', async () => {
    const t = await startServer();
    try {
      const u = await register(t);
      const small = await t.gql(HEAVY, { n: 5 }, u.accessToken);
      expect(small.errors).toBeUndefined();
      const big = await t.gql(HEAVY, { n: 100 }, u.accessToken);
      expect(big.status).toBe(400);
      expect(code(big)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(big.errors![0].message).toMatch(/too expensive/);
      expect(big.errors![0].extensions!.complexity).toBeGreaterThan(big.errors![0].extensions!.maxComplexity);
      const client = t.ws(u.accessToken);
      const viaWs = (n: number) =>
        new Promise<any>((resolve) => {
          client.subscribe({ query: HEAVY, variables: { n } }, { next: resolve, error: resolve, complete() {} });
        });
      expect((await viaWs(5)).data.rooms.edges).toEqual([]);
      expect(JSON.stringify(await viaWs(100))).toMatch(/too expensive/);
    } finally {
      await t.stop();
    }
  });
});

describe('rate limits', () => {
  it('limits logins per account with RATE_LIMITED and retryAfterSeconds', async () => {
    const t = await startServer({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '3' } });
    try {
      const u = await register(t);
      const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push(code(await t.gql(LOGIN, { i: { username: u.username, password: 'wrong password' } })));
      expect(codes.slice(0, 3)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
      const limited = await t.gql(LOGIN, { i: { username: u.username, password: u.password } });
      expect(code(limited)).toBe('RATE_LIMITED');
      expect(limited.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await t.stop();
    }
  });
});

describe('send rate limits', () => {
  const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body } }`;

  it('limit each sender, still give a retried clientId its message, and limit the address too', async () => {
    const t = await startServer({ env: { RATE_LIMIT_SEND_PER_MINUTE: '3' } });
    try {
      const users = [];
      for (let i = 0; i < 7; i++) users.push(await register(t));
      const [a] = users;
      const group = await t.gql(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'limits', memberIds: users.slice(1).map((u) => u.id) } }, a.accessToken);
      const roomId = group.data.createGroupRoom.id;
      const sent = [];
      for (let i = 0; i < 3; i++) sent.push(await t.gql(SEND, { i: { roomId, body: `m${i}`, clientId: `c${i}` } }, a.accessToken));
      for (const r of sent) expect(r.errors).toBeUndefined();
      const limited = await t.gql(SEND, { i: { roomId, body: 'one too many', clientId: 'c3' } }, a.accessToken);
      expect(code(limited)).toBe('RATE_LIMITED');
      expect(limited.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
      // A client retrying a send that went through gets the message, limit or not; a new one stays refused.
      const retried = await t.gql(SEND, { i: { roomId, body: 'm0 again', clientId: 'c0' } }, a.accessToken);
      expect(retried.data.sendMessage).toEqual(sent[0].data.sendMessage);
      expect(code(await t.gql(SEND, { i: { roomId, body: 'no id' } }, a.accessToken))).toBe('RATE_LIMITED');
      // Per address: five times the per-sender limit. Sender a already used it 6 times (refusals count too).
      // Hence users 1-5 have 9 more between them.
      const others = [];
      for (const u of users.slice(1)) for (let i = 0; i < 2; i++) others.push(code(await t.gql(SEND, { i: { roomId, body: 'hi' } }, u.accessToken)) ?? 'OK');
      expect(others.filter((c) => c === 'OK')).toHaveLength(9);
      expect(others.slice(9).every((c) => c === 'RATE_LIMITED')).toBe(true);
      const room = await t.gql(`query($id: ID!) { room(id: $id) { lastSeq messages(last: 50) { edges { node { seq } } } } }`, { id: roomId }, a.accessToken);
      // Nothing refused took a seq: the log stays gapless.
      const seqs = room.data.room.messages.edges.map((e: any) => e.node.seq);
      expect(seqs).toHaveLength(12);
      expect(room.data.room.lastSeq).toBe(seqs[seqs.length - 1]);
    } finally {
      await t.stop();
    }
  });
});

describe('graphql-ws and shutdown', () => {
  it('refuses a socket without a valid token (4403) and closes live sockets with 1001 on shutdown', async () => {
    const t = await startServer();
    let stopped = false;
    try {
      const anon = t.ws(null);
      const anonClosed = new Promise<number>((resolve) => anon.on('closed', (e: any) => resolve(e.code)));
      anon.subscribe({ query: '{ __typename }' }, { next() {}, error() {}, complete() {} });
      expect(await anonClosed).toBe(4403);

      const bad = t.ws('not-a-token');
      const badClosed = new Promise<number>((resolve) => bad.on('closed', (e: any) => resolve(e.code)));
      bad.subscribe({ query: '{ __typename }' }, { next() {}, error() {}, complete() {} });
      expect(await badClosed).toBe(4403);

      const u = await register(t);
      // The socket stays open after its query completes (a lazy client closes its idle socket itself with 1000, and
      // the drain before the sockets' close leaves it time to), so what closes it is the server's shutdown.
      const client = t.ws(u.accessToken, { lazyCloseTimeout: 120_000 });
      const result = await new Promise<any>((resolve, reject) => {
        client.subscribe({ query: '{ me { id } }' }, { next: resolve, error: reject, complete() {} });
      });
      expect(result.data.me.id).toBe(u.id);
      const closed = new Promise<number>((resolve) => client.on('closed', (e: any) => resolve(e.code)));
      await t.server.stop();
      stopped = true;
      expect(await closed).toBe(1001);
    } finally {
      if (!stopped) await t.stop();
      else await t.stop().catch(() => undefined);
    }
  });
});
