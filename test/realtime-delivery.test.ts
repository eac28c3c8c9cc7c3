import { print, type DocumentNode } from 'graphql';
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { end, groupRoom, roomSeq, sendMessage, seqs, socket, streamsReady, subscribe } from './realtime-helpers.js';

// Shared delivery of roomEvents as real clients use it: the web app's own document (which selects
// reactions { reactedByMe } through MessageItem_message), each subscriber a different user resuming from its own
// afterSeq; and the broadcast's failure modes: a failed execution and a hung one. The execution timeout is 5 s: short
// enough for the hung one, long enough that a busy machine times out nothing else. A socket that stops reading is in
// realtime-backpressure.test.ts.
// Imported at run time (the web app's module, not a copy): its path is not resolved by this project's type check.
const WEB_FRAGMENTS = '../web/src/features/room/fragments.js';
let WEB_ROOM_EVENTS: string;
const SIMPLE = `subscription($r: ID!) { roomEvents(roomId: $r) { seq ... on MessageAdded { message { id body } } } }`;

let t: TestServer;
let owner: TestUser;
let members: TestUser[];
let roomId: string;

beforeAll(async () => {
  const web = (await import(WEB_FRAGMENTS)) as { RoomEventsSubscription: DocumentNode };
  WEB_ROOM_EVENTS = print(web.RoomEventsSubscription);
  t = await startServer({ env: { REALTIME_EXECUTION_TIMEOUT_MS: '5000' } });
  owner = await register(t, 'owner');
  members = [];
  for (let i = 0; i < 5; i++) members.push(await register(t, `m${i}`));
  roomId = await groupRoom(t, owner, members);
});
afterAll(async () => {
  await t?.stop();
});
afterEach(() => {
  diagnostics(t.server).faults.beforeExecution = undefined;
});

async function react(u: TestUser, messageId: string, emoji: string) {
  const r = await t.gql(`mutation($m: ID!, $e: String!) { addReaction(messageId: $m, emoji: $e) { id } }`, { m: messageId, e: emoji }, u.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
}

describe('shared delivery of the web app\'s RoomEvents document', () => {
  it('runs one execution per live event for different users resuming from different points, each with its own reactedByMe', async () => {
    const first = await sendMessage(t, owner, roomId, 'one');
    await sendMessage(t, owner, roomId, 'two');
    await sendMessage(t, owner, roomId, 'three');
    const top = await roomSeq(t, owner, roomId);
    // Five users, five resume points (one of them none at all).
    const resume = [top - 3, top - 2, top - 1, top, null];
    const subs = members.map((u, i) => subscribe(socket(t, u), WEB_ROOM_EVENTS, { roomId, afterSeq: resume[i] }));
    for (const u of members) await streamsReady(t, u);
    // Replay done: each one holds exactly what came after its own point.
    await waitFor(() => subs.every((s, i) => (resume[i] === null ? true : seqs(s).length === top - resume[i]!)), 'each replay');
    subs.forEach((s, i) => expect(seqs(s)).toEqual(resume[i] === null ? [] : Array.from({ length: top - resume[i]! }, (_, k) => resume[i]! + 1 + k)));
    const before = subs.map((s) => s.events.length);

    const d = diagnostics(t.server);
    const start = d.counters.subscriptionExecutions;
    await react(members[1], first.id, '👍');
    await react(members[3], first.id, '🎉');
    await sendMessage(t, owner, roomId, 'live');
    await waitFor(() => subs.every((s, i) => s.events.length === before[i] + 3), 'the live events everywhere');
    // One group (same document, same role), whatever each one's afterSeq: one execution per event.
    expect(d.counters.subscriptionExecutions - start).toBe(3);

    subs.forEach((s, i) => {
      expect(s.errors).toEqual([]);
      const live = s.events.slice(before[i]);
      expect(live.map((e) => e.__typename)).toEqual(['ReactionChanged', 'ReactionChanged', 'MessageAdded']);
      const reactions = live[1].message.reactions as Array<{ emoji: string; count: number; reactedByMe: boolean }>;
      const mine = (emoji: string) => reactions.find((r) => r.emoji === emoji)!.reactedByMe;
      // Each viewer's own answer, not the first subscriber's.
      expect(mine('👍')).toBe(i === 1);
      expect(mine('🎉')).toBe(i === 3);
      expect(reactions.map((r) => r.count)).toEqual([1, 1]);
      expect(live[2].message.body).toBe('live');
    });
    await end(t, [owner, ...members], subs);
  });
});

describe('the broadcast when an execution fails or hangs', () => {
  it('sends a masked error for an event whose execution failed, and the next event as usual', async () => {
    const subs = members.slice(0, 3).map((u) => subscribe(socket(t, u), SIMPLE, { r: roomId }));
    for (const u of members.slice(0, 3)) await streamsReady(t, u);
    const failing = (await roomSeq(t, owner, roomId)) + 1;
    diagnostics(t.server).faults.beforeExecution = async (e) => {
      if (e.seq === failing) throw new Error('execution failed on purpose');
    };
    await sendMessage(t, owner, roomId, 'fails');
    await sendMessage(t, owner, roomId, 'after the failure');
    await waitFor(() => subs.every((s) => s.events.length === 1 && s.errors.length === 1), 'the error and the next event');
    for (const s of subs) {
      expect(s.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(s.errors[0].message).not.toContain('on purpose');
      expect(s.events.map((e) => [e.seq, e.message.body])).toEqual([[failing + 1, 'after the failure']]);
      expect(s.completed).toBe(false);
    }
    await end(t, [owner, ...members], subs);
  });

  it("writes a subscriber's events that settle together in one write, in seq order", async () => {
    const subs = members.slice(0, 3).map((u) => subscribe(socket(t, u), SIMPLE, { r: roomId }));
    for (const u of members.slice(0, 3)) await streamsReady(t, u);
    const first = (await roomSeq(t, owner, roomId)) + 1;
    // The first event's execution waits until the next two have executed: then all three settle at once.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const executing = new Set<number>();
    diagnostics(t.server).faults.beforeExecution = (e) => {
      executing.add(e.seq);
      return e.seq === first ? gate : undefined;
    };
    for (const body of ['one', 'two', 'three']) await sendMessage(t, owner, roomId, body);
    await waitFor(() => executing.has(first + 2), 'the later events executing while the first waits');
    const { counters } = diagnostics(t.server);
    const [frames, writes] = [counters.directFrames, counters.directWrites];
    release();
    await waitFor(() => subs.every((s) => s.events.length === 3), 'the three events');
    for (const s of subs) expect(s.events.map((e) => [e.seq, e.message.body])).toEqual([[first, 'one'], [first + 1, 'two'], [first + 2, 'three']]);
    // Three frames to each of the three sockets, in one write per socket.
    expect(counters.directFrames - frames).toBe(9);
    expect(counters.directWrites - writes).toBe(3);
    await end(t, [owner, ...members], subs);
  });

  it('turns a hung execution into a masked error after the timeout and keeps the lane moving', async () => {
    const subs = members.slice(0, 3).map((u) => subscribe(socket(t, u), SIMPLE, { r: roomId }));
    for (const u of members.slice(0, 3)) await streamsReady(t, u);
    const hanging = (await roomSeq(t, owner, roomId)) + 1;
    diagnostics(t.server).faults.beforeExecution = (e) => (e.seq === hanging ? new Promise<void>(() => {}) : undefined);
    await sendMessage(t, owner, roomId, 'hangs');
    await sendMessage(t, owner, roomId, 'queued behind it');
    await sendMessage(t, owner, roomId, 'and another');
    await waitFor(() => subs.every((s) => s.events.length === 2 && s.errors.length === 1), 'the timeout error and the later events', 20000);
    for (const s of subs) {
      expect(s.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(s.events.map((e) => e.seq)).toEqual([hanging + 1, hanging + 2]);
      expect(s.completed).toBe(false);
    }
    await end(t, [owner, ...members], subs);
  });
});
