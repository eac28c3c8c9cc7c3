import { code, register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { streamsReady, subscribe } from './realtime-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const MSG = 'id body mentions { id username } mentionsMe';
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { ${MSG} } }`;
const EDIT = `mutation($m: ID!, $b: String!) { editMessage(messageId: $m, body: $b) { ${MSG} } }`;
const COUNT = `query($id: ID!) { room(id: $id) { unreadCount mentionCount } }`;
const MENTIONS = `query($first: Int, $after: String) { mentions(first: $first, after: $after) { edges { cursor node { id body room { id } } } pageInfo { hasNextPage endCursor } } }`;

async function ok(query: string, variables: Record<string, unknown>, u?: TestUser) {
  const r = await t.gql(query, variables, u?.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}
const send = async (u: TestUser, roomId: string, body: string) => (await ok(SEND, { i: { roomId, body } }, u)).sendMessage;
const names = (m: { mentions: Array<{ username: string }> }) => m.mentions.map((x) => x.username).sort();
const group = async (owner: TestUser, members: TestUser[], name = 'Crew') =>
  (await ok(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name, memberIds: members.map((m) => m.id) } }, owner)).createGroupRoom.id as string;
const count = async (u: TestUser, roomId: string) => (await ok(COUNT, { id: roomId }, u)).room;

let ann: TestUser, ben: TestUser, cat: TestUser, out: TestUser;
let crew: string;
beforeAll(async () => {
  [ann, ben, cat, out] = [await register(t, 'ann'), await register(t, 'ben'), await register(t, 'cat'), await register(t, 'out')];
  crew = await group(ann, [ben, cat]);
});

describe('mentions', () => {
  it('are parsed whatever the case and punctuation, for members only, never the sender or an address', async () => {
    const m = await send(ann, crew, `Hi @${ben.username.toUpperCase()}, and (@${cat.username}). Also @${out.username} and @nobody_here and mail ${ben.username}@example.com @${ann.username}`);
    expect(names(m)).toEqual([ben.username, cat.username].sort());
    const m2 = await send(ann, crew, `thanks @${ben.username}! and @${cat.username}.`);
    expect(names(m2)).toEqual([ben.username, cat.username].sort());
    expect(names(await send(ann, crew, `no one: @ ben@ @@${ben.username} x@${cat.username}`))).toEqual([]);
    // The viewer's own flag.
    const seenByBen = await ok(`query($id: ID!) { room(id: $id) { messages(last: 3) { edges { node { mentionsMe } } } } }`, { id: crew }, ben);
    expect(seenByBen.room.messages.edges.map((e: any) => e.node.mentionsMe)).toEqual([true, true, false]);
  });

  it('@room mentions every member when an OWNER or ADMIN of a group says it, nobody otherwise', async () => {
    const room = await group(ann, [ben, cat], 'Everyone');
    const byOwner = await send(ann, room, 'Meeting now, @room!');
    expect(byOwner.mentions).toEqual([]);
    expect((await count(ben, room)).mentionCount).toBe(1);
    expect((await count(cat, room)).mentionCount).toBe(1);
    expect((await count(ann, room)).mentionCount).toBe(0);
    await send(ben, room, '@room anyone?');
    expect((await count(cat, room)).mentionCount).toBe(1);
    await ok(`mutation($r: ID!, $u: ID!) { setMemberRole(roomId: $r, userId: $u, role: ADMIN) { id } }`, { r: room, u: ben.id }, ann);
    await send(ben, room, `@room and @${cat.username}`);
    expect((await count(cat, room)).mentionCount).toBe(2);
    expect((await count(ann, room)).mentionCount).toBe(1);
    // Not in public rooms, even from the owner.
    const pub = (await ok(`mutation { createPublicRoom(input: { name: "Town" }) { id } }`, {}, ann)).createPublicRoom.id;
    await ok(`mutation($r: ID!) { joinRoom(roomId: $r) { id } }`, { r: pub }, ben);
    await send(ann, pub, '@room hello');
    expect((await count(ben, pub)).mentionCount).toBe(0);
  });

  it('follow edits that add and remove them', async () => {
    const room = await group(ann, [ben, cat], 'Edits');
    const m = await send(ann, room, `ping @${ben.username}`);
    expect(names(m)).toEqual([ben.username]);
    const e1 = await ok(EDIT, { m: m.id, b: `ping @${cat.username} instead` }, ann);
    expect(names(e1.editMessage)).toEqual([cat.username]);
    expect((await count(ben, room)).mentionCount).toBe(0);
    expect((await count(cat, room)).mentionCount).toBe(1);
    const e2 = await ok(EDIT, { m: m.id, b: 'never mind' }, ann);
    expect(e2.editMessage.mentions).toEqual([]);
    expect((await count(cat, room)).mentionCount).toBe(0);
  });

  it('count unread mentions until read, drop deleted messages, and travel live in viewerEvents', async () => {
    const room = await group(ann, [ben], 'Counts');
    const client = t.ws(ben.accessToken);
    const sub = subscribe(client, `subscription { viewerEvents { __typename roomId ... on RoomActivity { lastSeq unreadCount mentionCount } } }`);
    await streamsReady(t, ben);
    const a = await send(ann, room, `@${ben.username} one`);
    await waitFor(() => sub.events.some((e) => e.roomId === room && e.mentionCount === 1), 'live mention count 1');
    await send(ann, room, `two, @${ben.username}`);
    await send(ann, room, 'three, no mention');
    await waitFor(() => sub.events.some((e) => e.roomId === room && e.mentionCount === 2 && e.unreadCount === 3), 'live mention count 2');
    expect(await count(ben, room)).toEqual({ unreadCount: 3, mentionCount: 2 });
    await ok(`mutation($m: ID!) { deleteMessage(messageId: $m) { id } }`, { m: a.id }, ann);
    expect((await count(ben, room)).mentionCount).toBe(1);
    const seq = (await ok(`query($id: ID!) { room(id: $id) { lastSeq } }`, { id: room }, ben)).room.lastSeq;
    await ok(`mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: room, s: seq }, ben);
    await waitFor(() => sub.events.some((e) => e.roomId === room && e.mentionCount === 0 && e.unreadCount === 0), 'live mention count 0');
    expect(await count(ben, room)).toEqual({ unreadCount: 0, mentionCount: 0 });
    sub.dispose();
    // Not a member: no mentions to count.
    expect((await count(out, crew).catch(() => ({ mentionCount: 'hidden' }))).mentionCount).toBe('hidden');
  });

  it('mentions(first, after) lists the messages that mention the viewer, newest first, in rooms they are still in', async () => {
    const u = await register(t, 'list');
    const r1 = await group(ann, [u], 'L1');
    const r2 = await group(ben, [u], 'L2');
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await send(i % 2 ? ben : ann, i % 2 ? r2 : r1, `@${u.username} number ${i}`)).id);
    await send(ann, r1, 'no mention here');
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page++) {
      const c = (await ok(MENTIONS, { first: 2, after }, u)).mentions;
      seen.push(...c.edges.map((e: any) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual([...sent].reverse());
    await ok(`mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }`, { r: r1, u: u.id }, ann);
    const left = (await ok(MENTIONS, { first: 10 }, u)).mentions.edges.map((e: any) => e.node.room.id);
    expect(left).toEqual([r2, r2]);
    expect(code(await t.gql(MENTIONS, {}))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(MENTIONS, { after: 'junk' }, u.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(MENTIONS, { first: 1000 }, u.accessToken))).toBe('BAD_USER_INPUT');
  });
});
