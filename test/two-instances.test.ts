import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { backend, register, startServer, waitFor, type TestServer } from './harness.js';
import { connect, groupRoom, isOnline, PRESENCE, ROOM_EVENTS, roomSeq, sendMessage, streamsReady, subscribe, VIEWER_EVENTS } from './realtime-helpers.js';

// Two in-process instances share one database and one Redis. The embedded backend's PubSub lives inside one
// process and cannot be shared, so this suite needs REDIS_URL.
const describeWithRedis = backend.pubsub === 'redis' ? describe : describe.skip;

describeWithRedis('two server instances sharing PostgreSQL and Redis (needs REDIS_URL)', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startServer({ env: { PRESENCE_TTL_SECONDS: '3' } });
    b = await startServer({ shareWith: a, env: { PRESENCE_TTL_SECONDS: '3' } });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('delivers a message sent through instance A to a subscriber on instance B', async () => {
    const owner = await register(a);
    const member = await register(a);
    const roomId = await groupRoom(a, owner, [member]);
    const { client } = await connect(b, member.accessToken);
    const events = subscribe(client, ROOM_EVENTS, { r: roomId });
    await streamsReady(b, member);
    const sent = await sendMessage(a, owner, roomId, 'across instances');
    await waitFor(() => events.events.length === 1, 'delivery on B');
    expect(events.events[0]).toMatchObject({ __typename: 'MessageAdded', seq: sent.seq, message: { body: 'across instances' } });
  });

  it("tells viewerEvents on B about activity, additions and removals made through A, and only the room's members", async () => {
    const owner = await register(a);
    const member = await register(a);
    const outsider = await register(a);
    const roomId = await groupRoom(a, owner, [member]);
    const m = subscribe((await connect(b, member.accessToken)).client, VIEWER_EVENTS);
    const o = subscribe((await connect(b, outsider.accessToken)).client, VIEWER_EVENTS);
    await streamsReady(b, member);
    await streamsReady(b, outsider);
    const sent = await sendMessage(a, owner, roomId, 'news across instances');
    // Matched by seq: the room's creation may bring an earlier RoomActivity of its own.
    const activity = () => m.events.find((e) => e.__typename === 'RoomActivity' && e.lastSeq === sent.seq);
    await waitFor(() => !!activity(), 'activity on B');
    expect(activity()).toMatchObject({ roomId, lastSeq: sent.seq, unreadCount: 1 });

    await a.gql(`mutation($r: ID!, $u: [ID!]!) { addMembers(roomId: $r, userIds: $u) { id } }`, { r: roomId, u: [outsider.id] }, owner.accessToken);
    await waitFor(() => o.events.some((e) => e.__typename === 'AddedToRoom'), 'AddedToRoom on B');
    await a.gql(`mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }`, { r: roomId, u: outsider.id }, owner.accessToken);
    await waitFor(() => o.events.some((e) => e.__typename === 'RemovedFromRoom'), 'RemovedFromRoom on B');
    // Before it was added, the outsider heard nothing of the room.
    expect(o.events.map((e) => e.__typename)[0]).toBe('AddedToRoom');
    expect(o.events.find((e) => e.__typename === 'RemovedFromRoom')).toMatchObject({ roomId, reason: 'REMOVED' });
    expect(m.errors).toEqual([]);
    expect(o.errors).toEqual([]);
  });

  it('resumes on B without gap or duplicate while senders on both instances write concurrently', async () => {
    const users = [await register(a), await register(a), await register(a)];
    const roomId = await groupRoom(a, users[0], users.slice(1));
    const via = [a, a, b];
    let sent = 0;
    const sending = Promise.all(
      users.map(async (u, i) => {
        for (let n = 0; n < 50; n++) {
          await sendMessage(via[i], u, roomId, `${i}-${n}`);
          sent++;
        }
      }),
    );
    await waitFor(() => sent >= 30, 'some messages', 30000);
    const afterSeq = (await roomSeq(a, users[0], roomId)) - 5;
    const { client } = await connect(b, users[1].accessToken);
    const events = subscribe(client, ROOM_EVENTS, { r: roomId, a: afterSeq });
    await sending;
    const end = await roomSeq(a, users[0], roomId);
    // One more after the others: once it is in, anything duplicated or out of order before it is too.
    const marker = await sendMessage(a, users[0], roomId, 'marker');
    await waitFor(() => events.events.some((e) => e.seq === marker.seq), 'every event and the marker', 30000);
    expect(events.events.map((e) => e.seq)).toEqual(Array.from({ length: marker.seq - afterSeq }, (_, i) => afterSeq + 1 + i));
  }, 60000);

  it('ends a member\'s stream on B when A removes them, and closes B\'s sockets when A logs them out', async () => {
    const owner = await register(a);
    const member = await register(a);
    const roomId = await groupRoom(a, owner, [member]);
    const s = await connect(b, member.accessToken);
    const events = subscribe(s.client, ROOM_EVENTS, { r: roomId });
    await streamsReady(b, member);
    await a.gql(`mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }`, { r: roomId, u: member.id }, owner.accessToken);
    await waitFor(() => events.completed, 'the stream to end');
    expect(events.events.map((e) => [e.__typename, e.reason])).toEqual([['AccessRevoked', 'REMOVED']]);

    await a.gql(`mutation { logout }`, {}, member.accessToken);
    await waitFor(() => s.state.closedCode, 'the socket on B to close');
    expect(s.state.closedCode).toBe(4403);
  });

  it('marks the users of an instance that shuts down gracefully offline at once', async () => {
    const c = await startServer({ shareWith: a, env: { PRESENCE_TTL_SECONDS: '60' } });
    let stopped = false;
    try {
      const watcher = await register(a);
      const u = await register(a);
      const roomId = await groupRoom(a, watcher, [u]);
      const w = await connect(a, watcher.accessToken);
      const seen = subscribe(w.client, PRESENCE, { r: roomId });
      await streamsReady(a, watcher);
      await connect(c, u.accessToken);
      await waitFor(() => seen.events.some((e) => e.isOnline), 'online through C');
      await c.stop();
      stopped = true;
      // Far sooner than the 60 s TTL: the stopping instance ends its connections itself.
      await waitFor(() => seen.events.some((e) => !e.isOnline), 'offline when C stops', 30_000).catch((err) => {
        console.log(c.logs.filter((l) => /presence|error|warn/i.test(l)).slice(-20).join('\n'));
        throw err;
      });
      expect(await isOnline(a, watcher, u.id)).toBe(false);
    } finally {
      if (!stopped) await c.stop();
    }
  });

  it('counts presence across instances, and a crashed instance\'s users go offline after the TTL', async () => {
    const watcher = await register(a);
    const u = await register(a);
    const roomId = await groupRoom(a, watcher, [u]);
    const w = await connect(a, watcher.accessToken);
    const seen = subscribe(w.client, PRESENCE, { r: roomId });
    await streamsReady(a, watcher);

    const onA = await connect(a, u.accessToken);
    const onB = await connect(b, u.accessToken);
    await waitFor(() => seen.events.some((e) => e.isOnline), 'online');
    onA.client.dispose();
    // A has let go of its socket and settled presence; then a marker on the same topic: a wrong offline event for u
    // would have been published, and delivered, before it.
    await waitFor(() => diagnostics(a.server).localConnections(u.id) === 0, 'the socket on A to go');
    await diagnostics(a.server).presenceSettled();
    const marker = await register(a);
    await a.gql(`mutation($r: ID!, $u: [ID!]!) { addMembers(roomId: $r, userIds: $u) { id } }`, { r: roomId, u: [marker.id] }, watcher.accessToken);
    const markerSocket = await connect(a, marker.accessToken);
    await waitFor(() => seen.events.some((e) => e.user.id === marker.id && e.isOnline), 'the marker online');
    markerSocket.client.dispose();
    expect(await isOnline(a, watcher, u.id)).toBe(true);
    expect(seen.events.filter((e) => e.user.id === u.id && !e.isOnline)).toEqual([]);

    // B stops heartbeating without saying goodbye, as a crashed process would.
    diagnostics(b.server).simulateCrash();
    await waitFor(() => seen.events.some((e) => e.user.id === u.id && !e.isOnline), 'offline after the TTL', 30_000);
    expect(await isOnline(a, watcher, u.id)).toBe(false);
    onB.client.dispose();
  }, 30000);
});

if (backend.pubsub !== 'redis') {
  it('two-instance tests are skipped without REDIS_URL (the embedded PubSub is per process)', () => {
    expect(backend.pubsub).toBe('memory');
  });
}
