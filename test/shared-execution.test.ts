import type { Client } from 'graphql-ws';
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { Role, User } from '../src/modules/users/user.entity.js';
import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { groupRoom, holdViewerNews, sendMessage, streamsReady, subscribe, webDocument, type Sub, type ViewerNewsHold } from './realtime-helpers.js';

// Subscribers with the same document, variables and permission view share one GraphQL execution per event
// (counted by the diagnostics module's subscriptionExecutions), and each still receives every event, in order.
const SHARED = `subscription($r: ID!) { roomEvents(roomId: $r) {
  seq ... on MessageAdded { message { id body createdAt sender { id username } } }
} }`;
// Reaction.reactedByMe depends on who asks, but cheaply (@PerViewer): one execution, each viewer's value laid over it.
const PER_VIEWER = `subscription($r: ID!) { roomEvents(roomId: $r) {
  seq ... on MessageAdded { message { id reactions { emoji reactedByMe } } }
} }`;
// Message.mentionsMe (@PerViewer) reads the message's mention rows, which are the same for every viewer.
const MENTIONS_ME = `subscription($r: ID!) { roomEvents(roomId: $r) {
  seq ... on MessageAdded { message { id mentionsMe } }
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
/** Held viewer news is let through after each test (one that failed while holding it must not stall the rest). */
let hold: ViewerNewsHold | undefined;
afterEach(() => hold?.release());
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

  it("resolves mentionsMe for each viewer from the rows the shared execution loaded (one mention query per event, not one per subscriber)", async () => {
    const subs = await subscribeAll(members, MENTIONS_ME);
    const knex = (t.server.app.orm.em.getConnection() as unknown as { getKnex(): { on(e: string, f: (q: { sql: string }) => void): void; off(e: string, f: unknown): void } }).getKnex();
    let mentionQueries = 0;
    const count = (q: { sql: string }) => void (/from\s+"?mentions"?\s+where\s+"?message_id"?/i.test(q.sql) && mentionQueries++);
    knex.on('query', count);
    try {
      const n = await executionsFor(subs, () => sendMessage(t, owner, roomId, `@${members[1].username} and @${members[4].username}, look`), 1);
      expect(n).toBe(1);
    } finally {
      knex.off('query', count);
    }
    expect(mentionQueries).toBe(1);
    for (const [i, s] of subs.entries()) {
      expect(s.errors).toEqual([]);
      expect(s.events.at(-1).message.mentionsMe).toBe(i === 1 || i === 4);
    }
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

  it("keeps each shared result's frame body in an ArrayBuffer of its own, not in a slab of Node's Buffer pool it would pin", async () => {
    const subs = await subscribeAll([members[0], members[1]], SHARED);
    await executionsFor(
      subs,
      async () => {
        for (let i = 1; i <= 4; i++) await sendMessage(t, owner, roomId, `kept ${i}`);
      },
      4,
    );
    const kept = await t.server.ws.delivery.kept();
    expect(kept.bodies).toBeGreaterThanOrEqual(4);
    // A pooled body would bring its whole 8 KiB slab along: the ArrayBuffers under the bodies would outweigh them.
    expect(kept.backingBytes).toBe(kept.bodyBytes);
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

describe('shared execution of the web app\'s RoomEvents document', () => {
  const WEB = webDocument('RoomEvents');
  const gql = async (u: TestUser, query: string, variables: Record<string, unknown>) => {
    const r = await t.gql(query, variables, u.accessToken);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const users = async (prefix: string, n: number) => Promise.all(Array.from({ length: n }, (_, i) => register(t, `${prefix}${i}`)));
  const subscribeWeb = async (subscribers: TestUser[], room: string, afterSeq: (i: number) => number | null) => {
    const subs = subscribers.map((u, i) => subscribe(socket(u), WEB, { roomId: room, afterSeq: afterSeq(i) }));
    for (const u of subscribers) await streamsReady(t, u, 1);
    return subs;
  };
  const received = (subs: Sub[], seq: number) => subs.map((s) => s.events.find((e) => e.seq === seq));

  it('shares one execution per event across read-receipt settings, each subscriber with its own receipts, mentionsMe and reactedByMe', async () => {
    const [on0, off0, on1, off1] = await users('rr', 4);
    for (const u of [off0, off1]) await gql(u, `mutation { updateProfile(input: { shareReadReceipts: false }) { id } }`, {});
    const readers = [on0, off0, on1, off1];
    const room = await groupRoom(t, owner, readers, 'Receipts');
    const first = await sendMessage(t, owner, room, 'before');
    // Resuming from two points: afterSeq is not part of what groups share.
    const subs = await subscribeWeb(readers, room, (i) => (i % 2 ? first.seq - 1 : first.seq));
    await waitFor(() => subs.every((s, i) => s.events.length >= i % 2), 'the replayed message');

    let m = { id: '', seq: 0 };
    expect(await executionsFor(subs, async () => (m = await sendMessage(t, owner, room, `@${off0.username} hello`)), 1)).toBe(1);
    expect(received(subs, m.seq).map((e) => e?.message.mentionsMe)).toEqual([false, true, false, false]);

    // on0's marker moves (an event); off0's too, silently (they do not share receipts).
    await gql(off0, `mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: room, s: m.seq });
    const moved = await executionsFor(subs, () => gql(on0, `mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: room, s: m.seq }), 1);
    expect(moved).toBe(1);
    const marker = subs.map((s) => s.events.at(-1));
    expect(marker.map((e) => e.__typename)).toEqual(Array(4).fill('ReadMarkerMoved'));
    expect(marker.map((e) => [e.readerId, e.lastReadSeq])).toEqual([[on0.id, m.seq], [null, null], [on0.id, m.seq], [null, null]]);

    // The message again, with on1's reaction: seenBy is on0 only (off0 read it but shares nothing), and only for
    // those who share receipts; reactedByMe only for on1.
    const reacted = await executionsFor(subs, () => gql(on1, `mutation($m: ID!) { addReaction(messageId: $m, emoji: "👍") { id } }`, { m: m.id }), 1);
    expect(reacted).toBe(1);
    const message = subs.map((s) => s.events.at(-1).message);
    expect(message.map((x) => x.seenBy.map((u: { id: string }) => u.id))).toEqual([[on0.id], [], [on0.id], []]);
    expect(message.map((x) => x.reactions[0]?.reactedByMe)).toEqual([false, false, true, false]);
    expect(message.map((x) => x.mentionsMe)).toEqual([false, true, false, false]);

    // RoomUpdated: the room as it is now, one execution for all.
    const renamed = await executionsFor(subs, () => gql(owner, `mutation($r: ID!, $i: UpdateRoomInput!) { updateRoom(roomId: $r, input: $i) { id } }`, { r: room, i: { name: 'Receipts, renamed' } }), 1);
    expect(renamed).toBe(1);
    expect(subs.map((s) => [s.events.at(-1).__typename, s.events.at(-1).room.name])).toEqual(Array(4).fill(['RoomUpdated', 'Receipts, renamed']));
    for (const s of subs) expect(s.errors).toEqual([]);
    await end(subs, readers);
  });

  it("shares one execution across global roles (members, a moderator, an admin), with no more SQL per event than members alone cost", async () => {
    const [u0, u1, mod, adm] = await users('rl', 4);
    const em = t.server.app.orm.em.fork();
    await em.nativeUpdate(User, { id: mod.id }, { role: Role.MODERATOR });
    await em.nativeUpdate(User, { id: adm.id }, { role: Role.ADMIN });
    const everyone = [u0, u1, mod, adm];
    const room = await groupRoom(t, owner, everyone, 'Roles');
    const quoted = await sendMessage(t, owner, room, 'the quoted one');
    // SQL of the send and of the event's delivery. The room list's viewer news (viewer-news.service.ts) runs its own
    // statements 100 ms or more after a batch, which on a busy machine would fall inside this window: it is held
    // (the diagnostics seam) until each measurement is over, and let through before the next one starts.
    const d = diagnostics(t.server);

    /** The fewest statements and the executions of one event (a reply with mentions), over three sends. */
    const perEvent = async (subs: Sub[]) => {
      let statements = Number.POSITIVE_INFINITY;
      let executions = 0;
      for (let i = 0; i < 3; i++) {
        await d.viewerNewsSettled();
        const h = (hold = holdViewerNews(t));
        const before = d.counters.sqlStatements;
        executions = await executionsFor(
          subs,
          () => gql(owner, `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { roomId: room, body: `@${u0.username} @${adm.username} ${i}`, replyToId: quoted.id } }),
          1,
        );
        statements = Math.min(statements, d.counters.sqlStatements - before);
        h.release();
      }
      return { statements, executions };
    };

    const users1 = await subscribeWeb([u0, u1], room, () => null);
    const one = await perEvent(users1);
    expect(one.executions).toBe(1);
    const others = await subscribeWeb([mod, adm], room, () => null);
    const three = await perEvent([...users1, ...others]);
    // Every field the web app's document reads is declared the same for every member, whatever their role.
    expect(three.executions).toBe(1);
    // The message, its sender, the quoted message, attachments, mentions and read markers are read once per event.
    expect(three.statements).toBeLessThanOrEqual(one.statements);
    const last = [...users1, ...others].map((s) => s.events.at(-1).message);
    expect(last.map((x) => x.mentionsMe)).toEqual([true, false, false, true]);
    expect(new Set(last.map((x) => JSON.stringify({ ...x, mentionsMe: null }))).size).toBe(1);
    expect(last[0].replyTo.body).toBe('the quoted one');
    for (const s of [...users1, ...others]) expect(s.errors).toEqual([]);
    await end([...users1, ...others], everyone);

    // A field that depends on the role (User.bannedAt: staff only) is not declared shareable: no sharing across roles.
    const ROLE_DEPENDENT = `subscription($r: ID!) { roomEvents(roomId: $r) { seq ... on MessageAdded { message { id sender { id bannedAt } } } } }`;
    const split = [u0, adm].map((u) => subscribe(socket(u), ROLE_DEPENDENT, { r: room }));
    for (const u of [u0, adm]) await streamsReady(t, u, 1);
    expect(await executionsFor(split, () => sendMessage(t, owner, room, 'per role'), 1)).toBe(2);
    await end(split, [u0, adm]);
  });
});
