/** roomEvents: live delivery, resume after afterSeq, ResyncRequired, the ends of a stream; and no leftovers after many subscriptions. */
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { connect, groupRoom, PRESENCE, ROOM_EVENTS, roomSeq, sendMessage, streamsReady, subscribe, TYPING } from './realtime-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer({ env: { RESYNC_BOUND: '20' } });
});
afterAll(async () => {
  await t?.stop();
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
