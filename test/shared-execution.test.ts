import { diagnostics } from '../src/diagnostics/diagnostics.js';
import type { Client } from 'graphql-ws';
import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { groupRoom, sendMessage, streamsReady, subscribe, type Sub } from './realtime-helpers.js';

// Subscribers with the same document, variables and permission view share one GraphQL execution per event
// (counted by the diagnostics module's subscriptionExecutions), and each still receives every event, in order.
const SHARED = `subscription($r: ID!) { roomEvents(roomId: $r) {
  seq ... on MessageAdded { message { id body createdAt sender { id username } } }
} }`;
// Reaction.reactedByMe depends on who asks, but cheaply (@PerViewer): one execution, each viewer's value laid over it.
const PER_VIEWER = `subscription($r: ID!) { roomEvents(roomId: $r) {
  seq ... on MessageAdded { message { id reactions { emoji reactedByMe } } }
} }`;
// User.email needs a whole execution per viewer (it is not declared either way): shared only by one viewer's subscriptions.
const VIEWER_SPECIFIC = `subscription($r: ID!) { roomEvents(roomId: $r) {
  seq ... on MessageAdded { message { id sender { id email } } }
} }`;

let t: TestServer;
let owner: TestUser;
let members: TestUser[];
let roomId: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startServer();
  owner = await register(t, 'owner');
  members = [];
  for (let i = 0; i < 6; i++) members.push(await register(t, `m${i}`));
  roomId = await groupRoom(t, owner, members);
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await t?.stop();
});

function socket(u: TestUser) {
  const c = t.ws(u.accessToken);
  clients.push(c);
  return c;
}

async function subscribeAll(users: TestUser[], query: string): Promise<Sub[]> {
  const subs = users.map((u) => subscribe(socket(u), query, { r: roomId }));
  for (const u of new Set(users)) await streamsReady(t, u, users.filter((x) => x === u).length);
  return subs;
}

/** Ends the subscriptions and waits until the server has ended their streams, so the next test starts clean. */
async function end(subs: Sub[], users: TestUser[]) {
  for (const s of subs) s.dispose();
  await waitFor(() => users.every((u) => diagnostics(t.server).localStreams(u.id) === 0), 'the streams to end');
}

async function executionsFor(subs: Sub[], send: () => Promise<unknown>, events: number) {
  const before = subs.map((s) => s.events.length);
  const start = diagnostics(t.server).counters.subscriptionExecutions;
  await send();
  await waitFor(() => subs.every((s, i) => s.events.length >= before[i] + events), 'every subscriber to receive the events');
  return diagnostics(t.server).counters.subscriptionExecutions - start;
}

describe('shared subscription execution', () => {
  it('runs one execution per event for many subscribers with the same document, and each gets every event in order', async () => {
    const subs = await subscribeAll(members, SHARED);
    const n = await executionsFor(
      subs,
      async () => {
        for (let i = 1; i <= 3; i++) await sendMessage(t, owner, roomId, `hello ${i}`);
      },
      3,
    );
    expect(n).toBe(3);
    for (const s of subs) {
      expect(s.errors).toEqual([]);
      expect(s.events.map((e) => e.message.body)).toEqual(['hello 1', 'hello 2', 'hello 3']);
      expect(s.events[0].message.sender.username).toBe(owner.username);
      expect(s.events.map((e) => e.seq)).toEqual([...s.events.map((e) => e.seq)].sort((a, b) => a - b));
    }
    // Every socket got the same payload, byte for byte (one serialization spliced into each frame).
    expect(new Set(subs.map((s) => JSON.stringify(s.events))).size).toBe(1);
    await end(subs, members);
  });

  it('does not share a document that reads viewer-specific fields across viewers', async () => {
    const subs = await subscribeAll([members[0], members[1], members[2]], VIEWER_SPECIFIC);
    const n = await executionsFor(subs, () => sendMessage(t, owner, roomId, 'per viewer'), 1);
    expect(n).toBe(3);
    await end(subs, members);
  });

  it('shares a document with per-viewer leaves across viewers, with each one its own value', async () => {
    const subs = await subscribeAll([members[0], members[1], members[2]], PER_VIEWER);
    const n = await executionsFor(subs, () => sendMessage(t, owner, roomId, 'overlay'), 1);
    expect(n).toBe(1);
    for (const s of subs) expect(s.errors).toEqual([]);
    await end(subs, members);
  });

  it("shares a viewer-specific document among one viewer's own subscriptions", async () => {
    const subs = await subscribeAll([members[3], members[3], members[3]], VIEWER_SPECIFIC);
    const n = await executionsFor(subs, () => sendMessage(t, owner, roomId, 'three tabs'), 1);
    expect(n).toBe(1);
    await end(subs, members);
  });

  it('keeps different variables apart', async () => {
    const other = await groupRoom(t, owner, [members[4]], 'Other');
    const a = subscribe(socket(members[4]), SHARED, { r: roomId });
    const b = subscribe(socket(members[4]), SHARED, { r: other });
    await streamsReady(t, members[4], 2);
    await sendMessage(t, owner, roomId, 'first room');
    await sendMessage(t, owner, other, 'second room');
    await waitFor(() => a.events.length >= 1 && b.events.length >= 1, 'both rooms delivered');
    expect(a.events.map((e) => e.message.body)).toEqual(['first room']);
    expect(b.events.map((e) => e.message.body)).toEqual(['second room']);
    await end([a, b], members);
  });

  it('writes live events to idle subscribers in one broadcast per event: every frame direct, in order', async () => {
    const subs = await subscribeAll(members, SHARED);
    const before = diagnostics(t.server).counters.directFrames;
    const n = await executionsFor(
      subs,
      async () => {
        for (let i = 1; i <= 3; i++) await sendMessage(t, owner, roomId, `direct ${i}`);
      },
      3,
    );
    expect(n).toBe(3);
    // 6 subscribers x 3 events, none through a subscriber's own stream.
    expect(diagnostics(t.server).counters.directFrames - before).toBe(18);
    for (const s of subs) {
      expect(s.errors).toEqual([]);
      expect(s.events.map((e) => e.message.body)).toEqual(['direct 1', 'direct 2', 'direct 3']);
    }
    expect(new Set(subs.map((s) => JSON.stringify(s.events))).size).toBe(1);

    // A subscription the client completed gets nothing more: 5 frames for the next event.
    subs[0].dispose();
    await waitFor(() => diagnostics(t.server).localStreams(members[0].id) === 0, 'the completed stream to end');
    const mid = diagnostics(t.server).counters.directFrames;
    await executionsFor(subs.slice(1), () => sendMessage(t, owner, roomId, 'after complete'), 1);
    expect(diagnostics(t.server).counters.directFrames - mid).toBe(5);
    expect(subs[0].events).toHaveLength(3);
    await end(subs, members);
  });

  it('keeps seq order with no gap or duplicate when direct writes, replay and out-of-order publishes mix', async () => {
    const first = (await sendMessage(t, owner, roomId, 'before replay')).seq;
    const live = subscribe(socket(members[0]), SHARED, { r: roomId });
    await streamsReady(t, members[0], 1);
    // Concurrent sends publish out of order now and then (a hole waits for its late publish or the log);
    // a second subscriber replays from before them while they arrive.
    const burst = Promise.all(Array.from({ length: 12 }, (_, i) => sendMessage(t, members[1 + (i % 3)], roomId, `burst ${i}`)));
    const replaying = subscribe(socket(members[5]), `subscription($r: ID!, $a: Int) { roomEvents(roomId: $r, afterSeq: $a) { seq ... on MessageAdded { message { id body } } } }`, { r: roomId, a: first - 1 });
    const sent = await burst;
    const last = Math.max(...sent.map((m) => m.seq));
    await waitFor(() => live.events.some((e) => e.seq === last) && replaying.events.some((e) => e.seq === last), 'both subscribers to reach the last seq');
    const contiguous = (from: number) => Array.from({ length: last - from + 1 }, (_, i) => from + i);
    expect(live.errors).toEqual([]);
    expect(replaying.errors).toEqual([]);
    expect(live.events.map((e) => e.seq)).toEqual(contiguous(first + 1));
    expect(replaying.events.map((e) => e.seq)).toEqual(contiguous(first));
    const bodies = new Map(sent.map((m, i) => [m.seq, `burst ${i}`]));
    for (const e of live.events) expect(e.message.body).toBe(bodies.get(e.seq));
    await end([live, replaying], members);
  });
});
