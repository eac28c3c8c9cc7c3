import { code, register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { streamsReady, subscribe } from './realtime-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

async function ok(query: string, variables: Record<string, unknown>, u?: TestUser) {
  const r = await t.gql(query, variables, u?.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}
const send = async (u: TestUser, roomId: string, body: string) =>
  (await ok(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq } }`, { i: { roomId, body } }, u)).sendMessage as { id: string; seq: number };
const read = (u: TestUser, roomId: string, seq: number) => ok(`mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: roomId, s: seq }, u);
const SEEN = `query($id: ID!) { room(id: $id) { messages(last: 10) { edges { node { id seenBy { username } } } } } }`;
async function seen(u: TestUser, roomId: string): Promise<Record<string, string[]>> {
  const edges = (await ok(SEEN, { id: roomId }, u)).room.messages.edges;
  return Object.fromEntries(edges.map((e: any) => [e.node.id, e.node.seenBy.map((x: any) => x.username).sort()]));
}
const LEVEL = `mutation($r: ID!, $l: NotificationLevel!) { setNotificationLevel(roomId: $r, level: $l) { id notificationLevel } }`;
const profile = (u: TestUser, share: boolean) => ok(`mutation($s: Boolean) { updateProfile(input: { shareReadReceipts: $s }) { id shareReadReceipts } }`, { s: share }, u);

let ann: TestUser, ben: TestUser, cat: TestUser, out: TestUser;
beforeAll(async () => {
  [ann, ben, cat, out] = [await register(t, 'ann'), await register(t, 'ben'), await register(t, 'cat'), await register(t, 'out')];
});

describe('notification levels', () => {
  it('default to ALL in direct rooms and groups and MENTIONS in public rooms, and are the viewer\'s own', async () => {
    const direct = (await ok(`mutation($u: ID!) { createDirectRoom(userId: $u) { id notificationLevel } }`, { u: ben.id }, ann)).createDirectRoom;
    expect(direct.notificationLevel).toBe('ALL');
    const g = (await ok(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id notificationLevel } }`, { i: { name: 'G', memberIds: [ben.id] } }, ann)).createGroupRoom;
    expect(g.notificationLevel).toBe('ALL');
    const pub = (await ok(`mutation { createPublicRoom(input: { name: "P" }) { id notificationLevel } }`, {}, ann)).createPublicRoom;
    expect(pub.notificationLevel).toBe('MENTIONS');
    expect((await ok(LEVEL, { r: g.id, l: 'NONE' }, ben)).setNotificationLevel.notificationLevel).toBe('NONE');
    expect((await ok(`query($id: ID!) { room(id: $id) { notificationLevel } }`, { id: g.id }, ann)).room.notificationLevel).toBe('ALL');
    expect((await ok(`query { rooms { edges { node { id notificationLevel } } } }`, {}, ben)).rooms.edges.find((e: any) => e.node.id === g.id).node.notificationLevel).toBe('NONE');
    expect((await ok(LEVEL, { r: pub.id, l: 'ALL' }, ann)).setNotificationLevel.notificationLevel).toBe('ALL');
    // Outsiders, anonymous callers and bad values.
    expect(code(await t.gql(LEVEL, { r: g.id, l: 'ALL' }, out.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(LEVEL, { r: pub.id, l: 'ALL' }, out.accessToken))).toBe('FORBIDDEN');
    expect((await ok(`query($id: ID!) { room(id: $id) { notificationLevel } }`, { id: pub.id }, out)).room.notificationLevel).toBeNull();
    expect(code(await t.gql(LEVEL, { r: g.id, l: 'ALL' }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(LEVEL, { r: g.id, l: 'LOUD' }, ann.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(LEVEL, { r: 'x', l: 'ALL' }, ann.accessToken))).toBe('BAD_USER_INPUT');
  });
});

describe('read receipts', () => {
  it('list the members whose read marker reached a message, never the sender, in groups and direct rooms only', async () => {
    const g = (await ok(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'R', memberIds: [ben.id, cat.id] } }, ann)).createGroupRoom.id;
    const m1 = await send(ann, g, 'one');
    const m2 = await send(ann, g, 'two');
    expect(await seen(ann, g)).toEqual({ [m1.id]: [], [m2.id]: [] });
    await read(ben, g, m1.seq);
    expect(await seen(ann, g)).toEqual({ [m1.id]: [ben.username], [m2.id]: [] });
    await read(cat, g, m2.seq);
    expect(await seen(ann, g)).toEqual({ [m1.id]: [ben.username, cat.username].sort(), [m2.id]: [cat.username] });
    // Ben sees the same, himself included where he has read.
    expect((await seen(ben, g))[m1.id]).toEqual([ben.username, cat.username].sort());
    const limited = await ok(`query($id: ID!) { room(id: $id) { messages(last: 1, before: null) { edges { node { seenBy(first: 1) { id } } } } } }`, { id: g }, ann);
    expect(limited.room.messages.edges[0].node.seenBy).toHaveLength(1);
    expect(code(await t.gql(`query($id: ID!) { room(id: $id) { messages(last: 1) { edges { node { seenBy(first: 500) { id } } } } } }`, { id: g }, ann.accessToken))).toBe('BAD_USER_INPUT');
    const d = (await ok(`mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: cat.id }, ben)).createDirectRoom.id;
    const dm = await send(ben, d, 'hi');
    await read(cat, d, dm.seq);
    expect(await seen(ben, d)).toEqual({ [dm.id]: [cat.username] });
    const pub = (await ok(`mutation { createPublicRoom(input: { name: "Receipts" }) { id } }`, {}, ann)).createPublicRoom.id;
    await ok(`mutation($r: ID!) { joinRoom(roomId: $r) { id } }`, { r: pub }, ben);
    const pm = await send(ann, pub, 'public');
    await read(ben, pub, pm.seq);
    expect(await seen(ann, pub)).toEqual({ [pm.id]: [] });
  });

  it('can be switched off: the user is not shown, and sees nobody else', async () => {
    const g = (await ok(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Private', memberIds: [ben.id, cat.id] } }, ann)).createGroupRoom.id;
    const m = await send(ann, g, 'secret');
    await read(ben, g, m.seq);
    await read(cat, g, m.seq);
    expect((await seen(ann, g))[m.id]).toEqual([ben.username, cat.username].sort());
    expect((await profile(ben, false)).updateProfile.shareReadReceipts).toBe(false);
    expect((await seen(ann, g))[m.id]).toEqual([cat.username]);
    expect((await seen(ben, g))[m.id]).toEqual([]);
    // Only the user sees their own setting.
    const other = await ok(`query($id: ID!) { user(id: $id) { shareReadReceipts } }`, { id: ben.id }, ann);
    expect(other.user.shareReadReceipts).toBeNull();
    expect((await ok(`query { me { shareReadReceipts } }`, {}, ben)).me.shareReadReceipts).toBe(false);
    await profile(ben, true);
    expect((await seen(ben, g))[m.id]).toEqual([ben.username, cat.username].sort());
    expect(code(await t.gql(`mutation { updateProfile(input: { shareReadReceipts: false }) { id } }`))).toBe('UNAUTHENTICATED');
  });

  it('move live as ReadMarkerMoved room events, for members who share them, without ping-pong or room-list activity', async () => {
    const g = (await ok(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Live', memberIds: [ben.id, cat.id] } }, ann)).createGroupRoom.id;
    const EVENTS = `subscription($r: ID!) { roomEvents(roomId: $r) { __typename seq ... on ReadMarkerMoved { readerId lastReadSeq user { username } } } }`;
    await profile(cat, false);
    const annSub = subscribe(t.ws(ann.accessToken), EVENTS, { r: g });
    const catSub = subscribe(t.ws(cat.accessToken), EVENTS, { r: g });
    await streamsReady(t, ann);
    await streamsReady(t, cat);
    const m = await send(ann, g, 'read me');
    await read(ben, g, m.seq);
    const moved = await waitFor(() => annSub.events.find((e) => e.__typename === 'ReadMarkerMoved'), 'ReadMarkerMoved for ann');
    expect(moved).toMatchObject({ readerId: ben.id, lastReadSeq: m.seq, user: { username: ben.username } });
    // Cat turned receipts off: the event reaches her stream, but says nothing.
    expect(await waitFor(() => catSub.events.find((e) => e.__typename === 'ReadMarkerMoved'), 'ReadMarkerMoved for cat')).toMatchObject({ readerId: null, lastReadSeq: null, user: null });
    // Cat reading logs nothing (she shares no receipts); Ben reading past the event alone logs nothing either.
    await read(cat, g, m.seq);
    await read(ben, g, moved.seq);
    const m2 = await send(ann, g, 'again');
    const before = (await ok(`query($id: ID!) { room(id: $id) { lastActivityAt } }`, { id: g }, ann)).room.lastActivityAt;
    await read(ben, g, m2.seq);
    await waitFor(() => annSub.events.filter((e) => e.__typename === 'ReadMarkerMoved').length === 2, 'the second ReadMarkerMoved');
    const types = annSub.events.map((e) => e.__typename);
    expect(types).toEqual(['MessageAdded', 'ReadMarkerMoved', 'MessageAdded', 'ReadMarkerMoved']);
    expect(annSub.events[3]).toMatchObject({ readerId: ben.id, lastReadSeq: m2.seq });
    // Reads are not activity: the room keeps its place in room lists.
    const after = await ok(`query($id: ID!) { room(id: $id) { lastActivityAt unreadCount } }`, { id: g }, ben);
    expect(after.room.lastActivityAt).toBe(before);
    expect(after.room.unreadCount).toBe(0);
    expect((await seen(ann, g))[m2.id]).toEqual([ben.username]);
    annSub.dispose();
    catSub.dispose();
    await profile(cat, true);
  });

  it('follow the setting on a socket that was open when it changed, both ways', async () => {
    const g = (await ok(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Switch', memberIds: [ben.id, cat.id] } }, ann)).createGroupRoom.id;
    const EVENTS = `subscription($r: ID!) { roomEvents(roomId: $r) { __typename seq ... on ReadMarkerMoved { readerId lastReadSeq user { username } } } }`;
    const catSub = subscribe(t.ws(cat.accessToken), EVENTS, { r: g });
    await streamsReady(t, cat);
    const moves = () => catSub.events.filter((e) => e.__typename === 'ReadMarkerMoved');
    const benReads = async (text: string, count: number) => {
      const m = await send(ann, g, text);
      await read(ben, g, m.seq);
      await waitFor(() => moves().length === count, `ReadMarkerMoved ${count} on cat's socket`);
      return { seq: m.seq, moved: moves()[count - 1] };
    };
    const first = await benReads('one', 1);
    expect(first.moved).toMatchObject({ readerId: ben.id, lastReadSeq: first.seq, user: { username: ben.username } });
    // Cat stops sharing hers while her socket is open: it stops showing Ben's from the next one on...
    await profile(cat, false);
    expect((await benReads('two', 2)).moved).toMatchObject({ readerId: null, lastReadSeq: null, user: null });
    // ...and shows them again once she shares again, still on the same socket.
    await profile(cat, true);
    const third = await benReads('three', 3);
    expect(third.moved).toMatchObject({ readerId: ben.id, lastReadSeq: third.seq, user: { username: ben.username } });
    catSub.dispose();
  });
});
