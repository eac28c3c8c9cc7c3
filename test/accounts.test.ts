import { code, field, register, startServer, waitFor, type TestServer } from './harness.js';
import { connect, groupRoom, sendMessage } from './realtime-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`;
const ME = `{ me { id isOnline lastSeenAt } }`;
const sid = (accessToken: string) => JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sid as string;

describe('refresh tokens', () => {
  it('something that only names the session (its id is in every access token) revokes nothing', async () => {
    const u = await register(t, 'rt');
    for (const forged of [`${sid(u.accessToken)}.anything`, `${sid(u.accessToken)}.${'a'.repeat(43)}.${'b'.repeat(32)}`]) {
      expect(code(await t.gql(REFRESH, { t: forged }))).toBe('UNAUTHENTICATED');
    }
    expect((await t.gql(ME, {}, u.accessToken)).data.me.id).toBe(u.id);
    const r = await t.gql(REFRESH, { t: u.refreshToken });
    expect(r.errors).toBeUndefined();
  });

  it('a genuine, rotated-out token coming back still ends the session', async () => {
    const u = await register(t, 'rt');
    const first = await t.gql(REFRESH, { t: u.refreshToken });
    expect(first.errors).toBeUndefined();
    expect(code(await t.gql(REFRESH, { t: u.refreshToken }))).toBe('UNAUTHENTICATED');
    // The reuse ended the session: the newest tokens stop working too.
    expect(code(await t.gql(REFRESH, { t: first.data.refreshToken.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(ME, {}, first.data.refreshToken.accessToken))).toBe('UNAUTHENTICATED');
  });
});

describe('changing the email', () => {
  const UPDATE = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id email } }`;
  it('needs the current password and tells the old address', async () => {
    const u = await register(t, 'mail');
    const next = `new_${u.email}`;
    let r = await t.gql(UPDATE, { i: { email: next } }, u.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'currentPassword']);
    r = await t.gql(UPDATE, { i: { email: next, currentPassword: 'wrong password' } }, u.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'currentPassword']);
    expect((await t.gql(ME.replace('isOnline', 'email'), {}, u.accessToken)).data.me.email).toBe(u.email);
    expect(t.mailer.outbox.filter((m) => m.to === u.email)).toHaveLength(0);
    // Other fields need no password.
    expect((await t.gql(UPDATE, { i: { displayName: 'Renamed' } }, u.accessToken)).errors).toBeUndefined();
    r = await t.gql(UPDATE, { i: { email: next, currentPassword: u.password } }, u.accessToken);
    expect(r.errors).toBeUndefined();
    expect(r.data.updateProfile.email).toBe(next);
    const told = t.mailer.outbox.filter((m) => m.to === u.email);
    expect(told).toHaveLength(1);
    expect(told[0].text).toContain(next);
  });
});

describe('isOnline comes from live sockets only', () => {
  it('register and login do not make anyone online; a socket does, and its close ends it', async () => {
    const u = await register(t, 'online');
    const viewer = await register(t, 'viewer');
    const online = async () => (await t.gql(`query($id: ID!) { user(id: $id) { isOnline } }`, { id: u.id }, viewer.accessToken)).data.user.isOnline;
    expect(await online()).toBe(false);
    const login = await t.gql(`mutation($i: LoginInput!) { login(input: $i) { user { isOnline lastSeenAt } } }`, { i: { email: u.email, password: u.password } });
    expect(login.data.login.user.isOnline).toBe(false);
    expect(login.data.login.user.lastSeenAt).toEqual(expect.any(String));
    const { client } = await connect(t, u.accessToken);
    await waitFor(online, 'online with a socket');
    await client.dispose();
    await waitFor(async () => !(await online()), 'offline once the socket closed');
  });
});

describe('rate limits: per account and IP on every argon2 path, on room creation, addMembers, edits and reactions', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startServer({
      env: {
        RATE_LIMIT_LOGIN_PER_MINUTE: '3',
        RATE_LIMIT_ROOMS_PER_MINUTE: '2',
        RATE_LIMIT_ADD_MEMBERS_PER_MINUTE: '1',
        RATE_LIMIT_EDITS_PER_MINUTE: '1',
        RATE_LIMIT_REACTIONS_PER_MINUTE: '1',
      },
    });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  /** The raw HTTP answer: status, Retry-After and the GraphQL error. */
  async function raw(query: string, variables: Record<string, unknown>, token: string) {
    const res = await fetch(limited.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { errors?: Array<{ extensions?: Record<string, any> }> };
    return { status: res.status, retryAfter: res.headers.get('retry-after'), error: body.errors?.[0]?.extensions };
  }

  function expectLimited(r: Awaited<ReturnType<typeof raw>>) {
    expect(r.status).toBe(429);
    expect(Number(r.retryAfter)).toBeGreaterThan(0);
    expect(r.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: Number(r.retryAfter) });
  }

  it('changePassword and deleteAccount share one per-account limit (429 with Retry-After), and nothing changes', async () => {
    const u = await register(limited, 'pw');
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
    for (let i = 0; i < 2; i++) expect((await raw(CHANGE, { c: 'not my password', n: 'a new password' }, u.accessToken)).error?.code).toBe('BAD_USER_INPUT');
    expect((await raw(`mutation($p: String!) { deleteAccount(password: $p) }`, { p: 'not my password' }, u.accessToken)).error?.code).toBe('BAD_USER_INPUT');
    expectLimited(await raw(CHANGE, { c: u.password, n: 'a new password' }, u.accessToken));
    expectLimited(await raw(`mutation($p: String!) { deleteAccount(password: $p) }`, { p: u.password }, u.accessToken));
    // Refused, so the password is the old one.
    const login = await limited.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: u.email, password: u.password } });
    expect(login.errors).toBeUndefined();
  });

  it('room creation, addMembers, edits and reactions', async () => {
    const u = await register(limited, 'rooms');
    const other = await register(limited, 'other');
    const CREATE = `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`;
    const roomId = await groupRoom(limited, u, []);
    expect((await raw(CREATE, { i: { name: 'two', memberIds: [] } }, u.accessToken)).status).toBe(200);
    expectLimited(await raw(CREATE, { i: { name: 'three', memberIds: [] } }, u.accessToken));
    expectLimited(await raw(`mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { id } }`, { i: { name: 'public' } }, u.accessToken));

    const ADD = `mutation($r: ID!, $u: [ID!]!) { addMembers(roomId: $r, userIds: $u) { id } }`;
    expect((await raw(ADD, { r: roomId, u: [other.id] }, u.accessToken)).status).toBe(200);
    expectLimited(await raw(ADD, { r: roomId, u: [other.id] }, u.accessToken));

    const m = await sendMessage(limited, u, roomId, 'hello');
    const EDIT = `mutation($m: ID!, $b: String!) { editMessage(messageId: $m, body: $b) { id } }`;
    expect((await raw(EDIT, { m: m.id, b: 'edited' }, u.accessToken)).status).toBe(200);
    expectLimited(await raw(EDIT, { m: m.id, b: 'edited again' }, u.accessToken));

    const REACT = `mutation($m: ID!) { addReaction(messageId: $m, emoji: "👍") { id } }`;
    expect((await raw(REACT, { m: m.id }, u.accessToken)).status).toBe(200);
    expectLimited(await raw(REACT, { m: m.id }, u.accessToken));
    expectLimited(await raw(`mutation($m: ID!) { removeReaction(messageId: $m, emoji: "👍") { id } }`, { m: m.id }, u.accessToken));
  });
});
