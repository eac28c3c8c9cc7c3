/** Group rooms: who may do what (owner, admin, member, outsider, anonymous), handing on ownership, and deleted accounts. */
import { RoomEvent } from '../src/modules/rooms/room-event.entity.js';
import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { code, field, register, type TestServer, type TestUser } from './harness.js';
import { q, useRoomsFixture } from './rooms-helpers.js';

let t: TestServer;
const { send, group } = useRoomsFixture((server) => (t = server));

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
