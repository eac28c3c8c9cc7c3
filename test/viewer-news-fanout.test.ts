/**
 * viewerEvents' RoomActivity fan-out: one room's news for N online members costs a number of SQL statements that does
 * not grow with N (the members' counts are read in one statement, what every member sees once per batch) and one
 * execution per document, and each member still gets their own unread count, mention count and role.
 */
import type { Client } from 'graphql-ws';
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { MemberRole } from '../src/modules/rooms/membership.entity.js';
import type { MemberSnapshot } from '../src/modules/rooms/member-snapshot.js';
import { topics } from '../src/topics.js';
import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { end, groupRoom, sendMessage, streamsReady, subscribe, webDocument, type Sub } from './realtime-helpers.js';

let t: TestServer;
let owner: TestUser;
let members: TestUser[];
let roomId: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startServer();
  owner = await register(t, 'owner');
  members = [];
  for (let i = 0; i < 8; i++) members.push(await register(t, `m${i}`));
  roomId = await groupRoom(t, owner, members);
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await t?.stop();
});

async function subscribeNews(users: TestUser[]): Promise<Sub[]> {
  const subs = users.map((u) => {
    const c = t.ws(u.accessToken);
    clients.push(c);
    return subscribe(c, webDocument('ViewerEvents'));
  });
  for (const u of users) await streamsReady(t, u);
  await diagnostics(t.server).presenceSettled();
  return subs;
}

const activityAt = (s: Sub, seq: number) => s.events.find((e) => e.__typename === 'RoomActivity' && e.roomId === roomId && e.lastSeq === seq);

/** The fewest SQL statements of one message and its RoomActivity to every subscriber, over three sends. */
async function statementsPerMessage(subs: Sub[], body: (i: number) => string) {
  const counters = diagnostics(t.server).counters;
  let fewest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const before = counters.sqlStatements;
    const { seq } = await sendMessage(t, owner, roomId, body(i));
    await waitFor(() => subs.every((s) => activityAt(s, seq)), 'RoomActivity for every subscriber');
    fewest = Math.min(fewest, counters.sqlStatements - before);
  }
  return fewest;
}

describe('viewerEvents RoomActivity fan-out', () => {
  it('costs the same SQL statements for 2 and for 8 online members, each with their own counts', async () => {
    // Warm-up: the sender's first request of the test writes lastSeenAt; later ones do not.
    await sendMessage(t, owner, roomId, 'warm-up');
    const two = await subscribeNews(members.slice(0, 2));
    const fewForTwo = await statementsPerMessage(two, (i) => `two ${i}`);
    await end(t, members.slice(0, 2), two);

    // m1 reads everything so far: its count starts again from 0 while the others' keep growing.
    const seq = (await sendMessage(t, owner, roomId, 'before the read')).seq;
    await t.gql(`mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: roomId, s: seq }, members[1].accessToken);
    const eight = await subscribeNews(members);
    const fewForEight = await statementsPerMessage(eight, (i) => (i === 2 ? `hey @${members[0].username}` : `eight ${i}`));
    expect(fewForEight).toBeLessThanOrEqual(fewForTwo);

    const last = eight.map((s) => s.events.filter((e) => e.__typename === 'RoomActivity').at(-1));
    for (const s of eight) expect(s.errors).toEqual([]);
    // Before the test's reads: the warm-up, 3 + 1 messages, then 3 more (m1 read up to the 5th).
    expect(last.map((e) => e.unreadCount)).toEqual(members.map((_, i) => (i === 1 ? 3 : 8)));
    expect(last.map((e) => e.room.unreadCount)).toEqual(last.map((e) => e.unreadCount));
    expect(last.map((e) => e.room.mentionCount)).toEqual(members.map((_, i) => (i === 0 ? 1 : 0)));
    expect(last.every((e) => e.room.myRole === 'MEMBER' && e.room.lastMessage.body === `hey @${members[0].username}`)).toBe(true);
    // What every member sees of the room is the same for all of them.
    expect(new Set(last.map((e) => JSON.stringify(e.room.members))).size).toBe(1);
    expect(last[0].room.members.edges).toHaveLength(2);
    await end(t, members, eight);
  });

  it("executes each of the web app's documents once per batch, and each member still gets their own values", async () => {
    const docs = ['ViewerEvents', 'NotifyEvents', 'MentionActivity'];
    const [admin, muted, reader] = [members[2], members[3], members[4]];
    await t.gql(`mutation($r: ID!, $u: ID!) { setMemberRole(roomId: $r, userId: $u, role: ADMIN) { id } }`, { r: roomId, u: admin.id }, owner.accessToken);
    await t.gql(`mutation($r: ID!) { setNotificationLevel(roomId: $r, level: NONE) { id } }`, { r: roomId }, muted.accessToken);
    const { seq: readUpTo } = await sendMessage(t, owner, roomId, 'read by one');
    await t.gql(`mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: roomId, s: readUpTo }, reader.accessToken);
    // The set-up's own news is fanned out before anyone listens: arriving late, it would be taken for the message's.
    await diagnostics(t.server).viewerNewsSettled();
    const subs = members.map((u) => {
      const c = t.ws(u.accessToken);
      clients.push(c);
      return docs.map((d) => subscribe(c, webDocument(d)));
    });
    for (const u of members) await streamsReady(t, u);
    await diagnostics(t.server).presenceSettled();
    await diagnostics(t.server).viewerNewsSettled();
    const counters = diagnostics(t.server).counters;
    const seen = subs.map((own) => own.map((s) => s.events.length));
    const executionsBefore = counters.subscriptionExecutions;

    const body = `news for @${members[0].username}`;
    const { seq } = await sendMessage(t, owner, roomId, body);
    // The message's RoomActivity on each document: by its seq, by its last message, and (MentionActivity selects
    // neither) the first one after the set-up.
    const ofBatch = [(e: any) => e.lastSeq === seq, (e: any) => e.room?.lastMessage?.body === body, () => true];
    const news = (i: number, d: number) => subs[i][d].events.slice(seen[i][d]).find((e) => e.__typename === 'RoomActivity' && e.roomId === roomId && ofBatch[d](e));
    await waitFor(() => subs.every((own, i) => own.every((_, d) => news(i, d))), 'RoomActivity on every document of every member');
    await diagnostics(t.server).viewerNewsSettled();
    // One execution per document for the batch, not one per member and document (8 x 3 before).
    expect(counters.subscriptionExecutions - executionsBefore).toBe(docs.length);

    for (const [i, u] of members.entries()) {
      expect(subs[i].flatMap((s) => s.errors)).toEqual([]);
      const { data } = await t.gql<{ room: { lastSeq: number; unreadCount: number; mentionCount: number; myRole: string; notificationLevel: string } }>(
        `query($r: ID!) { room(id: $r) { lastSeq unreadCount mentionCount myRole notificationLevel } }`,
        { r: roomId },
        u.accessToken,
      );
      const room = data!.room;
      const [viewer, notify, mention] = [news(i, 0), news(i, 1), news(i, 2)];
      expect([viewer.lastSeq, viewer.unreadCount, viewer.room.unreadCount, viewer.room.mentionCount, viewer.room.myRole]).toEqual([room.lastSeq, room.unreadCount, room.unreadCount, room.mentionCount, room.myRole]);
      expect([notify.unreadCount, notify.mentionCount, notify.room.notificationLevel]).toEqual([room.unreadCount, room.mentionCount, room.notificationLevel]);
      expect(mention.mentionCount).toBe(room.mentionCount);
    }
    // The members differ where the test made them differ, so the values above were each member's own.
    const role = (u: TestUser) => news(members.indexOf(u), 0).room.myRole;
    expect([role(admin), role(muted)]).toEqual(['ADMIN', 'MEMBER']);
    expect(news(members.indexOf(muted), 1).room.notificationLevel).toBe('NONE');
    expect(news(members.indexOf(reader), 0).unreadCount).toBe(1);
    expect(news(members.indexOf(muted), 0).unreadCount).toBeGreaterThan(1);
    expect(news(0, 2).mentionCount).toBeGreaterThan(news(1, 2).mentionCount);
    await end(t, members, subs.flat());
  });

  it("uses a member's snapshot unless the stream already reported a newer read, and then counts again", async () => {
    const [u] = members;
    const [news] = await subscribeNews([u]);
    const { seq } = await sendMessage(t, owner, roomId, 'to be read');
    await waitFor(() => activityAt(news, seq), 'activity');
    await t.gql(`mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: roomId, s: seq }, u.accessToken);
    await waitFor(() => news.events.some((e) => e.__typename === 'RoomActivity' && e.unreadCount === 0), 'the read');
    // News as another instance's fan-out would send it: counted before the read (stale), then after it.
    const snapshot = (lastReadSeq: number, unread: number): MemberSnapshot => ({
      roomLastSeq: seq,
      id: '00000000-0000-4000-8000-000000000001',
      role: MemberRole.MEMBER,
      joinedAt: new Date().toISOString(),
      lastReadSeq,
      notificationLevel: null,
      hiddenAtSeq: null,
      unread,
      mentions: unread,
    });
    const publish = (member: MemberSnapshot) =>
      t.server.app.pubsub.publish(topics.viewer(u.id), { type: 'ViewerEvent', kind: 'ACTIVITY', roomId, seq, at: new Date().toISOString(), loadsKey: `news|${roomId}|${seq}`, member });
    const before = news.events.length;
    await publish(snapshot(seq - 1, 42));
    await publish(snapshot(seq, 7));
    await waitFor(() => news.events.length >= before + 2, 'both');
    const [stale, fresh] = news.events.slice(before).map((e) => [e.unreadCount, e.room.unreadCount, e.room.mentionCount]);
    expect(stale).toEqual([0, 0, 0]);
    expect(fresh).toEqual([7, 7, 7]);
    expect(news.errors).toEqual([]);
    await end(t, [u], [news]);
  });
});
