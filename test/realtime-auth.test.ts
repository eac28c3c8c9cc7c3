/** graphql-ws authentication: refused and expiring tokens, logout and role changes reaching open sockets, errors over the socket. */
import { Role } from '../src/modules/users/user.entity.js';
import { topics } from '../src/pubsub.js';
import { register, startServer, waitFor, type TestServer } from './harness.js';
import { connect, groupRoom, ROOM_EVENTS, sendMessage, streamsReady, subscribe, VIEWER_EVENTS } from './realtime-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

describe('graphql-ws authentication', () => {
  it('refuses an anonymous socket, and closes a socket when its access token expires (4403)', async () => {
    const anon = await connect(t, null);
    expect(anon.ok).toBe(false);
    expect(anon.state.closedCode).toBe(4403);

    const short = await startServer({ env: { ACCESS_TOKEN_TTL_SECONDS: '3' } });
    try {
      const u = await register(short);
      const roomId = await groupRoom(short, u, []);
      const s = await connect(short, u.accessToken);
      expect(s.ok).toBe(true);
      await waitFor(() => s.state.closedCode !== undefined, 'the socket to close at token expiry', 30_000);
      expect(s.state.closedCode).toBe(4403);
      expect(s.state.closedReason).toMatch(/expired/i);

      // A client that refreshes its token in connectionParams reconnects by itself and keeps its subscriptions.
      let tokens = { access: u.accessToken, refresh: u.refreshToken };
      const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`;
      const closes: number[] = [];
      let connects = 0;
      const client = short.ws(null, {
        lazy: false,
        retryAttempts: 50,
        retryWait: async () => undefined,
        onNonLazyError: () => {},
        on: { closed: (e: any) => closes.push(e.code), connected: () => connects++ },
        connectionParams: async () => {
          const r = await short.gql(REFRESH, { t: tokens.refresh });
          tokens = { access: r.data.refreshToken.accessToken, refresh: r.data.refreshToken.refreshToken };
          return { authorization: `Bearer ${tokens.access}` };
        },
      });
      // It resumes from the room's start (as the web app does from its last seq): with a 3 s token a busy machine can
      // rotate the socket again between the send and its delivery, and a resubscription without afterSeq starts live.
      const events = subscribe(client, ROOM_EVENTS, { r: roomId, a: 0 });
      await waitFor(() => connects >= 2, 'a reconnect after expiry', 30_000);
      expect(closes[0]).toBe(4403);
      await streamsReady(short, u);
      const login = await short.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: u.username, password: u.password } });
      const sent = await sendMessage(short, { ...u, accessToken: login.data.login.accessToken }, roomId, 'after the reconnect');
      await waitFor(() => events.events.some((e) => e.seq === sent.seq), 'delivery after the reconnect');
      expect(events.errors).toEqual([]);
    } finally {
      await short.stop();
    }
  }, 30000);

  it('closes the sockets of a session that logs out, and only those', async () => {
    const u = await register(t);
    const other = (await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: u.username, password: u.password } })).data.login;
    const a = await connect(t, u.accessToken);
    const b = await connect(t, u.accessToken);
    const c = await connect(t, other.accessToken);
    expect(a.ok && b.ok && c.ok).toBe(true);
    expect((await t.gql(`mutation { logout }`, {}, u.accessToken)).data.logout).toBe(true);
    await waitFor(() => a.state.closedCode && b.state.closedCode, 'both sockets of the session to close');
    expect([a.state.closedCode, b.state.closedCode]).toEqual([4403, 4403]);
    // The revocation reached every socket of the user at once: the other session's socket still answers after it.
    const still = subscribe(c.client, `{ me { id } }`);
    await waitFor(() => still.completed, 'an answer on the other session');
    expect(still.events[0]).toEqual({ id: u.id });
    expect(c.state.closedCode).toBeUndefined();
    // A revoked token cannot connect again.
    expect((await connect(t, u.accessToken)).state.closedCode).toBe(4403);
  });

  it('keeps the global role of an open socket current when it changes (UserRoleChanged)', async () => {
    const u = await register(t);
    const other = await register(t);
    const roomId = await groupRoom(t, u, []);
    const { client } = await connect(t, u.accessToken);
    const news = subscribe(client, VIEWER_EVENTS);
    await streamsReady(t, u);
    // What the socket's operations run as: another user's email is shown to moderators and admins only. (`me` reads
    // the profile afresh from the database, which these stand-in messages do not change.)
    const seesEmail = async () => {
      const s = subscribe(client, `query($id: ID!) { user(id: $id) { email } }`, { id: other.id });
      await waitFor(() => s.completed, 'the query');
      expect(s.errors).toEqual([]);
      return s.events[0]?.email != null;
    };
    expect(await seesEmail()).toBe(false);
    await t.server.app.pubsub.publish(topics.user(u.id), { type: 'UserRoleChanged', userId: u.id, role: Role.MODERATOR });
    await waitFor(() => seesEmail(), 'the new role on the socket');
    await t.server.app.pubsub.publish(topics.user(u.id), { type: 'UserRoleChanged', userId: u.id, role: 'NOT_A_ROLE' as Role } /* what an instance of another version might send */);
    // A later message on the same topic: once viewerEvents shows it, the socket has handled the bad one.
    await t.server.app.pubsub.publish(topics.user(u.id), { type: 'RoomRead', userId: u.id, roomId, lastReadSeq: 0 });
    await waitFor(() => news.events.some((e) => e.__typename === 'RoomActivity' && e.roomId === roomId), 'the later message');
    expect(await seesEmail()).toBe(true);
  });

  it('answers me over the socket with the same profile as over HTTP', async () => {
    const u = await register(t);
    const { client } = await connect(t, u.accessToken);
    const query = `{ me { id username displayName email role createdAt } }`;
    const s = subscribe(client, query);
    await waitFor(() => s.completed, 'the query');
    expect(s.errors).toEqual([]);
    const http = await t.gql(query, {}, u.accessToken);
    expect(s.events[0]).toEqual(http.data.me);
    expect(s.events[0]).toMatchObject({ id: u.id, username: u.username, email: expect.stringContaining('@') });
    // The socket reads the profile as it is now, not as it was when it connected.
    await t.gql(`mutation { updateProfile(input: { displayName: "Renamed Later" }) { id } }`, {}, u.accessToken);
    const again = subscribe(client, query);
    await waitFor(() => again.completed, 'the second query');
    expect(again.errors).toEqual([]);
    expect(again.events[0]).toEqual((await t.gql(query, {}, u.accessToken)).data.me);
    expect(again.events[0]).toMatchObject({ displayName: 'Renamed Later' });
  });

  it('masks internal errors and keeps validation errors readable over the socket', async () => {
    const u = await register(t);
    const { client } = await connect(t, u.accessToken);
    const bad = subscribe(client, `subscription { roomEvents(roomId: "nope") { seq } }`);
    await waitFor(() => bad.errors.length, 'an error');
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const invalid = subscribe(client, `subscription { nope }`);
    await waitFor(() => invalid.errors.length, 'a validation error');
    expect(invalid.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
