import { Message } from '../src/modules/messages/message.entity.js';
import { RoomEvent } from '../src/modules/rooms/room-event.entity.js';
import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { code, field, register, startServer, type TestServer, type TestUser } from './harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const ROOM_FIELDS = 'id kind name description memberCount myRole unreadCount lastSeq createdBy { id }';
const q = {
  direct: `mutation($u: ID!) { createDirectRoom(userId: $u) { ${ROOM_FIELDS} } }`,
  group: `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { ${ROOM_FIELDS} } }`,
  pub: `mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { ${ROOM_FIELDS} } }`,
  room: `query($id: ID!) { room(id: $id) { ${ROOM_FIELDS} } }`,
  members: `query($id: ID!) { room(id: $id) { members(first: 50) { totalCount edges { node { role lastReadSeq user { id username isOnline } } } } } }`,
  messages: `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) { room(id: $id) { messages(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id seq body clientId deletedAt editedAt sender { id } reactions { emoji count reactedByMe } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
  send: `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body clientId createdAt sender { id username } room { id } } }`,
  join: `mutation($r: ID!) { joinRoom(roomId: $r) { ${ROOM_FIELDS} } }`,
  add: `mutation($r: ID!, $u: [ID!]!) { addMembers(roomId: $r, userIds: $u) { memberCount } }`,
  remove: `mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { memberCount } }`,
  leave: `mutation($r: ID!) { leaveRoom(roomId: $r) }`,
  update: `mutation($r: ID!, $i: UpdateRoomInput!) { updateRoom(roomId: $r, input: $i) { name description } }`,
  role: `mutation($r: ID!, $u: ID!, $role: MemberRole!) { setMemberRole(roomId: $r, userId: $u, role: $role) { id } }`,
  del: `mutation($r: ID!) { deleteRoom(roomId: $r) }`,
  edit: `mutation($m: ID!, $b: String!) { editMessage(messageId: $m, body: $b) { id body editedAt } }`,
  delMsg: `mutation($m: ID!) { deleteMessage(messageId: $m) { id body deletedAt } }`,
  react: `mutation($m: ID!, $e: String!) { addReaction(messageId: $m, emoji: $e) { reactions { emoji count reactedByMe } } }`,
  unreact: `mutation($m: ID!, $e: String!) { removeReaction(messageId: $m, emoji: $e) { reactions { emoji count reactedByMe } } }`,
  read: `mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { unreadCount } }`,
  rooms: `query($first: Int, $after: String) { rooms(first: $first, after: $after) { totalCount edges { cursor node { id name kind unreadCount lastMessage { body } } } pageInfo { hasNextPage endCursor } } }`,
};

async function send(u: TestUser, roomId: string, body: string, clientId?: string) {
  const r = await t.gql(q.send, { i: { roomId, body, clientId } }, u.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.sendMessage;
}

async function group(owner: TestUser, members: TestUser[], name = 'Team') {
  const r = await t.gql(q.group, { i: { name, memberIds: members.map((m) => m.id) } }, owner.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.createGroupRoom;
}

describe('direct rooms', () => {
  it('are created once per pair, from either side, and never with yourself', async () => {
    const [a, b] = [await register(t, 'alice'), await register(t, 'bob')];
    const r1 = await t.gql(q.direct, { u: b.id }, a.accessToken);
    expect(r1.errors).toBeUndefined();
    expect(r1.data.createDirectRoom).toMatchObject({ kind: 'DIRECT', name: null, memberCount: 2, myRole: 'MEMBER' });
    const r2 = await t.gql(q.direct, { u: a.id }, b.accessToken);
    expect(r2.data.createDirectRoom.id).toBe(r1.data.createDirectRoom.id);
    const self = await t.gql(q.direct, { u: a.id }, a.accessToken);
    expect(code(self)).toBe('BAD_USER_INPUT');
    expect(field(self)).toBe('userId');
    const peer = `query($id: ID!) { room(id: $id) { directPeer { id username } myLastReadSeq } }`;
    expect((await t.gql(peer, { id: r1.data.createDirectRoom.id }, a.accessToken)).data.room.directPeer).toEqual({ id: b.id, username: b.username });
    expect((await t.gql(peer, { id: r1.data.createDirectRoom.id }, b.accessToken)).data.room.directPeer.id).toBe(a.id);
    const ghost = await t.gql(q.direct, { u: '00000000-0000-4000-8000-000000000000' }, a.accessToken);
    expect(code(ghost)).toBe('NOT_FOUND');
    expect(code(await t.gql(q.direct, { u: b.id }))).toBe('UNAUTHENTICATED');
  });

  it('stay single when both people open them at the same moment', async () => {
    const [a, b] = [await register(t), await register(t)];
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => t.gql(q.direct, { u: b.id }, a.accessToken)),
      ...Array.from({ length: 4 }, () => t.gql(q.direct, { u: a.id }, b.accessToken)),
    ]);
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data.createDirectRoom.id)).size).toBe(1);
    expect(results[0].data.createDirectRoom.memberCount).toBe(2);
  });

  it('have no member management', async () => {
    const [a, b, c] = [await register(t), await register(t), await register(t)];
    const room = (await t.gql(q.direct, { u: b.id }, a.accessToken)).data.createDirectRoom;
    expect(code(await t.gql(q.add, { r: room.id, u: [c.id] }, a.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(q.leave, { r: room.id }, a.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(q.remove, { r: room.id, u: b.id }, a.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(q.del, { r: room.id }, a.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(q.room, { id: room.id }, c.accessToken))).toBe('NOT_FOUND');
  });
});

describe('group rooms: who may do what', () => {
  let owner: TestUser, admin: TestUser, member: TestUser, outsider: TestUser, extra: TestUser;
  let roomId: string;
  beforeAll(async () => {
    [owner, admin, member, outsider, extra] = await Promise.all([register(t, 'own'), register(t, 'adm'), register(t, 'mem'), register(t, 'out'), register(t, 'ext')]);
    const room = await group(owner, [admin, member], 'Project X');
    roomId = room.id;
    expect(room).toMatchObject({ kind: 'GROUP', name: 'Project X', memberCount: 3, myRole: 'OWNER', createdBy: { id: owner.id } });
    expect((await t.gql(q.role, { r: roomId, u: admin.id, role: 'ADMIN' }, owner.accessToken)).errors).toBeUndefined();
  });

  it('room(id): members see it, outsiders get NOT_FOUND, anonymous UNAUTHENTICATED', async () => {
    expect((await t.gql(q.room, { id: roomId }, owner.accessToken)).data.room.myRole).toBe('OWNER');
    expect((await t.gql(q.room, { id: roomId }, admin.accessToken)).data.room.myRole).toBe('ADMIN');
    expect((await t.gql(q.room, { id: roomId }, member.accessToken)).data.room.myRole).toBe('MEMBER');
    const out = await t.gql(q.room, { id: roomId }, outsider.accessToken);
    expect(code(out)).toBe('NOT_FOUND');
    expect(out.data).toBeNull();
    expect(code(await t.gql(q.room, { id: roomId }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(q.room, { id: 'nope' }, owner.accessToken))).toBe('BAD_USER_INPUT');
  });

  it('members and messages: members only', async () => {
    await send(member, roomId, 'hello team');
    for (const u of [owner, admin, member]) {
      const m = await t.gql(q.members, { id: roomId }, u.accessToken);
      expect(m.data.room.members.totalCount).toBe(3);
      const msgs = await t.gql(q.messages, { id: roomId, last: 10 }, u.accessToken);
      expect(msgs.data.room.messages.edges.map((e: any) => e.node.body)).toContain('hello team');
    }
    expect(code(await t.gql(q.members, { id: roomId }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.messages, { id: roomId, last: 10 }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.messages, { id: roomId, last: 10 }))).toBe('UNAUTHENTICATED');
  });

  it('sendMessage: members only', async () => {
    expect(code(await t.gql(q.send, { i: { roomId, body: 'let me in' } }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.send, { i: { roomId, body: 'anon' } }))).toBe('UNAUTHENTICATED');
    expect((await t.gql(q.send, { i: { roomId, body: 'owner here' } }, owner.accessToken)).errors).toBeUndefined();
  });

  it('addMembers: owner and admin yes, member FORBIDDEN, outsider NOT_FOUND', async () => {
    expect(code(await t.gql(q.add, { r: roomId, u: [extra.id] }, member.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(q.add, { r: roomId, u: [extra.id] }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.add, { r: roomId, u: [extra.id] }))).toBe('UNAUTHENTICATED');
    const bad = await t.gql(q.add, { r: roomId, u: ['00000000-0000-4000-8000-000000000000'] }, owner.accessToken);
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(field(bad)).toBe('userIds');
    expect((await t.gql(q.add, { r: roomId, u: [extra.id] }, admin.accessToken)).data.addMembers.memberCount).toBe(4);
    // Adding again changes nothing.
    expect((await t.gql(q.add, { r: roomId, u: [extra.id] }, owner.accessToken)).data.addMembers.memberCount).toBe(4);
  });

  it('updateRoom: owner and admin yes, member FORBIDDEN, bad name BAD_USER_INPUT', async () => {
    expect((await t.gql(q.update, { r: roomId, i: { description: 'All about X' } }, admin.accessToken)).data.updateRoom.description).toBe('All about X');
    expect(code(await t.gql(q.update, { r: roomId, i: { name: 'Mine' } }, member.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(q.update, { r: roomId, i: { name: 'Mine' } }, outsider.accessToken))).toBe('NOT_FOUND');
    const bad = await t.gql(q.update, { r: roomId, i: { name: '   ' } }, owner.accessToken);
    expect(field(bad)).toBe('name');
    expect(field(await t.gql(q.update, { r: roomId, i: { name: 'x'.repeat(81) } }, owner.accessToken))).toBe('name');
  });

  it('setMemberRole: owner only; the last owner cannot step down', async () => {
    expect(code(await t.gql(q.role, { r: roomId, u: member.id, role: 'ADMIN' }, admin.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(q.role, { r: roomId, u: member.id, role: 'ADMIN' }, member.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(q.role, { r: roomId, u: member.id, role: 'ADMIN' }, outsider.accessToken))).toBe('NOT_FOUND');
    const last = await t.gql(q.role, { r: roomId, u: owner.id, role: 'MEMBER' }, owner.accessToken);
    expect(code(last)).toBe('BAD_USER_INPUT');
    expect(field(last)).toBe('role');
  });

  it('removeMember: admins remove members but not admins; the removed member loses access at once', async () => {
    expect(code(await t.gql(q.remove, { r: roomId, u: extra.id }, member.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(q.remove, { r: roomId, u: owner.id }, admin.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(q.remove, { r: roomId, u: extra.id }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.remove, { r: roomId, u: outsider.id }, owner.accessToken))).toBe('NOT_FOUND');
    expect((await t.gql(q.messages, { id: roomId, last: 5 }, extra.accessToken)).errors).toBeUndefined();
    expect((await t.gql(q.remove, { r: roomId, u: extra.id }, admin.accessToken)).data.removeMember.memberCount).toBe(3);
    expect(code(await t.gql(q.messages, { id: roomId, last: 5 }, extra.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.send, { i: { roomId, body: 'still here?' } }, extra.accessToken))).toBe('NOT_FOUND');
    const list = await t.gql(q.rooms, {}, extra.accessToken);
    expect(list.data.rooms.edges.map((e: any) => e.node.id)).not.toContain(roomId);
  });

  it('deleteRoom: owner only', async () => {
    const r = await group(owner, [admin, member], 'Doomed');
    expect(code(await t.gql(q.del, { r: r.id }, admin.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(q.del, { r: r.id }, member.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(q.del, { r: r.id }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.del, { r: r.id }))).toBe('UNAUTHENTICATED');
    expect((await t.gql(q.del, { r: r.id }, owner.accessToken)).data.deleteRoom).toBe(true);
    expect(code(await t.gql(q.room, { id: r.id }, owner.accessToken))).toBe('NOT_FOUND');
    const audit = await t.server.app.orm.em.fork().find(AuditEvent, { targetId: r.id });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['ROOM_CREATED', 'ROOM_DELETED']));
  });

  it('leaving as the last owner hands ownership on; the last member leaving deletes the room', async () => {
    const r = await group(owner, [admin, member], 'Handover');
    await t.gql(q.role, { r: r.id, u: member.id, role: 'ADMIN' }, owner.accessToken);
    expect((await t.gql(q.leave, { r: r.id }, owner.accessToken)).data.leaveRoom).toBe(true);
    // The longest-standing ADMIN inherits; in this room that is `member`, promoted above.
    const seen = await t.gql(q.members, { id: r.id }, admin.accessToken);
    const roles = Object.fromEntries(seen.data.room.members.edges.map((e: any) => [e.node.user.id, e.node.role]));
    expect(roles).toEqual({ [member.id]: 'OWNER', [admin.id]: 'MEMBER' });
    expect(code(await t.gql(q.room, { id: r.id }, owner.accessToken))).toBe('NOT_FOUND');
    await t.gql(q.leave, { r: r.id }, member.accessToken);
    expect((await t.gql(q.room, { id: r.id }, admin.accessToken)).data.room.myRole).toBe('OWNER');
    await t.gql(q.leave, { r: r.id }, admin.accessToken);
    const gone = await t.server.app.orm.em.fork().count(RoomEvent, { room: r.id });
    expect(gone).toBe(0);
  });

  it('validates group input', async () => {
    const noName = await t.gql(q.group, { i: { name: '', memberIds: [] } }, owner.accessToken);
    expect(field(noName)).toBe('name');
    const badIds = await t.gql(q.group, { i: { name: 'x', memberIds: ['zzz'] } }, owner.accessToken);
    expect(field(badIds)).toBe('memberIds');
    expect(code(await t.gql(q.group, { i: { name: 'x', memberIds: [] } }))).toBe('UNAUTHENTICATED');
  });
});

describe('public rooms', () => {
  it('are listed and joinable by anyone signed in; messages need joining', async () => {
    const [owner, visitor] = [await register(t), await register(t)];
    const name = `Lobby ${Date.now()}`;
    const room = (await t.gql(q.pub, { i: { name, description: 'Say hi' } }, owner.accessToken)).data.createPublicRoom;
    expect(room).toMatchObject({ kind: 'PUBLIC', myRole: 'OWNER', memberCount: 1 });
    await send(owner, room.id, 'welcome');
    const found = await t.gql(`query($s: String) { publicRooms(search: $s) { totalCount edges { node { id name memberCount myRole lastMessage { body } } } } }`, { s: name.slice(0, 12).toLowerCase() }, visitor.accessToken);
    const hit = found.data.publicRooms.edges.find((e: any) => e.node.id === room.id);
    expect(hit.node).toMatchObject({ name, memberCount: 1, myRole: null, lastMessage: null });
    expect((await t.gql(q.room, { id: room.id }, visitor.accessToken)).data.room.myRole).toBeNull();
    expect(code(await t.gql(q.messages, { id: room.id, last: 5 }, visitor.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(q.send, { i: { roomId: room.id, body: 'hi' } }, visitor.accessToken))).toBe('FORBIDDEN');
    const joined = await t.gql(q.join, { r: room.id }, visitor.accessToken);
    expect(joined.data.joinRoom).toMatchObject({ myRole: 'MEMBER', memberCount: 2 });
    expect((await t.gql(q.join, { r: room.id }, visitor.accessToken)).data.joinRoom.memberCount).toBe(2);
    expect((await t.gql(q.messages, { id: room.id, last: 5 }, visitor.accessToken)).data.room.messages.edges[0].node.body).toBe('welcome');
    expect(code(await t.gql(q.join, { r: room.id }))).toBe('UNAUTHENTICATED');
  });

  it('private rooms cannot be joined', async () => {
    const [owner, visitor] = [await register(t), await register(t)];
    const g = await group(owner, []);
    expect(code(await t.gql(q.join, { r: g.id }, visitor.accessToken))).toBe('NOT_FOUND');
  });
});

describe('messages', () => {
  let a: TestUser, b: TestUser, roomId: string;
  beforeAll(async () => {
    [a, b] = [await register(t), await register(t)];
    roomId = (await t.gql(q.direct, { u: b.id }, a.accessToken)).data.createDirectRoom.id;
  });

  it('are trimmed, validated, and persisted with sender, time and seq', async () => {
    const m = await send(a, roomId, '   hi there  ');
    expect(m).toMatchObject({ body: 'hi there', sender: { id: a.id }, room: { id: roomId } });
    expect(m.seq).toBeGreaterThan(0);
    expect(Date.now() - new Date(m.createdAt).getTime()).toBeLessThan(60_000);
    for (const body of ['', '    ', 'x'.repeat(4001)]) {
      const r = await t.gql(q.send, { i: { roomId, body } }, a.accessToken);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(field(r)).toBe('body');
    }
    expect((await t.gql(q.send, { i: { roomId, body: 'x'.repeat(4000) } }, a.accessToken)).errors).toBeUndefined();
    const badClient = await t.gql(q.send, { i: { roomId, body: 'ok', clientId: 'has spaces' } }, a.accessToken);
    expect(field(badClient)).toBe('clientId');
  });

  it('are idempotent on clientId, also when the same send races itself', async () => {
    const before = await t.server.app.orm.em.fork().count(Message, { room: roomId });
    const first = await send(a, roomId, 'once', 'client-1');
    const again = await send(a, roomId, 'once, retried', 'client-1');
    expect(again.id).toBe(first.id);
    expect(again.body).toBe('once');
    const racing = await Promise.all(Array.from({ length: 6 }, () => t.gql(q.send, { i: { roomId, body: 'race', clientId: 'client-2' } }, a.accessToken)));
    for (const r of racing) expect(r.errors).toBeUndefined();
    expect(new Set(racing.map((r) => r.data.sendMessage.id)).size).toBe(1);
    // The other person may use the same clientId: it is per sender.
    const theirs = await send(b, roomId, 'mine', 'client-1');
    expect(theirs.id).not.toBe(first.id);
    expect(await t.server.app.orm.em.fork().count(Message, { room: roomId })).toBe(before + 3);
  });

  it('answer a repeated clientId with the first message without taking a seq, and audit a filtered message once', async () => {
    const [x, y] = [await register(t), await register(t)];
    const rid = (await t.gql(q.direct, { u: y.id }, x.accessToken)).data.createDirectRoom.id;
    const lastSeq = async () => (await t.gql(q.room, { id: rid }, x.accessToken)).data.room.lastSeq;
    const first = await send(x, rid, 'shit happens', 'retry-1');
    expect(first.body).not.toMatch(/shit/);
    const seqAfterFirst = await lastSeq();
    expect(seqAfterFirst).toBe(first.seq);
    for (let i = 0; i < 3; i++) expect(await send(x, rid, 'shit happens', 'retry-1')).toEqual(first);
    expect(await lastSeq()).toBe(seqAfterFirst);
    const next = await send(x, rid, 'next', 'retry-2');
    expect(next.seq).toBe(first.seq + 1);
    const events = await t.server.app.orm.em.fork().find(RoomEvent, { room: rid }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'MessageAdded').map((e) => e.payload)).toEqual([
      { messageId: first.id, senderId: x.id },
      { messageId: next.id, senderId: x.id },
    ]);
    const audit = await t.server.app.orm.em.fork().find(AuditEvent, { targetId: first.id });
    expect(audit.map((e) => [e.action, e.actor?.id, e.metadata?.roomId])).toEqual([['MESSAGE_FILTERED', x.id, rid]]);
    // The sender has read what they sent; the other member has two unread.
    const members = (await t.gql(q.members, { id: rid }, x.accessToken)).data.room.members.edges.map((e: any) => e.node);
    expect(members.find((m: any) => m.user.id === x.id).lastReadSeq).toBe(next.seq);
    expect((await t.gql(q.room, { id: rid }, y.accessToken)).data.room.unreadCount).toBe(2);
    // The stored message reads back as the send returned it.
    const page = await t.gql(q.messages, { id: rid, last: 2 }, y.accessToken);
    expect(page.data.room.messages.edges.map((e: any) => e.node)).toMatchObject([
      { id: first.id, seq: first.seq, body: first.body, clientId: 'retry-1', sender: { id: x.id }, reactions: [] },
      { id: next.id, seq: next.seq, body: 'next', clientId: 'retry-2', sender: { id: x.id } },
    ]);
    const stored = await t.gql(`query($id: ID!) { room(id: $id) { messages(last: 1) { edges { node { createdAt } } } } }`, { id: rid }, y.accessToken);
    expect(stored.data.room.messages.edges[0].node.createdAt).toBe(next.createdAt);
  });

  it('refuse outsiders (NOT_FOUND for a private room, FORBIDDEN for a public one) without writing anything', async () => {
    const [owner, outsider] = [await register(t), await register(t)];
    const g = await group(owner, []);
    const pub = (await t.gql(q.pub, { i: { name: `Open ${Date.now()}` } }, owner.accessToken)).data.createPublicRoom;
    const seqs = async () => [g.id, pub.id].map(async (id) => (await t.gql(q.room, { id }, owner.accessToken)).data.room.lastSeq);
    const before = await Promise.all(await seqs());
    const audits = async () => t.server.app.orm.em.fork().count(AuditEvent, { actor: outsider.id, action: 'MESSAGE_FILTERED' });
    const r1 = await t.gql(q.send, { i: { roomId: g.id, body: 'fuck, let me in', clientId: 'o-1' } }, outsider.accessToken);
    expect([code(r1), field(r1)]).toEqual(['NOT_FOUND', 'roomId']);
    const r2 = await t.gql(q.send, { i: { roomId: pub.id, body: 'fuck, let me in', clientId: 'o-1' } }, outsider.accessToken);
    expect(code(r2)).toBe('FORBIDDEN');
    expect(code(await t.gql(q.send, { i: { roomId: '00000000-0000-4000-8000-000000000000', body: 'hello' } }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(field(await t.gql(q.send, { i: { roomId: 'not-an-id', body: 'hello' } }, outsider.accessToken))).toBe('roomId');
    expect(await Promise.all(await seqs())).toEqual(before);
    expect(await t.server.app.orm.em.fork().count(Message, { sender: outsider.id })).toBe(0);
    expect(await audits()).toBe(0);
    // Once a member, the same clientId sends.
    await t.gql(q.join, { r: pub.id }, outsider.accessToken);
    const ok = await send(outsider, pub.id, 'hello all', 'o-1');
    expect(ok.room.id).toBe(pub.id);
  });

  it('can be edited by the sender only and soft-deleted by the sender', async () => {
    const m = await send(a, roomId, 'typo heer');
    expect(code(await t.gql(q.edit, { m: m.id, b: 'hijack' }, b.accessToken))).toBe('FORBIDDEN');
    expect(field(await t.gql(q.edit, { m: m.id, b: ' ' }, a.accessToken))).toBe('body');
    const edited = await t.gql(q.edit, { m: m.id, b: 'typo here' }, a.accessToken);
    expect(edited.data.editMessage.body).toBe('typo here');
    expect(edited.data.editMessage.editedAt).toEqual(expect.any(String));
    expect(code(await t.gql(q.delMsg, { m: m.id }, b.accessToken))).toBe('FORBIDDEN');
    const outsider = await register(t);
    expect(code(await t.gql(q.delMsg, { m: m.id }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.edit, { m: m.id, b: 'x' }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.delMsg, { m: m.id }))).toBe('UNAUTHENTICATED');
    const deleted = await t.gql(q.delMsg, { m: m.id }, a.accessToken);
    expect(deleted.data.deleteMessage).toMatchObject({ body: '' });
    expect(deleted.data.deleteMessage.deletedAt).toEqual(expect.any(String));
    expect(code(await t.gql(q.edit, { m: m.id, b: 'resurrect' }, a.accessToken))).toBe('BAD_USER_INPUT');
    const page = await t.gql(q.messages, { id: roomId, last: 3 }, b.accessToken);
    const node = page.data.room.messages.edges.find((e: any) => e.node.id === m.id).node;
    expect(node.body).toBe('');
    expect(JSON.stringify(page)).not.toContain('typo here');
  });

  it('room owners and admins may delete others\' messages, and it is audited', async () => {
    const [owner, member] = [await register(t), await register(t)];
    const g = await group(owner, [member]);
    const m = await send(member, g.id, 'rude words');
    expect((await t.gql(q.delMsg, { m: m.id }, owner.accessToken)).data.deleteMessage.body).toBe('');
    const audit = await t.server.app.orm.em.fork().find(AuditEvent, { targetId: m.id });
    expect(audit.map((x) => x.action)).toContain('MESSAGE_DELETED_BY_MODERATOR');
  });

  it('take reactions from members, once per person per emoji', async () => {
    const m = await send(a, roomId, 'react to me');
    let r = await t.gql(q.react, { m: m.id, e: '👍' }, b.accessToken);
    expect(r.data.addReaction.reactions).toEqual([{ emoji: '👍', count: 1, reactedByMe: true }]);
    r = await t.gql(q.react, { m: m.id, e: '👍' }, b.accessToken);
    expect(r.data.addReaction.reactions).toEqual([{ emoji: '👍', count: 1, reactedByMe: true }]);
    r = await t.gql(q.react, { m: m.id, e: '👍' }, a.accessToken);
    expect(r.data.addReaction.reactions).toEqual([{ emoji: '👍', count: 2, reactedByMe: true }]);
    await Promise.all(['🎉', '❤️', '😂'].map((e) => t.gql(q.react, { m: m.id, e }, b.accessToken)));
    r = await t.gql(q.unreact, { m: m.id, e: '👍' }, b.accessToken);
    const reactions = r.data.removeReaction.reactions;
    expect(reactions).toHaveLength(4);
    expect(reactions.find((x: any) => x.emoji === '👍')).toEqual({ emoji: '👍', count: 1, reactedByMe: false });
    for (const bad of ['', 'abc', '1', 'x'.repeat(40), '<b>']) expect(field(await t.gql(q.react, { m: m.id, e: bad }, a.accessToken))).toBe('emoji');
    const outsider = await register(t);
    expect(code(await t.gql(q.react, { m: m.id, e: '👍' }, outsider.accessToken))).toBe('NOT_FOUND');
  });

  it('mask profanity, keep the message, and audit it', async () => {
    const m = await send(a, roomId, 'well fuck this');
    expect(m.body).not.toMatch(/fuck/);
    expect(m.body).toMatch(/^well \*+ this$/);
    const audit = await t.server.app.orm.em.fork().find(AuditEvent, { targetId: m.id });
    expect(audit.map((x) => x.action)).toContain('MESSAGE_FILTERED');
  });
});

describe('unread counts and markRead', () => {
  it('count what others sent since the read marker, and fall with markRead', async () => {
    const [a, b] = [await register(t), await register(t)];
    const roomId = (await t.gql(q.direct, { u: b.id }, a.accessToken)).data.createDirectRoom.id;
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await send(a, roomId, `m${i}`));
    await send(b, roomId, 'my own');
    const unread = async (u: TestUser) => (await t.gql(q.room, { id: roomId }, u.accessToken)).data.room.unreadCount;
    // Own messages never count; b's own send marks everything up to it read.
    expect(await unread(a)).toBe(1);
    expect(await unread(b)).toBe(0);
    await t.gql(q.read, { r: roomId, s: 1_000 }, a.accessToken);
    expect(await unread(a)).toBe(0);
    await send(a, roomId, 'later 1');
    const last = await send(a, roomId, 'later 2');
    expect(await unread(b)).toBe(2);
    expect((await t.gql(q.read, { r: roomId, s: last.seq - 1 }, b.accessToken)).data.markRead.unreadCount).toBe(1);
    const marker = await t.gql(`query($id: ID!) { room(id: $id) { myLastReadSeq directPeer { id } } }`, { id: roomId }, b.accessToken);
    expect(marker.data.room).toEqual({ myLastReadSeq: last.seq - 1, directPeer: { id: a.id } });
    expect((await t.gql(q.read, { r: roomId, s: 1 }, b.accessToken)).data.markRead.unreadCount).toBe(1);
    expect((await t.gql(q.read, { r: roomId, s: 1_000_000 }, b.accessToken)).data.markRead.unreadCount).toBe(0);
    expect(field(await t.gql(q.read, { r: roomId, s: -1 }, b.accessToken))).toBe('seq');
    const outsider = await register(t);
    expect(code(await t.gql(q.read, { r: roomId, s: 1 }, outsider.accessToken))).toBe('NOT_FOUND');
    const list = await t.gql(q.rooms, {}, b.accessToken);
    expect(list.data.rooms.edges[0].node).toMatchObject({ id: roomId, unreadCount: 0, lastMessage: { body: 'later 2' } });
  });
});

describe('room list', () => {
  it('orders by latest activity and pages with cursors', async () => {
    const [me, other] = [await register(t), await register(t)];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await group(me, [other], `R${i}`)).id);
    await send(other, ids[1], 'bump');
    const p1 = await t.gql(q.rooms, { first: 3 }, me.accessToken);
    expect(p1.data.rooms.totalCount).toBe(5);
    expect(p1.data.rooms.edges.map((e: any) => e.node.id)).toEqual([ids[1], ids[4], ids[3]]);
    expect(p1.data.rooms.edges[0].node).toMatchObject({ unreadCount: 1, lastMessage: { body: 'bump' } });
    const p2 = await t.gql(q.rooms, { first: 3, after: p1.data.rooms.pageInfo.endCursor }, me.accessToken);
    expect(p2.data.rooms.edges.map((e: any) => e.node.id)).toEqual([ids[2], ids[0]]);
    expect(p2.data.rooms.pageInfo.hasNextPage).toBe(false);
    expect(code(await t.gql(q.rooms, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('the room log', () => {
  it('gives every change a gapless seq, also under concurrent senders', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => register(t)));
    const g = await group(users[0], users.slice(1));
    await Promise.all(users.map((u, i) => Promise.all(Array.from({ length: 15 }, (_, j) => send(u, g.id, `u${i} m${j}`)))));
    const events = await t.server.app.orm.em.fork().find(RoomEvent, { room: g.id }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const messages = await t.server.app.orm.em.fork().find(Message, { room: g.id });
    expect(messages).toHaveLength(60);
    const eventSeqs = new Set(events.filter((e) => e.type === 'MessageAdded').map((e) => e.seq));
    for (const m of messages) expect(eventSeqs.has(m.seq)).toBe(true);
    const room = (await t.gql(q.room, { id: g.id }, users[0].accessToken)).data.room;
    expect(room.lastSeq).toBe(events.length);
  });
});

describe('history pagination', () => {
  it('pages back through 10,000 messages with stable cursors, in order, while new ones arrive', async () => {
    const [a, b] = [await register(t), await register(t)];
    const roomId = (await t.gql(q.direct, { u: b.id }, a.accessToken)).data.createDirectRoom.id;
    // Bulk-insert 10,000 messages straight into the log (sending them one by one would only test the clock).
    const em = t.server.app.orm.em.fork();
    const { Room } = await import('../src/modules/rooms/room.entity.js');
    const { User } = await import('../src/modules/users/user.entity.js');
    const room = await em.findOneOrFail(Room, { id: roomId });
    const start = room.lastSeq;
    const N = 10_000;
    for (let i = 0; i < N; i += 1000) {
      await em.transactional(async (tx) => {
        for (let j = i; j < i + 1000; j++) {
          const seq = start + j + 1;
          const m = tx.create(Message, { room: tx.getReference(Room, roomId), sender: tx.getReference(User, j % 2 ? a.id : b.id), seq, body: `bulk ${j}`, createdAt: new Date(Date.now() - (N - j) * 1000) });
          tx.create(RoomEvent, { room: tx.getReference(Room, roomId), seq, type: 'MessageAdded', payload: { messageId: m.id } });
        }
      });
    }
    await em.nativeUpdate(Room, { id: roomId }, { lastSeq: start + N });

    const seen: number[] = [];
    let before: string | undefined;
    let pages = 0;
    for (;;) {
      const r = await t.gql(q.messages, { id: roomId, last: 100, before }, a.accessToken);
      expect(r.errors).toBeUndefined();
      const conn = r.data.room.messages;
      const seqs = conn.edges.map((e: any) => e.node.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      seen.unshift(...seqs);
      pages++;
      if (pages === 3) {
        // New messages arriving mid-scroll must not shift the older pages.
        await send(a, roomId, 'arrived while scrolling');
      }
      if (!conn.pageInfo.hasPreviousPage) break;
      before = conn.pageInfo.startCursor;
    }
    expect(pages).toBe(100);
    expect(seen).toHaveLength(N);
    expect(seen).toEqual(Array.from({ length: N }, (_, i) => start + i + 1));

    // Forward paging from the start meets the same order.
    const fwd = await t.gql(q.messages, { id: roomId, first: 5 }, a.accessToken);
    expect(fwd.data.room.messages.edges.map((e: any) => e.node.body)).toEqual(['bulk 0', 'bulk 1', 'bulk 2', 'bulk 3', 'bulk 4']);
    const fwd2 = await t.gql(q.messages, { id: roomId, first: 2, after: fwd.data.room.messages.pageInfo.endCursor }, a.accessToken);
    expect(fwd2.data.room.messages.edges.map((e: any) => e.node.body)).toEqual(['bulk 5', 'bulk 6']);
    expect(fwd2.data.room.messages.pageInfo.hasPreviousPage).toBe(true);
    expect(code(await t.gql(q.messages, { id: roomId, first: 2, last: 2 }, a.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(q.messages, { id: roomId, last: 101 }, a.accessToken))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(q.messages, { id: roomId, last: 5, before: 'garbage' }, a.accessToken))).toBe('BAD_USER_INPUT');
  }, 120_000);
});

describe('account deletion and rooms', () => {
  it('keeps messages with a null sender and hands on ownership', async () => {
    const [owner, member] = [await register(t), await register(t)];
    const g = await group(owner, [member]);
    await send(owner, g.id, 'bye all');
    await t.gql(`mutation($p: String!) { deleteAccount(password: $p) }`, { p: owner.password }, owner.accessToken);
    const r = await t.gql(`query($id: ID!) { room(id: $id) { myRole memberCount messages(last: 5) { edges { node { body sender { id } } } } } }`, { id: g.id }, member.accessToken);
    expect(r.data.room.myRole).toBe('OWNER');
    expect(r.data.room.memberCount).toBe(1);
    expect(r.data.room.messages.edges[0].node).toEqual({ body: 'bye all', sender: null });
  });
});
