/** updateProfile and the users directory: search, paging, and other people's email kept hidden. */
import { code, field, register, uniqueName, type TestServer } from './harness.js';
import { REGISTER, useAuthFixture } from './auth-helpers.js';

let t: TestServer;
const { track, expectNoSecretsInLogs } = useAuthFixture((server) => (t = server));

describe('profile and users', () => {
  it('updates the profile and refuses a taken username', async () => {
    const u = track(await register(t));
    const other = track(await register(t));
    const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id username displayName email } }`;
    const ok = await t.gql(UPDATE, { input: { displayName: 'New Name' } }, u.accessToken);
    expect(ok.data.updateProfile.displayName).toBe('New Name');
    const taken = await t.gql(UPDATE, { input: { username: other.username.toUpperCase() } }, u.accessToken);
    expect(code(taken)).toBe('CONFLICT');
    expect(field(taken)).toBe('username');
    const bad = await t.gql(UPDATE, { input: { email: 'nope' } }, u.accessToken);
    expect(field(bad)).toBe('email');
    expect(code(await t.gql(UPDATE, { input: { displayName: 'x' } }))).toBe('UNAUTHENTICATED');
  });

  it('finds users, pages through them, and hides other people\'s email', async () => {
    const tag = uniqueName('pg');
    const made = [];
    for (let i = 0; i < 5; i++) {
      const username = `${tag}_${i}`;
      const r = await t.gql(REGISTER, { input: { email: `${username}@example.com`, username, password: 'password123' } });
      made.push(r.data.register);
      track({ ...r.data.register, password: 'password123' });
    }
    const viewer = made[0];
    const USERS = `query($s: String, $f: Int, $a: String) { users(search: $s, first: $f, after: $a) { totalCount edges { cursor node { id username email } } pageInfo { hasNextPage endCursor } } }`;
    const p1 = await t.gql(USERS, { s: tag.toUpperCase(), f: 3 }, viewer.accessToken);
    expect(p1.data.users.totalCount).toBe(5);
    expect(p1.data.users.edges).toHaveLength(3);
    expect(p1.data.users.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.gql(USERS, { s: tag, f: 3, a: p1.data.users.pageInfo.endCursor }, viewer.accessToken);
    expect(p2.data.users.edges).toHaveLength(2);
    expect(p2.data.users.pageInfo.hasNextPage).toBe(false);
    const names = [...p1.data.users.edges, ...p2.data.users.edges].map((e: any) => e.node.username);
    expect(names).toEqual(made.map((m) => m.user.username));
    const emails = [...p1.data.users.edges, ...p2.data.users.edges].map((e: any) => e.node.email);
    expect(emails.filter(Boolean)).toEqual([viewer.user.email]);

    expect(code(await t.gql(USERS, { f: 101 }, viewer.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(USERS, { a: '!!!' }, viewer.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(USERS, {}))).toBe('UNAUTHENTICATED');

    const one = await t.gql(`query($id: ID!) { user(id: $id) { username email } }`, { id: made[1].user.id }, viewer.accessToken);
    expect(one.data.user).toEqual({ username: made[1].user.username, email: null });
    const missing = await t.gql(`query($id: ID!) { user(id: $id) { username } }`, { id: '00000000-0000-4000-8000-000000000000' }, viewer.accessToken);
    expect(missing.data.user).toBeNull();
    const malformed = await t.gql(`query($id: ID!) { user(id: $id) { username } }`, { id: 'nope' }, viewer.accessToken);
    expect(code(malformed)).toBe('BAD_USER_INPUT');
    expect(field(malformed)).toBe('id');
  });
});

describe('logs', () => {
  it('never contain passwords, tokens or hashes', () => expectNoSecretsInLogs());
});
