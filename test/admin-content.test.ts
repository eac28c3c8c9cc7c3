import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { Message } from '../src/modules/messages/message.entity.js';
import { code, field, register, uniqueName, type TestServer, type TestUser } from './harness.js';
import { useAdminFixture } from './admin-helpers.js';

let t: TestServer;
let admin: TestUser;
let mod: TestUser;
let plain: TestUser;
useAdminFixture((f) => ({ t, admin, mod, plain } = f));

const ADMIN_ROOMS = `query($f: AdminRoomFilter, $first: Int, $after: String) {
  adminRooms(filter: $f, first: $first, after: $after) {
    totalCount edges { cursor node { id kind name memberCount messageCount lastActivityAt createdBy { id } } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
const ADMIN_MESSAGES = `query($f: AdminMessageFilter, $first: Int, $after: String) {
  adminMessages(filter: $f, first: $first, after: $after) {
    totalCount edges { cursor node { id seq body createdAt deletedAt room { id name kind } sender { id username } } } pageInfo { hasNextPage endCursor }
  }
}`;
const GROUP = `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`;
const PUBLIC = `mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { id } }`;
const DIRECT = `mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq createdAt } }`;
const DELETE = `mutation($m: ID!) { deleteMessage(messageId: $m) { id deletedAt body } }`;

async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const r = await t.gql(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

async function send(u: TestUser, roomId: string, body: string): Promise<{ id: string; seq: number; createdAt: string }> {
  return (await ok(SEND, { i: { roomId, body } }, u.accessToken)).sendMessage;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('adminRooms', () => {
  it('is for ADMIN and MODERATOR: FORBIDDEN for users, UNAUTHENTICATED for anonymous', async () => {
    for (const who of [admin, mod]) expect((await t.gql(ADMIN_ROOMS, { first: 2 }, who.accessToken)).errors).toBeUndefined();
    expect(code(await t.gql(ADMIN_ROOMS, {}, plain.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(ADMIN_ROOMS, {}))).toBe('UNAUTHENTICATED');
  });

  it('lists every room, most recent activity first, with member and message counts, filtered by name and kind', async () => {
    const tag = uniqueName('rooms');
    const a = await register(t, 'ra');
    const b = await register(t, 'rb');
    const group = (await ok(GROUP, { i: { name: `${tag} group`, memberIds: [b.id] } }, a.accessToken)).createGroupRoom.id;
    await sleep(5);
    const pub = (await ok(PUBLIC, { i: { name: `${tag} Public` } }, b.accessToken)).createPublicRoom.id;
    await sleep(5);
    const direct = (await ok(DIRECT, { u: b.id }, a.accessToken)).createDirectRoom.id;
    await sleep(5);
    for (const body of ['one', 'two', 'three']) await send(a, group, body);
    const gone = await send(b, group, 'four');
    await ok(DELETE, { m: gone.id }, b.accessToken);
    await send(a, direct, 'hi');

    const all = (await ok(ADMIN_ROOMS, { first: 100 }, mod.accessToken)).adminRooms;
    const mine = all.edges.map((e: any) => e.node).filter((n: any) => [group, pub, direct].includes(n.id));
    // Newest activity first: the direct room had the last message, then the group; the public room is quiet.
    expect(mine.map((n: any) => n.id)).toEqual([direct, group, pub]);
    expect(mine.find((n: any) => n.id === group)).toMatchObject({ kind: 'GROUP', memberCount: 2, messageCount: 3, createdBy: { id: a.id } });
    expect(mine.find((n: any) => n.id === pub)).toMatchObject({ kind: 'PUBLIC', memberCount: 1, messageCount: 0 });
    expect(mine.find((n: any) => n.id === direct)).toMatchObject({ kind: 'DIRECT', name: null, memberCount: 2, messageCount: 1 });
    const times = all.edges.map((e: any) => Date.parse(e.node.lastActivityAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));

    const names = async (f: Record<string, unknown>) => {
      const r = (await ok(ADMIN_ROOMS, { f, first: 100 }, admin.accessToken)).adminRooms;
      expect(r.totalCount).toBe(r.edges.length);
      return r.edges.map((e: any) => e.node.id).sort();
    };
    expect(await names({ search: tag.toUpperCase() })).toEqual([group, pub].sort());
    expect(await names({ search: tag, kind: 'PUBLIC' })).toEqual([pub]);
    expect(await names({ search: `${tag} group`, kind: 'GROUP' })).toEqual([group]);
    expect(await names({ search: tag, kind: 'DIRECT' })).toEqual([]);
    expect((await names({ kind: 'DIRECT' })).includes(direct)).toBe(true);
  });

  it('pages with keyset cursors and refuses bad arguments', async () => {
    const tag = uniqueName('rpage');
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push((await ok(PUBLIC, { i: { name: `${tag} ${i}` } }, plain.accessToken)).createPublicRoom.id);
      await sleep(3);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const r: any = (await ok(ADMIN_ROOMS, { f: { search: tag }, first: 2, after }, admin.accessToken)).adminRooms;
      expect(r.totalCount).toBe(5);
      seen.push(...r.edges.map((e: any) => e.node.id));
      after = r.pageInfo.endCursor;
      expect(r.pageInfo.hasNextPage).toBe(page < 2);
    }
    expect(seen).toEqual([...made].reverse());
    let r = await t.gql(ADMIN_ROOMS, { first: 101 }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'first']);
    r = await t.gql(ADMIN_ROOMS, { after: 'zzz' }, admin.accessToken);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'after']);
    r = await t.gql(ADMIN_ROOMS, { f: { kind: 'SECRET' } }, admin.accessToken);
    expect(code(r)).toBe('BAD_USER_INPUT');
  });

  it('keeps messageCount for staff: a member asking for it gets FORBIDDEN on that field only', async () => {
    const room = (await ok(PUBLIC, { i: { name: uniqueName('count') } }, plain.accessToken)).createPublicRoom.id;
    await send(plain, room, 'hello');
    const r = await t.gql(`query($id: ID!) { room(id: $id) { id memberCount messageCount } }`, { id: room }, plain.accessToken);
    expect(r.data.room).toEqual({ id: room, memberCount: 1, messageCount: null });
    expect(code(r)).toBe('FORBIDDEN');
    expect(r.errors![0].path).toEqual(['room', 'messageCount']);
  });
});

describe('adminMessages', () => {
  let a: TestUser;
  let b: TestUser;
  let roomA: string;
  let roomB: string;
  const sent: Record<string, { id: string; createdAt: string }> = {};
  let tag: string;

  beforeAll(async () => {
    tag = uniqueName('msg');
    a = await register(t, 'ma');
    b = await register(t, 'mb');
    roomA = (await ok(GROUP, { i: { name: `${tag} A`, memberIds: [b.id] } }, a.accessToken)).createGroupRoom.id;
    roomB = (await ok(GROUP, { i: { name: `${tag} B`, memberIds: [] } }, b.accessToken)).createGroupRoom.id;
    for (const [who, room, key] of [
      [a, roomA, 'a1'],
      [b, roomA, 'b1'],
      [a, roomA, 'a2'],
      [b, roomB, 'b2'],
      [b, roomB, 'b3'],
    ] as const) {
      sent[key] = await send(who, room, `${tag} ${key} ${key === 'b2' ? 'Needle in here' : 'hay'}`);
      await sleep(3);
    }
    await ok(DELETE, { m: sent.b3.id }, b.accessToken);
  });

  const ids = async (f: Record<string, unknown>, token = admin.accessToken) => {
    const r = await t.gql(ADMIN_MESSAGES, { f, first: 100 }, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    expect(r.data.adminMessages.totalCount).toBe(r.data.adminMessages.edges.length);
    return r.data.adminMessages.edges.map((e: any) => e.node.id);
  };
  const key = (...keys: string[]) => keys.map((k) => sent[k].id);

  it('is for ADMIN and MODERATOR: FORBIDDEN for users, UNAUTHENTICATED for anonymous', async () => {
    expect((await t.gql(ADMIN_MESSAGES, { first: 1 }, admin.accessToken)).errors).toBeUndefined();
    expect((await t.gql(ADMIN_MESSAGES, { first: 1 }, mod.accessToken)).errors).toBeUndefined();
    expect(code(await t.gql(ADMIN_MESSAGES, {}, a.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(ADMIN_MESSAGES, {}))).toBe('UNAUTHENTICATED');
  });

  it('shows messages from rooms the admin is not in, newest first, with room and sender', async () => {
    const r = (await ok(ADMIN_MESSAGES, { f: { contains: tag }, first: 100 }, mod.accessToken)).adminMessages;
    expect(r.edges.map((e: any) => e.node.id)).toEqual(key('b2', 'a2', 'b1', 'a1'));
    expect(r.edges[0].node).toMatchObject({ body: `${tag} b2 Needle in here`, room: { id: roomB, name: `${tag} B`, kind: 'GROUP' }, sender: { id: b.id, username: b.username }, deletedAt: null });
  });

  it('filters by room, sender, text, time window and deletion, combined', async () => {
    expect(await ids({ contains: tag, roomId: roomA })).toEqual(key('a2', 'b1', 'a1'));
    expect(await ids({ contains: tag, senderId: b.id })).toEqual(key('b2', 'b1'));
    expect(await ids({ roomId: roomA, senderId: b.id })).toEqual(key('b1'));
    expect(await ids({ contains: 'NEEDLE' })).toEqual(key('b2'));
    expect(await ids({ contains: tag, includeDeleted: true })).toEqual(key('b3', 'b2', 'a2', 'b1', 'a1'));
    expect(await ids({ roomId: roomB, includeDeleted: true, senderId: b.id })).toEqual(key('b3', 'b2'));
    expect(await ids({ contains: tag, since: sent.b1.createdAt })).toEqual(key('b2', 'a2', 'b1'));
    expect(await ids({ contains: tag, until: sent.b1.createdAt })).toEqual(key('a1'));
    expect(await ids({ contains: tag, since: sent.b1.createdAt, until: sent.b2.createdAt, roomId: roomA })).toEqual(key('a2', 'b1'));
    const deleted = (await ok(ADMIN_MESSAGES, { f: { roomId: roomB, includeDeleted: true }, first: 1 }, admin.accessToken)).adminMessages.edges[0].node;
    expect(deleted).toMatchObject({ id: sent.b3.id, body: '', deletedAt: expect.any(String) });
  });

  it('pages with keyset cursors', async () => {
    const p1 = (await ok(ADMIN_MESSAGES, { f: { contains: tag }, first: 3 }, admin.accessToken)).adminMessages;
    expect(p1.totalCount).toBe(4);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await ok(ADMIN_MESSAGES, { f: { contains: tag }, first: 3, after: p1.pageInfo.endCursor }, admin.accessToken)).adminMessages;
    expect([...p1.edges, ...p2.edges].map((e: any) => e.node.id)).toEqual(key('b2', 'a2', 'b1', 'a1'));
    expect(p2.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses malformed filters with BAD_USER_INPUT naming the field', async () => {
    for (const [f, name] of [
      [{ roomId: 'x' }, 'filter.roomId'],
      [{ senderId: 'x' }, 'filter.senderId'],
      [{ contains: 'x'.repeat(201) }, 'filter.contains'],
    ] as const) {
      const r = await t.gql(ADMIN_MESSAGES, { f }, admin.accessToken);
      expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', name]);
    }
    expect(await ids({ roomId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
  });
});

describe('moderators delete any message', () => {
  it('lets a MODERATOR or ADMIN outside the room delete a message, audited; an outsider USER cannot', async () => {
    const owner = await register(t, 'downer');
    const room = (await ok(GROUP, { i: { name: uniqueName('private'), memberIds: [] } }, owner.accessToken)).createGroupRoom.id;
    const m1 = await send(owner, room, 'rule-breaking text');
    const m2 = await send(owner, room, 'more of it');

    const outsider = await t.gql(DELETE, { m: m1.id }, plain.accessToken);
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(code(outsider));
    expect(code(await t.gql(DELETE, { m: m1.id }))).toBe('UNAUTHENTICATED');

    for (const [who, m] of [
      [mod, m1],
      [admin, m2],
    ] as const) {
      const r = await t.gql(DELETE, { m: m.id }, who.accessToken);
      expect(r.errors).toBeUndefined();
      expect(r.data.deleteMessage).toMatchObject({ id: m.id, deletedAt: expect.any(String), body: '' });
      const audit = await t.server.app.orm.em.fork().find(AuditEvent, { targetId: m.id, action: 'MESSAGE_DELETED_BY_MODERATOR' });
      expect(audit).toHaveLength(1);
      expect(audit[0].actor?.id).toBe(who.id);
    }
    const rows = await t.server.app.orm.em.fork().find(Message, { id: { $in: [m1.id, m2.id] } });
    expect(rows.every((m) => m.deletedAt)).toBe(true);
    const log = (await ok(`query($f: AuditEventFilter) { auditEvents(filter: $f) { edges { node { action actor { id } target { __typename ... on Message { id } } } } } }`, { f: { targetId: m1.id } }, admin.accessToken)).auditEvents;
    expect(log.edges[0].node).toEqual({ action: 'MESSAGE_DELETED_BY_MODERATOR', actor: { id: mod.id }, target: { __typename: 'Message', id: m1.id } });
  });
});
