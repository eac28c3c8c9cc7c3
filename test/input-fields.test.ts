import { register, startServer, type GqlResult, type TestServer, type TestUser } from './harness';

/**
 * Every invalid field of a request comes back at once, over HTTP: one BAD_USER_INPUT error whose `extensions.field`
 * is the first invalid field (as before) and whose `extensions.fields` lists each one with a message written for
 * people. Nothing is written when any field is invalid.
 */

let t: TestServer;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await startServer({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '1000' } });
  owner = await register(t, 'owner');
  member = await register(t, 'member');
  outsider = await register(t, 'outsider');
});

afterAll(() => t?.stop());

function only(r: GqlResult) {
  expect(r.errors).toHaveLength(1);
  const e = r.errors![0]!;
  expect(e.extensions?.code).toBe('BAD_USER_INPUT');
  return e as { message: string; extensions: { field: string; fields: Array<{ field: string; message: string }> } };
}

/** Messages for people: no quoted field names, no code identifiers, a full sentence. */
function expectHuman(message: string) {
  expect(message).not.toMatch(/"/);
  expect(message).not.toMatch(/\b(displayName|memberIds|roomId|userId)\b/);
  expect(message).toMatch(/^[A-Z].*\.$/);
}

const REGISTER = `mutation($i: RegisterInput!) { register(input: $i) { user { id } } }`;

test('register: an invalid email, username, password and display name are all reported in one error', async () => {
  const username = 'x';
  const r = await t.gql(REGISTER, { i: { email: 'not-an-email', username, password: 'short', displayName: 'd'.repeat(65) } });
  const e = only(r);
  expect(e.extensions.field).toBe('email');
  expect(e.extensions.fields.map((f) => f.field)).toEqual(['email', 'username', 'password', 'displayName']);
  expect(e.message).toBe(e.extensions.fields[0]!.message);
  for (const f of e.extensions.fields) expectHuman(f.message);
  expect(e.extensions.fields[3]!.message).toBe('Display name can be at most 64 characters (this one has 65).');
  expect(r.data).toBeNull();
  // Nothing was written: the corrected registration with the same email goes through.
  const ok = await t.gql(REGISTER, { i: { email: 'fixed@example.com', username: 'fixed_user', password: 'long enough password' } });
  expect(ok.errors).toBeUndefined();
});

test('register: one invalid field still gets `fields` (with that one) and the old `field`', async () => {
  const r = await t.gql(REGISTER, { i: { email: 'ok2@example.com', username: 'ok_user2', password: 'short' } });
  const e = only(r);
  expect(e.extensions.field).toBe('password');
  expect(e.extensions.fields).toEqual([{ field: 'password', message: 'Password must be at least 8 characters.' }]);
});

test('updateProfile: username, email and display name together; the profile is unchanged', async () => {
  const q = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id username displayName } }`;
  const r = await t.gql(q, { i: { username: 'no spaces allowed', email: 'nope', displayName: 'n'.repeat(70) } }, owner.accessToken);
  const e = only(r);
  expect(e.extensions.fields.map((f) => f.field)).toEqual(['username', 'email', 'displayName']);
  for (const f of e.extensions.fields) expectHuman(f.message);
  const me = await t.gql(`{ me { username displayName } }`, {}, owner.accessToken);
  expect(me.data.me).toEqual({ username: owner.username, displayName: null });
  // Anonymous: not signed in, whatever the input.
  const anon = await t.gql(q, { i: { username: 'no spaces allowed' } });
  expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('createGroupRoom: an empty name, a long description and a malformed member id at once; no room is created', async () => {
  const q = `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`;
  const r = await t.gql(q, { i: { name: '   ', description: 'x'.repeat(501), memberIds: [member.id, 'not-an-id'] } }, owner.accessToken);
  const e = only(r);
  expect(e.extensions.field).toBe('name');
  expect(e.extensions.fields.map((f) => f.field)).toEqual(['name', 'description', 'memberIds']);
  expect(e.extensions.fields[0]!.message).toBe('Name cannot be empty.');
  for (const f of e.extensions.fields) expectHuman(f.message);
  const rooms = await t.gql(`{ rooms(first: 10) { edges { node { id } } } }`, {}, owner.accessToken);
  expect(rooms.data.rooms.edges).toEqual([]);
});

test('createPublicRoom and updateRoom report name and description together; an outsider learns nothing', async () => {
  const created = await t.gql(`mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { id name } }`, { i: { name: '', description: 'y'.repeat(600) } }, owner.accessToken);
  expect(only(created).extensions.fields.map((f) => f.field)).toEqual(['name', 'description']);

  const g = await t.gql(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Team', memberIds: [member.id] } }, owner.accessToken);
  const roomId = g.data.createGroupRoom.id;
  const upd = `mutation($r: ID!, $i: UpdateRoomInput!) { updateRoom(roomId: $r, input: $i) { id name description } }`;
  const bad = { name: ' ', description: 'z'.repeat(501) };
  const r = await t.gql(upd, { r: roomId, i: bad }, owner.accessToken);
  expect(only(r).extensions.fields.map((f) => f.field)).toEqual(['name', 'description']);
  const room = await t.gql(`query($id: ID!) { room(id: $id) { name description } }`, { id: roomId }, owner.accessToken);
  expect(room.data.room).toEqual({ name: 'Team', description: null });
  // A member without the right, and an outsider, get their access answer, not a validation report.
  expect((await t.gql(upd, { r: roomId, i: bad }, member.accessToken)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect((await t.gql(upd, { r: roomId, i: bad }, outsider.accessToken)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});

test('a malformed id is reported in words, with its field', async () => {
  const r = await t.gql(`query { room(id: "not-an-id") { id } }`, {}, owner.accessToken);
  const e = only(r);
  expect(e.extensions.field).toBe('id');
  expectHuman(e.message);
  expect(e.message).not.toMatch(/is not a valid id/);
  const u = await t.gql(`mutation { createDirectRoom(userId: "zzz") { id } }`, {}, owner.accessToken);
  expect(only(u).extensions.fields).toEqual([{ field: 'userId', message: 'The user id is not valid: it looks mistyped or cut short.' }]);
});
