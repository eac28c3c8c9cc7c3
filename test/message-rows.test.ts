import type { Client } from 'graphql-ws';
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { createSharedLoaders } from '../src/loaders.js';
import { Message } from '../src/modules/messages/message.entity.js';
import { primeMessageRows } from '../src/modules/messages/message-rows.js';
import { User } from '../src/modules/users/user.entity.js';
import { topics } from '../src/pubsub.js';
import type { RoomEventMessage } from '../src/modules/rooms/room-events.service.js';
import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { end, groupRoom, holdViewerNews, streamsReady, subscribe, webDocument, type Sub, type ViewerNewsHold } from './realtime-helpers.js';

// A sent message's live event carries the rows its send wrote (src/modules/messages/message-rows.ts): executing it
// reads neither the message nor its sender, room, mentions, attachments or read markers back, and it delivers what a replay
// from the log (which reads them) delivers. Statements are told apart by the SQL text knex reports for each query.

const WEB = webDocument('RoomEvents');
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq createdAt } }`;
/** A read of one of the rows the event carries (the send itself writes them; it does not select them). */
const READ_BACK = /^\s*select\b[\s\S]*\bfrom\s+"?(messages|users|rooms|mentions|uploads)"?(\s|$)/i;

let t: TestServer;
let owner: TestUser;
let reader: TestUser;
let other: TestUser;
const clients: Client[] = [];
const statements: string[] = [];
let hold: ViewerNewsHold | undefined;

type Knex = { on(ev: 'query', cb: (q: { sql: string }) => void): void };
beforeAll(async () => {
  t = await startServer();
  owner = await register(t, 'owner');
  reader = await register(t, 'reader');
  other = await register(t, 'other');
  (t.server.app.orm.em.getConnection() as unknown as { getKnex(): Knex }).getKnex().on('query', (q) => statements.push(q.sql));
});
// The room list's viewer news reads rooms and messages of its own: held while a test counts, let through after.
afterEach(() => hold?.release());
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await t?.stop();
});

async function subscribeWeb(u: TestUser, roomId: string, afterSeq: number | null, streams: number): Promise<Sub> {
  const c = t.ws(u.accessToken);
  clients.push(c);
  const sub = subscribe(c, WEB, { roomId, afterSeq });
  await streamsReady(t, u, streams);
  return sub;
}

/**
 * A live subscriber at the live edge: it has received a first message. Until then its stream may still be reading the
 * log (its start covers the moment of subscribing), and an event read from the log carries no rows: it loads them.
 */
async function liveSubscriber(u: TestUser, roomId: string): Promise<Sub> {
  const sub = await subscribeWeb(u, roomId, null, 1);
  const first = await send(owner, { roomId, body: 'before the measured one' });
  await waitFor(() => sub.events.some((e) => e.seq === first.seq), 'the first live event');
  return sub;
}

async function send(u: TestUser, input: Record<string, unknown>) {
  const r = await t.gql(SEND, { i: input }, u.accessToken);
  expect(r.errors).toBeUndefined();
  return r.data.sendMessage as { id: string; seq: number; createdAt: string };
}

/** Sends, waits for the live subscriber's event, and returns it with the SELECTs of rows the event carries. */
async function sendAndWatch(live: Sub, input: Record<string, unknown>) {
  // Viewer news of what came before (a batch already past the hold) finishes first; this send's is held.
  await diagnostics(t.server).viewerNewsSettled();
  hold = holdViewerNews(t);
  const from = statements.length;
  const sent = await send(owner, input);
  const event = await waitFor(() => live.events.find((e) => e.seq === sent.seq), 'the live event');
  const readBack = statements.slice(from).filter((s) => READ_BACK.test(s));
  hold.release();
  return { sent, event, readBack };
}

describe("a sent message's live event", () => {
  it('is executed without reading the message, its sender, room, mentions, attachments or read markers back, and delivers what a replay delivers', async () => {
    const roomId = await groupRoom(t, owner, [reader, other], 'Rows');
    const live = await liveSubscriber(reader, roomId);
    const from = statements.length;
    const { sent, event, readBack } = await sendAndWatch(live, { roomId, body: 'carried with its rows' });
    expect(readBack).toEqual([]);
    expect(event.message.id).toBe(sent.id);
    expect(event.message.createdAt).toBe(sent.createdAt);
    expect(event.message.body).toBe('carried with its rows');
    expect(event.message.sender.id).toBe(owner.id);

    // The same viewer, replaying the same event from the log (which reads every row): the same frame.
    const replay = await subscribeWeb(reader, roomId, sent.seq - 1, 2);
    const replayed = await waitFor(() => replay.events.find((e) => e.seq === sent.seq), 'the replayed event');
    expect(replayed).toEqual(event);
    expect(event.message.seenBy).toEqual([]);

    // Nobody else had read it at its seq, so no read markers were read for it. A member who reads it later comes as
    // a ReadMarkerMoved event after it, live and on replay.
    expect(statements.slice(from).some((s) => /from memberships ms join users/i.test(s))).toBe(false);
    const read = await t.gql(`mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: roomId, s: sent.seq }, other.accessToken);
    expect(read.errors).toBeUndefined();
    const moved = await waitFor(() => live.events.find((e) => e.__typename === 'ReadMarkerMoved' && e.readerId === other.id), 'the ReadMarkerMoved event');
    expect(moved.seq).toBeGreaterThan(sent.seq);
    expect(moved.lastReadSeq).toBe(sent.seq);
    const later = await subscribeWeb(reader, roomId, sent.seq - 1, 3);
    await waitFor(() => later.events.some((e) => e.seq === moved.seq), 'the replay to reach the ReadMarkerMoved event');
    expect(later.events.map((e) => [e.seq, e.__typename, e.readerId ?? null])).toEqual([
      [sent.seq, 'MessageAdded', null],
      [moved.seq, 'ReadMarkerMoved', other.id],
    ]);
    expect([...live.errors, ...replay.errors, ...later.errors]).toEqual([]);
    await end(t, [reader], [live, replay, later]);
  });

  it('still reads the mentions of a message that mentions someone, and the room of a room with a join password', async () => {
    const roomId = await groupRoom(t, owner, [reader, other], 'Mentions');
    const live = await liveSubscriber(reader, roomId);
    const { event, readBack } = await sendAndWatch(live, { roomId, body: `hello @${reader.username}` });
    expect(event.message.mentionsMe).toBe(true);
    expect(readBack.some((s) => /from mentions/i.test(s))).toBe(true);
    expect(readBack.filter((s) => /from "?messages"?/i.test(s))).toEqual([]);
    await end(t, [reader], [live]);

    // What travels on the topic: a password room's row (and its hash) is left out; an open room's is there.
    const pub = await t.gql(`mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { id } }`, { i: { name: 'Locked', password: 'open sesame' } }, owner.accessToken);
    const locked = pub.data.createPublicRoom.id as string;
    const seen: RoomEventMessage[] = [];
    const offs = await Promise.all([locked, roomId].map((r) => t.server.app.pubsub.subscribe(topics.room(r), (m) => void seen.push(m))));
    const [a, b] = [await send(owner, { roomId: locked, body: 'behind a lock' }), await send(owner, { roomId, body: 'in the open' })];
    const [closed, open] = (await waitFor(() => {
      const x = seen.find((m) => m.seq === a.seq && m.roomId === locked);
      const y = seen.find((m) => m.seq === b.seq && m.roomId === roomId);
      return x && y ? ([x, y] as const) : null;
    }, 'both topic messages'))!;
    for (const off of offs) await off();
    expect(closed.rows?.message?.id).toBe(a.id);
    expect(closed.rows?.room).toBeUndefined();
    expect(JSON.stringify(closed)).not.toMatch(/argon2|password_hash/i);
    expect(open.rows?.room?.id).toBe(roomId);
    expect(open.rows?.noMentions).toBe(true);
    expect(open.rows?.noAttachments).toBe(true);

    // Over Redis the rows arrive as JSON (PostgreSQL's dates as strings): primed, they are the entities a find makes.
    const em = t.server.app.orm.em.fork();
    const loaders = createSharedLoaders(em);
    primeMessageRows(em, loaders, JSON.parse(JSON.stringify(open)));
    const from = statements.length;
    const [message, room, sender] = [await loaders.messageById.load(b.id), await loaders.roomById.load(roomId), await loaders.userById.load(owner.id)];
    expect(statements.length).toBe(from);
    // The sender's password hash is lazy: never loaded by a find, never carried.
    expect(JSON.stringify(open)).not.toMatch(/argon2/i);
    expect(open.rows?.sender).not.toHaveProperty('password_hash');
    const found = await t.server.app.orm.em.fork().findOneOrFail(User, owner.id);
    expect(sender?.lastSeenAt).toBeInstanceOf(Date);
    expect({ ...sender }).toEqual({ ...found });
    expect(message?.createdAt).toBeInstanceOf(Date);
    expect(message?.createdAt.toISOString()).toBe(b.createdAt);
    expect(message?.deletedAt ?? null).toBeNull();
    expect(room?.lastActivityAt).toBeInstanceOf(Date);
    const stored = await t.server.app.orm.em.fork().findOneOrFail(Message, b.id);
    expect({ ...message, room: message?.room.id, sender: message?.sender?.id }).toEqual({ ...stored, room: stored.room.id, sender: stored.sender?.id });
  });
});
