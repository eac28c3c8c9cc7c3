import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { getNamedType, getNullableType, isInputObjectType, isListType, isNonNullType, isScalarType, isEnumType, type GraphQLArgument, type GraphQLInputField, type GraphQLInputType } from 'graphql';
import { loadConfig } from '../src/config.js';
import { runAdminCli } from '../src/modules/admin/admin.cli.js';
import { buildAppSchema } from '../src/schema.js';
import { code, field, register, startServer, uniqueName, type GqlResult, type TestServer, type TestUser } from './harness.js';
import { connect, groupRoom, sendMessage, subscribe } from './realtime-helpers.js';

let t: TestServer;
let a: TestUser;
let b: TestUser;
let c: TestUser;
let roomId: string;
let messageId: string;

beforeAll(async () => {
  t = await startServer();
  a = await register(t, 'guard');
  b = await register(t, 'guardb');
  c = await register(t, 'guardc');
  const out: string[] = [];
  expect(await runAdminCli(['promote', a.username], loadConfig(t.env), { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
  roomId = await groupRoom(t, a, [b], 'Guarded');
  messageId = (await sendMessage(t, a, roomId, 'first')).id;
});
afterAll(async () => {
  await t?.stop();
});

/**
 * Everything a refused mutation must not have changed: row counts and the text and state columns of the tables; `all`
 * with the audit log, `noAudit` without (a failed login is audited by design).
 */
async function fingerprint(): Promise<{ all: string; noAudit: string }> {
  const conn = t.server.app.orm.em.fork().getConnection();
  const tables = ['users', 'sessions', 'rooms', 'memberships', 'messages', 'room_events', 'password_resets'];
  const counts = await conn.execute(`select ${tables.map((x) => `(select count(*) from ${x}) as ${x}`).join(', ')}, (select count(*) from audit_events) as audit`);
  const { audit, ...rest } = counts[0];
  const parts: unknown[] = [rest];
  parts.push(await conn.execute('select id, username, display_name, email, password_hash, role, banned_at, ban_reason from users order by id'));
  parts.push(await conn.execute('select id, name, description, last_seq from rooms order by id'));
  parts.push(await conn.execute('select id, body, reactions, edited_at, deleted_at from messages order by id'));
  parts.push(await conn.execute('select id, revoked_at from sessions order by id'));
  const noAudit = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return { all: `${noAudit}:${audit}`, noAudit };
}

const MESSAGE_COUNT = async () => Number((await t.server.app.orm.em.fork().getConnection().execute('select count(*) as n from messages'))[0].n);

describe('text that no field accepts is refused before any SQL', () => {
  it('a NUL in a message body: BAD_USER_INPUT naming body, nothing stored', async () => {
    const before = await MESSAGE_COUNT();
    const r = await t.gql(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { roomId, body: 'hi\u0000there' } }, a.accessToken);
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(field(r)).toBe('body');
    expect(await MESSAGE_COUNT()).toBe(before);
    // Inline literals are checked as variables are.
    const inline = await t.gql(`mutation { sendMessage(input: { roomId: "${roomId}", body: "a\\u0007b" }) { id } }`, undefined, a.accessToken);
    expect(code(inline)).toBe('BAD_USER_INPUT');
    expect(field(inline)).toBe('body');
    // Line breaks and tabs belong in a body.
    const ok = await t.gql(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { body } }`, { i: { roomId, body: 'line one\nline\ttwo' } }, a.accessToken);
    expect(ok.errors).toBeUndefined();
  });

  it('bidi overrides in names are refused (a display name showing "evil" as "live"), not in message text', async () => {
    let r = await t.gql(`mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }`, { i: { displayName: '\u202eevil' } }, a.accessToken);
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(field(r)).toBe('displayName');
    r = await t.gql(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'a\u2066b', memberIds: [] } }, a.accessToken);
    expect(field(r)).toBe('name');
    r = await t.gql(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'one\ntwo', memberIds: [] } }, a.accessToken);
    expect(field(r)).toBe('name');
    // Every bad field at once.
    r = await t.gql(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: '\u202eabc', description: 'x\u0000', memberIds: [] } }, a.accessToken);
    expect(r.errors![0].extensions!.fields.map((f: { field: string }) => f.field)).toEqual(['name', 'description']);
    r = await t.gql(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { body } }`, { i: { roomId, body: 'quoting \u202eevil\u202c is fine' } }, a.accessToken);
    expect(r.errors).toBeUndefined();
  });

  it('a lone surrogate (ban reason, search, login) is BAD_USER_INPUT, never an internal error', async () => {
    let r = await t.gql(`mutation($u: ID!, $why: String) { banUser(userId: $u, reason: $why) { id } }`, { u: c.id, why: 'spam \ud800' }, a.accessToken);
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(field(r)).toBe('reason');
    r = await t.gql(`query($s: String) { users(search: $s) { edges { node { id } } } }`, { s: '\udc00x' }, a.accessToken);
    expect(field(r)).toBe('search');
    r = await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: 'x\u0000@example.com', password: 'whatever1' } });
    expect(field(r)).toBe('email');
    r = await t.gql(`query($f: AdminUserFilter) { adminUsers(filter: $f) { edges { node { id } } } }`, { f: { search: 'a\u0000' } }, a.accessToken);
    expect(field(r)).toBe('filter.search');
  });

  it('over graphql-ws too: an error for that operation, the socket stays up', async () => {
    const { client, ok } = await connect(t, a.accessToken);
    expect(ok).toBe(true);
    const result = await new Promise<any>((resolve) => {
      const out: any[] = [];
      client.subscribe({ query: `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, variables: { i: { roomId, body: '\u0000' } } }, { next: (v) => out.push(v), error: (e) => resolve(e), complete: () => resolve(out[0]) });
    });
    const errors = Array.isArray(result) ? result : result.errors;
    expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(errors[0].extensions.field).toBe('body');
    const me = await new Promise<any>((resolve, reject) => {
      client.subscribe({ query: '{ me { id } }' }, { next: resolve, error: reject, complete: () => undefined });
    });
    expect(me.data.me.id).toBe(a.id);
  });
});

describe('cursors', () => {
  const junk = ['junk', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('[1e400,"y"]').toString('base64url'), Buffer.from('[{"a":1}]').toString('base64url'), Buffer.from('[-1]').toString('base64url'), Buffer.from('["\\u0000"]').toString('base64url')];
  const queries: Array<[string, string]> = [
    ['rooms', `query($a: String) { rooms(after: $a) { edges { cursor } } }`],
    ['publicRooms', `query($a: String) { publicRooms(after: $a) { edges { cursor } } }`],
    ['users', `query($a: String) { users(after: $a) { edges { cursor } } }`],
    ['members', `query($a: String) { room(id: "ROOM") { members(after: $a) { edges { cursor } } } }`],
    ['messages', `query($a: String) { room(id: "ROOM") { messages(after: $a) { edges { cursor } } } }`],
    ['adminUsers', `query($a: String) { adminUsers(after: $a) { edges { cursor } } }`],
    ['adminRooms', `query($a: String) { adminRooms(after: $a) { edges { cursor } } }`],
    ['adminMessages', `query($a: String) { adminMessages(after: $a) { edges { cursor } } }`],
    ['auditEvents', `query($a: String) { auditEvents(after: $a) { edges { cursor } } }`],
  ];
  it.each(queries)('a junk cursor on %s is BAD_USER_INPUT (field after)', async (_name, query) => {
    for (const cursor of junk) {
      const r = await t.gql(query.replace('ROOM', roomId), { a: cursor }, a.accessToken);
      expect({ cursor, code: code(r), field: field(r) }).toEqual({ cursor, code: 'BAD_USER_INPUT', field: 'after' });
    }
    // A real cursor still pages.
    const first = await t.gql(query.replace('ROOM', roomId), { a: null }, a.accessToken);
    expect(first.errors).toBeUndefined();
  });
});

describe('searches take % and _ literally', () => {
  it('users, publicRooms, adminUsers, adminRooms, adminMessages', async () => {
    const name = uniqueName('pct');
    await t.gql(`mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { id } }`, { i: { name: `${name} 100%_done` } }, a.accessToken);
    await t.gql(`mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { id } }`, { i: { name: `${name} plain` } }, a.accessToken);
    const count = async (query: string, vars: Record<string, unknown>) => {
      const r: GqlResult = await t.gql(query, vars, a.accessToken);
      expect(r.errors).toBeUndefined();
      return (Object.values(r.data)[0] as { edges: unknown[] }).edges.length;
    };
    expect(await count(`query($s: String) { users(search: $s, first: 100) { edges { cursor } } }`, { s: '%' })).toBe(0);
    expect(await count(`query($s: String) { users(search: $s, first: 100) { edges { cursor } } }`, { s: a.username.slice(0, 6) })).toBeGreaterThan(0);
    expect(await count(`query($s: String) { publicRooms(search: $s, first: 100) { edges { cursor } } }`, { s: '%' })).toBe(1);
    expect(await count(`query($s: String) { publicRooms(search: $s, first: 100) { edges { cursor } } }`, { s: '%_D' })).toBe(1);
    expect(await count(`query($s: String) { publicRooms(search: $s, first: 100) { edges { cursor } } }`, { s: `${name.slice(-4)} _` })).toBe(0);
    expect(await count(`query($s: String) { publicRooms(search: $s, first: 100) { edges { cursor } } }`, { s: name })).toBe(2);
    expect(await count(`query($f: AdminUserFilter) { adminUsers(filter: $f, first: 100) { edges { cursor } } }`, { f: { search: '%' } })).toBe(0);
    expect(await count(`query($f: AdminRoomFilter) { adminRooms(filter: $f, first: 100) { edges { cursor } } }`, { f: { search: '%' } })).toBe(1);
    expect(await count(`query($f: AdminMessageFilter) { adminMessages(filter: $f, first: 100) { edges { cursor } } }`, { f: { contains: '%' } })).toBe(0);
  });
});

describe('HTTP answers client mistakes with 4xx, never 500', () => {
  it('syntax errors and the token limit: 400 GRAPHQL_PARSE_FAILED', async () => {
    let r = await t.gql('{ me { id ');
    expect(r.status).toBe(400);
    expect(code(r)).toBe('GRAPHQL_PARSE_FAILED');
    r = await t.gql(`{ ${'me { id } '.repeat(1500)} }`);
    expect(r.status).toBe(400);
    expect(code(r)).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('a subscription over HTTP is refused with a clear error', async () => {
    const r = await t.gql(`subscription($r: ID!) { roomEvents(roomId: $r) { seq } }`, { r: roomId }, a.accessToken);
    expect(r.status).toBe(400);
    expect(code(r)).toBe('BAD_REQUEST');
    expect(r.errors![0].message).toMatch(/graphql-ws/);
  });

  it('persisted-query errors say what is wrong', async () => {
    const post = async (body: unknown) => {
      const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, ...((await res.json()) as object) } as GqlResult;
    };
    let r = await post({ query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: 'x' } } });
    expect(r.status).toBe(400);
    expect(code(r)).toBe('BAD_REQUEST');
    expect(r.errors![0].message).toMatch(/version/);
    r = await post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
    expect(r.status).toBe(400);
    expect(code(r)).toBe('BAD_REQUEST');
    r = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(code(r)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('graphql-ws: a bad subscribe fails that operation only', () => {
  it('a syntax error gets an error message for its id; the socket and its other subscription live on', async () => {
    const { client, ok, state } = await connect(t, a.accessToken);
    expect(ok).toBe(true);
    const live = subscribe(client, `subscription($r: ID!) { roomEvents(roomId: $r) { seq } }`, { r: roomId });
    const bad = subscribe(client, `subscription { roomEvents(roomId: `);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (bad.completed) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    expect(bad.errors[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(state.closedCode).toBeUndefined();
    const { seq } = await sendMessage(t, a, roomId, 'still here');
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (live.events.some((e) => e.seq === seq)) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    live.dispose();
  });
});

// ---- the property: every text input of every mutation ----

const HOSTILE = ['\u0000', '\u0001', '\u0008', '\u001b', '\u007f', '\u0085', '\u009f', '\u202e', '\u202d', '\u2066', '\u2069', '\ud800', '\udfff', '%', '_', '\\', "'", '"', '\n', '\r', '\t', ';--', 'a', 'é', '👍', '\u200d', ' ', '\u2028'];
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 10 }).map((parts) => parts.join('')),
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 })).map(([x, h, y]) => `${x}${h}${y}`),
);

interface TextSlot {
  mutation: string;
  /** Path from the argument: ['input', 'body'], ['reason']. */
  path: string[];
}

function typeString(type: GraphQLInputType): string {
  return String(type);
}

describe('property: hostile strings in every text input of every mutation', () => {
  it('never an internal error; nothing written when refused', async () => {
    const schema = await buildAppSchema();
    const mutations = schema.getMutationType()!.getFields();
    let password = a.password;
    let n = 0;
    const base = (name: string): unknown => {
      n++;
      switch (name) {
        case 'roomId':
          return roomId;
        case 'messageId':
          return messageId;
        case 'userId':
          return b.id;
        case 'userIds':
        case 'memberIds':
          return [c.id];
        case 'body':
          return `hello ${n}`;
        case 'name':
          return `Room ${n}`;
        case 'emoji':
          return '👍';
        case 'email':
          return `fresh${n}_${Date.now()}@example.com`;
        case 'username':
          return `fresh${n}_${Date.now() % 100000}`;
        case 'password':
        case 'currentPassword':
          return password;
        case 'newPassword':
          return password;
        case 'token':
        case 'refreshToken':
          return 'not-a-token-at-all-0123456789';
        case 'seq':
          return 0;
        case 'isTyping':
          return false;
        case 'role':
          return undefined; // enums: filled in by type below
        default:
          return undefined;
      }
    };
    const valueFor = (name: string, type: GraphQLInputType): unknown => {
      const named = getNamedType(type);
      const v = base(name);
      if (v !== undefined) return isListType(getNullableType(type)) && !Array.isArray(v) ? [v] : v;
      if (isEnumType(named)) return named.getValues()[named.getValues().length - 1].value;
      if (!isNonNullType(type)) return undefined;
      if (isInputObjectType(named)) {
        const obj: Record<string, unknown> = {};
        for (const f of Object.values(named.getFields())) {
          const fv = valueFor(f.name, f.type);
          if (fv !== undefined) obj[f.name] = fv;
        }
        return obj;
      }
      throw new Error(`no baseline value for ${name}: add one to the property test`);
    };
    // Every String or ID position (arguments and input-object fields, one level deep is all the API has).
    const slots: TextSlot[] = [];
    const visit = (mutation: string, path: string[], item: GraphQLArgument | GraphQLInputField) => {
      const named = getNamedType(item.type);
      if (isScalarType(named) && (named.name === 'String' || named.name === 'ID')) slots.push({ mutation, path });
      else if (isInputObjectType(named)) for (const f of Object.values(named.getFields())) visit(mutation, [...path, f.name], f);
    };
    for (const [name, m] of Object.entries(mutations)) for (const arg of m.args) visit(name, [arg.name], arg);
    expect(slots.length).toBeGreaterThan(30);

    const runs = Number(process.env.PROPERTY_RUNS ?? 5);
    for (const slot of slots) {
      const m = mutations[slot.mutation];
      const returnsObject = !isScalarType(getNamedType(m.type));
      const varDefs = m.args.map((arg) => `$${arg.name}: ${typeString(arg.type)}`).join(', ');
      const argList = m.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
      const query = `mutation${varDefs ? `(${varDefs})` : ''} { ${slot.mutation}${argList ? `(${argList})` : ''}${returnsObject ? ' { __typename }' : ''} }`;
      await fc.assert(
        fc.asyncProperty(hostileString, async (hostile) => {
          const variables: Record<string, unknown> = {};
          for (const arg of m.args) {
            const v = arg.name === slot.path[0] && slot.path.length === 1 ? hostile : valueFor(arg.name, arg.type);
            if (v !== undefined) variables[arg.name] = v;
          }
          if (slot.path.length === 2) {
            const obj = { ...(variables[slot.path[0]] as Record<string, unknown>) };
            obj[slot.path[1]] = hostile;
            // Login takes exactly one of email and username.
            if (slot.mutation === 'login' && slot.path[1] === 'username') delete obj.email;
            variables[slot.path[0]] = obj;
          }
          const before = await fingerprint();
          const r = await t.gql(query, variables, a.accessToken);
          const codes = (r.errors ?? []).map((e) => e.extensions?.code);
          expect({ slot, hostile, status: r.status < 500, codes }).toEqual({ slot, hostile, status: true, codes: codes.filter((x) => x !== 'INTERNAL_SERVER_ERROR') });
          if (codes.includes('BAD_USER_INPUT')) expect({ slot, hostile, after: (await fingerprint()).all }).toEqual({ slot, hostile, after: before.all });
          else if (r.errors?.length) expect({ slot, hostile, after: (await fingerprint()).noAudit }).toEqual({ slot, hostile, after: before.noAudit });
          else if (slot.mutation === 'changePassword' && slot.path[0] === 'newPassword') password = hostile;
        }),
        { numRuns: runs },
      );
    }
  }, 600_000);
});
