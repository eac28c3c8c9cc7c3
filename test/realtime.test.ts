import { Role } from '../src/modules/users/user.entity.js';
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { topics } from '../src/pubsub.js';
import { code, register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { connect, groupRoom, isOnline, PRESENCE, ROOM_EVENTS, roomSeq, sendMessage, streamsReady, subscribe, TYPING, VIEWER_EVENTS } from './realtime-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer({ env: { RESYNC_BOUND: '20' } });
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
      await waitFor(() => s.state.closedCode !== undefined, 'the socket to close at token expiry', 10000);
      expect(s.state.closedCode).toBe(4403);
      expect(s.state.closedReason).toMatch(/expired/i);

      // A client that refreshes its token in connectionParams reconnects by itself and keeps its subscriptions.
      let tokens = { access: u.accessToken, refresh: u.refreshToken };
      const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`;
      const closes: number[] = [];
      let connects = 0;
      const client = short.ws(null, {
        lazy: false,
        retryAttempts: 5,
        retryWait: async () => undefined,
        onNonLazyError: () => {},
        on: { closed: (e: any) => closes.push(e.code), connected: () => connects++ },
        connectionParams: async () => {
          const r = await short.gql(REFRESH, { t: tokens.refresh });
          tokens = { access: r.data.refreshToken.accessToken, refresh: r.data.refreshToken.refreshToken };
          return { authorization: `Bearer ${tokens.access}` };
        },
      });
      const events = subscribe(client, ROOM_EVENTS, { r: roomId });
      await waitFor(() => connects >= 2, 'a reconnect after expiry', 10000);
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
    const roomId = await groupRoom(t, u, []);
    const { client } = await connect(t, u.accessToken);
    const news = subscribe(client, VIEWER_EVENTS);
    await streamsReady(t, u);
    const me = async () => {
      const s = subscribe(client, `{ me { role } }`);
      await waitFor(() => s.completed, 'the query');
      return s.events[0]?.role;
    };
    expect(await me()).toBe('USER');
    await t.server.app.pubsub.publish(topics.user(u.id), { type: 'UserRoleChanged', userId: u.id, role: Role.MODERATOR });
    await waitFor(async () => (await me()) === 'MODERATOR', 'the new role on the socket');
    await t.server.app.pubsub.publish(topics.user(u.id), { type: 'UserRoleChanged', userId: u.id, role: 'NOT_A_ROLE' as Role } /* what an instance of another version might send */);
    // A later message on the same topic: once viewerEvents shows it, the socket has handled the bad one.
    await t.server.app.pubsub.publish(topics.user(u.id), { type: 'RoomRead', userId: u.id, roomId, lastReadSeq: 0 });
    await waitFor(() => news.events.some((e) => e.__typename === 'RoomActivity' && e.roomId === roomId), 'the later message');
    expect(await me()).toBe('MODERATOR');
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

describe('presence', () => {
  it('is online while at least one socket is open, two tabs included, and tells fellow members', async () => {
    const watcher = await register(t);
    const u = await register(t);
    const roomId = await groupRoom(t, watcher, [u]);
    const w = await connect(t, watcher.accessToken);
    const events = subscribe(w.client, PRESENCE, { r: roomId });
    await streamsReady(t, watcher);

    const tab1 = await connect(t, u.accessToken);
    await waitFor(() => events.events.some((e) => e.user.id === u.id && e.isOnline), 'online event');
    expect(await isOnline(t, watcher, u.id)).toBe(true);
    const tab2 = await connect(t, u.accessToken);
    tab1.client.dispose();
    // The server has let go of the first tab and settled presence; then a marker on the same topic: a wrong offline
    // event for u would have been published, and delivered, before it.
    await waitFor(() => diagnostics(t.server).localConnections(u.id) === 1, 'the first tab to go');
    await diagnostics(t.server).presenceSettled();
    const marker = await register(t);
    await t.gql(`mutation($r: ID!, $u: [ID!]!) { addMembers(roomId: $r, userIds: $u) { id } }`, { r: roomId, u: [marker.id] }, watcher.accessToken);
    const markerSocket = await connect(t, marker.accessToken);
    await waitFor(() => events.events.some((e) => e.user.id === marker.id && e.isOnline), 'the marker online');
    markerSocket.client.dispose();
    expect(await isOnline(t, watcher, u.id)).toBe(true);
    expect(events.events.filter((e) => e.user.id === u.id && !e.isOnline)).toHaveLength(0);

    tab2.client.dispose();
    await waitFor(() => events.events.some((e) => e.user.id === u.id && !e.isOnline), 'offline event');
    expect(await isOnline(t, watcher, u.id)).toBe(false);
    const offline = events.events.find((e) => !e.isOnline);
    expect(offline.lastSeenAt).toEqual(expect.any(String));
    expect(events.events.every((e) => e.user.id !== watcher.id)).toBe(true);
    expect(events.events.every((e) => e.roomId === roomId)).toBe(true);
  });

  it('is for members only', async () => {
    const owner = await register(t);
    const outsider = await register(t);
    const roomId = await groupRoom(t, owner, []);
    const { client } = await connect(t, outsider.accessToken);
    for (const query of [PRESENCE, TYPING, ROOM_EVENTS]) {
      const s = subscribe(client, query, { r: roomId });
      await waitFor(() => s.errors.length, 'a refusal');
      expect(s.errors[0].extensions.code).toBe('NOT_FOUND');
      expect(s.events).toEqual([]);
    }
    const typing = await t.gql(`mutation($r: ID!) { setTyping(roomId: $r, isTyping: true) }`, { r: roomId }, outsider.accessToken);
    expect(code(typing)).toBe('NOT_FOUND');
  });
});

describe('roomEvents', () => {
  let owner: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let roomId: string;
  beforeAll(async () => {
    owner = await register(t);
    member = await register(t);
    outsider = await register(t);
    roomId = await groupRoom(t, owner, [member]);
  });

  it('delivers live events to every member and to nobody else', async () => {
    const o = await connect(t, owner.accessToken);
    const m = await connect(t, member.accessToken);
    const x = await connect(t, outsider.accessToken);
    const os = subscribe(o.client, ROOM_EVENTS, { r: roomId });
    const ms = subscribe(m.client, ROOM_EVENTS, { r: roomId });
    const xs = subscribe(x.client, ROOM_EVENTS, { r: roomId });
    await waitFor(() => xs.errors.length, 'the outsider to be refused');
    expect(xs.errors[0].extensions.code).toBe('NOT_FOUND');
    await streamsReady(t, owner);
    await streamsReady(t, member);
    const sent = await sendMessage(t, member, roomId, 'hello everyone');
    await waitFor(() => os.events.length && ms.events.length, 'delivery');
    for (const s of [os, ms]) {
      expect(s.events[0]).toMatchObject({ __typename: 'MessageAdded', seq: sent.seq, roomId, message: { id: sent.id, body: 'hello everyone', seq: sent.seq } });
    }
    expect(xs.events).toEqual([]);
    os.dispose();
    ms.dispose();
  });

  it('resolves each event with a fresh EntityManager fork: an edit shows the new body, not a cached one', async () => {
    const { client } = await connect(t, member.accessToken);
    const before = diagnostics(t.server).counters.subscriptionExecutions;
    const events = subscribe(client, ROOM_EVENTS, { r: roomId });
    await streamsReady(t, member);
    const sent = await sendMessage(t, owner, roomId, 'first draft');
    await waitFor(() => events.events.length === 1, 'MessageAdded');
    const edit = await t.gql(`mutation($m: ID!, $b: String!) { editMessage(messageId: $m, body: $b) { id } }`, { m: sent.id, b: 'second draft' }, owner.accessToken);
    expect(edit.errors).toBeUndefined();
    await waitFor(() => events.events.length === 2, 'MessageEdited');
    expect(events.events.map((e) => [e.__typename, e.message.body])).toEqual([
      ['MessageAdded', 'first draft'],
      ['MessageEdited', 'second draft'],
    ]);
    expect(diagnostics(t.server).counters.subscriptionExecutions - before).toBeGreaterThanOrEqual(2);
    events.dispose();
  });

  it('resumes after afterSeq with every seq exactly once, in order, while three senders send 300 messages', async () => {
    const senders = [owner, member, await register(t)];
    await t.gql(`mutation($r: ID!, $u: [ID!]!) { addMembers(roomId: $r, userIds: $u) { id } }`, { r: roomId, u: [senders[2].id] }, owner.accessToken);
    const start = await roomSeq(t, owner, roomId);
    const perSender = 100;
    let sentCount = 0;
    const sending = Promise.all(
      senders.map(async (s, i) => {
        for (let n = 0; n < perSender; n++) {
          await sendMessage(t, s, roomId, `s${i} m${n}`);
          sentCount++;
        }
      }),
    );
    await waitFor(() => sentCount >= 60, 'some messages to be sent', 30000);
    const midway = await roomSeq(t, owner, roomId);
    const afterSeq = midway - 10;
    const { client } = await connect(t, member.accessToken);
    const sub = subscribe(client, ROOM_EVENTS, { r: roomId, a: afterSeq });
    await sending;
    const end = await roomSeq(t, owner, roomId);
    expect(end).toBe(start + 300);
    // One more after the others: once it is in, anything duplicated or out of order before it is too.
    const marker = await sendMessage(t, owner, roomId, 'marker');
    await waitFor(() => sub.events.some((e) => e.seq === marker.seq), `all ${end - afterSeq} events and the marker`, 30000);
    const seqs = sub.events.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: marker.seq - afterSeq }, (_, i) => afterSeq + 1 + i));
    expect(sub.events.every((e) => e.__typename === 'MessageAdded')).toBe(true);
    expect(sub.errors).toEqual([]);
    sub.dispose();
  }, 120000);

  it('sends one ResyncRequired when more than RESYNC_BOUND events were missed, then goes live', async () => {
    const latest = await roomSeq(t, owner, roomId);
    const { client } = await connect(t, member.accessToken);
    const far = subscribe(client, ROOM_EVENTS, { r: roomId, a: latest - 21 });
    const near = subscribe(client, ROOM_EVENTS, { r: roomId, a: latest - 20 });
    const live = subscribe(client, ROOM_EVENTS, { r: roomId });
    await waitFor(() => far.events.length === 1 && near.events.length === 20, 'the start of each stream');
    expect(far.events[0]).toMatchObject({ __typename: 'ResyncRequired', seq: latest, roomId });
    expect(near.events[0].seq).toBe(latest - 19);
    const sent = await sendMessage(t, owner, roomId, 'after the resync');
    await waitFor(() => far.events.length === 2 && near.events.length === 21 && live.events.length === 1, 'the live event on every stream');
    for (const s of [far, near, live]) expect(s.events[s.events.length - 1].seq).toBe(sent.seq);
    const ahead = subscribe(client, ROOM_EVENTS, { r: roomId, a: sent.seq + 5 });
    await waitFor(() => ahead.errors.length, 'afterSeq ahead to be refused');
    expect(ahead.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('ends a removed member\'s streams with AccessRevoked, and nothing after', async () => {
    const gone = await register(t);
    const room = await groupRoom(t, owner, [gone]);
    const { client } = await connect(t, gone.accessToken);
    const events = subscribe(client, ROOM_EVENTS, { r: room });
    const typing = subscribe(client, TYPING, { r: room });
    const presence = subscribe(client, PRESENCE, { r: room });
    await streamsReady(t, gone, 3);
    await sendMessage(t, owner, room, 'before');
    await waitFor(() => events.events.length === 1, 'the first message');
    const removed = await t.gql(`mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }`, { r: room, u: gone.id }, owner.accessToken);
    expect(removed.errors).toBeUndefined();
    await sendMessage(t, owner, room, 'after');
    await waitFor(() => events.completed && typing.completed && presence.completed, 'every stream to end');
    expect(events.events.map((e) => e.__typename)).toEqual(['MessageAdded', 'AccessRevoked']);
    expect(events.events[1]).toMatchObject({ reason: 'REMOVED', seq: events.events[0].seq + 1 });
    // Completed: the client takes nothing more for it, so these are all it will ever have.
    expect(events.events).toHaveLength(2);
  });

  it('ends the streams of a member who leaves (in another tab) with AccessRevoked LEFT', async () => {
    const leaver = await register(t);
    const room = await groupRoom(t, owner, [leaver]);
    const { client } = await connect(t, leaver.accessToken);
    const events = subscribe(client, ROOM_EVENTS, { r: room, a: 0 });
    const presence = subscribe(client, PRESENCE, { r: room });
    await waitFor(() => events.events.length >= 1, 'the replayed history');
    const history = events.events.length;
    expect((await t.gql(`mutation($r: ID!) { leaveRoom(roomId: $r) }`, { r: room }, leaver.accessToken)).data.leaveRoom).toBe(true);
    await waitFor(() => events.completed && presence.completed, 'the streams to end');
    expect(events.events.slice(history).map((e) => [e.__typename, e.reason])).toEqual([['AccessRevoked', 'LEFT']]);
    const again = subscribe(client, ROOM_EVENTS, { r: room });
    await waitFor(() => again.errors.length, 'a refusal after leaving');
    expect(again.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('ends every stream after RoomDeleted', async () => {
    const watcher = await register(t);
    const room = await groupRoom(t, owner, [watcher]);
    const { client } = await connect(t, watcher.accessToken);
    const events = subscribe(client, ROOM_EVENTS, { r: room });
    const typing = subscribe(client, TYPING, { r: room });
    await streamsReady(t, watcher, 2);
    expect((await t.gql(`mutation($r: ID!) { deleteRoom(roomId: $r) }`, { r: room }, owner.accessToken)).data.deleteRoom).toBe(true);
    await waitFor(() => events.completed && typing.completed, 'the streams to end');
    expect(events.events.map((e) => e.__typename)).toEqual(['RoomDeleted']);
  });

  it('gives AccessRevoked to a member\'s streams when they log out, then closes the socket', async () => {
    const u = await register(t);
    const room = await groupRoom(t, owner, [u]);
    const s = await connect(t, u.accessToken);
    const events = subscribe(s.client, ROOM_EVENTS, { r: room });
    await streamsReady(t, u);
    await t.gql(`mutation { logout }`, {}, u.accessToken);
    await waitFor(() => s.state.closedCode, 'the socket to close');
    expect(s.state.closedCode).toBe(4403);
    expect(events.events.map((e) => [e.__typename, e.reason])).toEqual([['AccessRevoked', 'SIGNED_OUT']]);
  });
});

describe('typing', () => {
  it('throttles repeated starts, expires a start after about 6 seconds, and never echoes to the sender', async () => {
    const a = await register(t);
    const b = await register(t);
    const roomId = await groupRoom(t, a, [b]);
    const ca = await connect(t, a.accessToken);
    const cb = await connect(t, b.accessToken);
    const sa = subscribe(ca.client, TYPING, { r: roomId });
    const sb = subscribe(cb.client, TYPING, { r: roomId });
    await streamsReady(t, a);
    await streamsReady(t, b);
    const SET = `mutation($r: ID!, $t: Boolean!) { setTyping(roomId: $r, isTyping: $t) }`;
    expect((await t.gql(SET, { r: roomId, t: true }, a.accessToken)).data.setTyping).toBe(true);
    await t.gql(SET, { r: roomId, t: true }, a.accessToken);
    await t.gql(SET, { r: roomId, t: true }, a.accessToken);
    await waitFor(() => sb.events.length === 1, 'the start');
    expect(sb.events[0]).toMatchObject({ roomId, isTyping: true, user: { id: a.id } });
    await t.gql(SET, { r: roomId, t: false }, a.accessToken);
    await waitFor(() => sb.events.length === 2, 'the stop');
    expect(sb.events[1].isTyping).toBe(false);

    const started = Date.now();
    await t.gql(SET, { r: roomId, t: true }, a.accessToken);
    await waitFor(() => sb.events.length === 4, 'the expiry', 12000);
    expect(sb.events.map((e) => e.isTyping)).toEqual([true, false, true, false]);
    expect(Date.now() - started).toBeGreaterThan(4500);
    expect(sa.events).toEqual([]);

    // A member removed while typing stops typing at once.
    await t.gql(SET, { r: roomId, t: true }, b.accessToken);
    await waitFor(() => sa.events.length === 1, 'b typing');
    const removed = await t.gql(`mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }`, { r: roomId, u: b.id }, a.accessToken);
    expect(removed.errors).toBeUndefined();
    await waitFor(() => sa.events.length === 2, 'the stop on removal', 3000);
    expect(sa.events.map((e) => [e.user.id, e.isTyping])).toEqual([
      [b.id, true],
      [b.id, false],
    ]);
  }, 30000);

  it('starts a new subscription with who is typing now (a client reconnecting mid-sentence still sees it)', async () => {
    const a = await register(t);
    const b = await register(t);
    const c = await register(t);
    const roomId = await groupRoom(t, a, [b, c]);
    const SET = `mutation($r: ID!, $t: Boolean!) { setTyping(roomId: $r, isTyping: $t) }`;
    await t.gql(SET, { r: roomId, t: true }, a.accessToken);
    await t.gql(SET, { r: roomId, t: true }, c.accessToken);
    await t.gql(SET, { r: roomId, t: false }, c.accessToken);
    // b subscribes after the starts were broadcast: the snapshot says a is typing (and c no longer is).
    const cb = await connect(t, b.accessToken);
    const sb = subscribe(cb.client, TYPING, { r: roomId });
    await waitFor(() => sb.events.length === 1, 'the current typer');
    expect(sb.events[0]).toMatchObject({ roomId, isTyping: true, user: { id: a.id } });
    // a's own subscription never lists a.
    const ca = await connect(t, a.accessToken);
    const sa = subscribe(ca.client, TYPING, { r: roomId });
    await streamsReady(t, a);
    await t.gql(SET, { r: roomId, t: false }, a.accessToken);
    await waitFor(() => sb.events.length === 2, 'the stop');
    expect(sb.events[1]).toMatchObject({ isTyping: false, user: { id: a.id } });
    expect(sa.events).toEqual([]);
    // Once nobody types, a new subscriber starts empty.
    const cc = await connect(t, c.accessToken);
    const sc = subscribe(cc.client, TYPING, { r: roomId });
    await streamsReady(t, c);
    await t.gql(SET, { r: roomId, t: true }, b.accessToken);
    await waitFor(() => sc.events.length === 1, 'b typing');
    expect(sc.events.map((e) => [e.user.id, e.isTyping])).toEqual([[b.id, true]]);
  }, 30000);
});

describe('viewerEvents', () => {
  it('tells the viewer about rooms added, activity with unread counts, and removal', async () => {
    const owner = await register(t);
    const u = await register(t);
    const { client } = await connect(t, u.accessToken);
    const news = subscribe(client, VIEWER_EVENTS);
    await streamsReady(t, u);
    const roomId = await groupRoom(t, owner, [u]);
    await waitFor(() => news.events.some((e) => e.__typename === 'AddedToRoom'), 'AddedToRoom');
    expect(news.events.find((e) => e.__typename === 'AddedToRoom')).toMatchObject({ roomId, room: { id: roomId } });
    await sendMessage(t, owner, roomId, 'one');
    const two = await sendMessage(t, owner, roomId, 'two');
    await waitFor(() => news.events.some((e) => e.__typename === 'RoomActivity' && e.lastSeq === two.seq), 'activity');
    expect(news.events.filter((e) => e.__typename === 'RoomActivity').pop()).toMatchObject({ roomId, lastSeq: two.seq, unreadCount: 2 });
    const count = news.events.length;
    await t.gql(`mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: roomId, s: two.seq }, u.accessToken);
    await waitFor(() => news.events.length > count, 'activity after markRead');
    expect(news.events[count]).toMatchObject({ __typename: 'RoomActivity', roomId, unreadCount: 0 });
    await t.gql(`mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }`, { r: roomId, u: u.id }, owner.accessToken);
    await waitFor(() => news.events.some((e) => e.__typename === 'RemovedFromRoom'), 'RemovedFromRoom');
    expect(news.events.find((e) => e.__typename === 'RemovedFromRoom')).toMatchObject({ roomId, reason: 'REMOVED' });

    const doomed = await groupRoom(t, owner, [u]);
    await waitFor(() => news.events.some((e) => e.__typename === 'AddedToRoom' && e.roomId === doomed), 'AddedToRoom for the second room');
    expect((await t.gql(`mutation($r: ID!) { deleteRoom(roomId: $r) }`, { r: doomed }, owner.accessToken)).data.deleteRoom).toBe(true);
    await waitFor(() => news.events.some((e) => e.__typename === 'RemovedFromRoom' && e.roomId === doomed), 'RemovedFromRoom on deletion');
    expect(news.events.find((e) => e.__typename === 'RemovedFromRoom' && e.roomId === doomed).reason).toBe('ROOM_DELETED');
    // Nobody else's rooms: every event was about the viewer's own rooms.
    expect(new Set(news.events.map((e) => e.roomId))).toEqual(new Set([roomId, doomed]));
  });

  it('coalesces a burst in one room into fewer RoomActivity events, the last one current', async () => {
    const owner = await register(t);
    const u = await register(t);
    const roomId = await groupRoom(t, owner, [u]);
    const { client } = await connect(t, u.accessToken);
    const news = subscribe(client, VIEWER_EVENTS);
    await streamsReady(t, u);
    const sent = await Promise.all(Array.from({ length: 10 }, (_, i) => sendMessage(t, owner, roomId, `burst ${i}`)));
    const last = Math.max(...sent.map((m) => m.seq));
    await waitFor(() => news.events.some((e) => e.__typename === 'RoomActivity' && e.lastSeq === last), 'activity for the last message');
    // News arrives in publish order, and the last message's activity is the burst's last: nothing of it comes later.
    const activity = news.events.filter((e) => e.__typename === 'RoomActivity');
    expect(activity.length).toBeLessThan(10);
    expect(activity[activity.length - 1]).toMatchObject({ roomId, lastSeq: last, unreadCount: 10 });
    expect(news.errors).toEqual([]);
  });
});

describe('hygiene', () => {
  it('leaves no topic subscriptions or listeners behind after 500 subscribe/unsubscribe cycles', async () => {
    const owner = await register(t);
    const roomId = await groupRoom(t, owner, []);
    const { client } = await connect(t, owner.accessToken);
    const pubsub = t.server.app.pubsub;
    const before = pubsub.stats();
    const roomChannel = `${pubsub.prefix}ROOM:${roomId}`;
    const numsub = async () => (pubsub.redis ? Number(((await pubsub.redis.pubsub('NUMSUB', roomChannel)) as [string, number])[1]) : 0);
    for (let i = 0; i < 500; i++) {
      const s = subscribe(client, i % 2 ? TYPING : ROOM_EVENTS, { r: roomId });
      if (i % 50 === 0) {
        await streamsReady(t, owner);
        // The subscription really reached Redis (one channel subscription per instance, however many streams).
        if (pubsub.redis) expect(await numsub()).toBe(1);
      }
      s.dispose();
    }
    await waitFor(() => pubsub.stats().handlers === before.handlers && pubsub.stats().topics === before.topics, 'every handler to go', 20000);
    expect(diagnostics(t.server).localStreams(owner.id)).toBe(0);
    if (pubsub.redis) {
      await waitFor(async () => (await numsub()) === 0, 'the Redis channel to be unsubscribed');
      expect(await pubsub.redis.pubsub('CHANNELS', `${pubsub.prefix}*${roomId}*`)).toEqual([]);
    }
    const connections = diagnostics(t.server).localConnections();
    client.dispose();
    await waitFor(() => diagnostics(t.server).localConnections() === connections - 1, 'the socket to go');
  }, 60000);
});
