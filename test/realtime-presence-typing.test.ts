/** presence and typing subscriptions: online across tabs, members only, typing throttled, expired and snapshotted. */
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { code, register, startServer, waitFor, type TestServer } from './harness.js';
import { connect, groupRoom, isOnline, PRESENCE, ROOM_EVENTS, streamsReady, subscribe, TYPING } from './realtime-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
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
