import { DEMO_PASSWORD, seedDemo } from '../src/modules/admin/seed.js';
import { Message } from '../src/modules/messages/message.entity.js';
import { RoomEvent } from '../src/modules/rooms/room-event.entity.js';
import { Room } from '../src/modules/rooms/room.entity.js';
import { User } from '../src/modules/users/user.entity.js';
import { startServer, waitFor, type TestServer } from './harness.js';
import { subscribe } from './realtime-helpers.js';

let t: TestServer;

beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

describe('npm run seed (seedDemo)', () => {
  it('fills an empty database with demo users, rooms of every kind and a gapless history, once', async () => {
    const lines: string[] = [];
    const result = await seedDemo(t.server.app, { messages: 1200, extraUsers: 1500, log: (l) => lines.push(l), progress: (l) => lines.push(l) });
    expect(result.seeded).toBe(true);
    expect(result.messages).toBe(1204);
    expect(lines).toContain('messages: 1200/1200');
    expect(lines).toContain('extra users: 1500/1500');
    expect(new Set(result.rooms.map((r) => r.kind))).toEqual(new Set(['PUBLIC', 'GROUP', 'DIRECT']));

    const em = t.server.app.orm.em.fork();
    expect(await em.count(User)).toBe(12 + 1500);
    expect(await em.count(Message)).toBe(1204);
    for (const room of await em.find(Room, {})) {
      const events = await em.find(RoomEvent, { room: room.id }, { orderBy: { seq: 'asc' } });
      // Seq is gapless from 1 and rooms.last_seq is the latest one.
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: room.lastSeq }, (_, i) => i + 1));
      const messages = await em.find(Message, { room: room.id }, { orderBy: { seq: 'asc' } });
      const added = events.filter((e) => e.type === 'MessageAdded');
      expect(added.map((e) => [e.seq, (e.payload as { messageId: string }).messageId])).toEqual(messages.map((m) => [m.seq, m.id]));
      const times = messages.map((m) => m.createdAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(room.lastActivityAt.getTime()).toBeGreaterThanOrEqual(times[times.length - 1] ?? 0);
    }

    const again = await seedDemo(t.server.app, { messages: 10, log: (l) => lines.push(l) });
    expect(again.seeded).toBe(false);
    expect(await em.fork().count(Message)).toBe(1204);
  });

  it('gives a newcomer a living chat: ada signs in as ADMIN, sees her rooms with unread counts, history and a live stream', async () => {
    const login = await t.gql(`mutation { login(input: { username: "ada", password: "${DEMO_PASSWORD}" }) { accessToken user { role } } }`);
    expect(login.errors).toBeUndefined();
    expect(login.data.login.user.role).toBe('ADMIN');
    const token = login.data.login.accessToken;

    const rooms = await t.gql(`{ rooms(first: 20) { totalCount edges { node { id name kind lastSeq unreadCount lastMessage { body sender { username } } } } } }`, {}, token);
    expect(rooms.errors).toBeUndefined();
    const nodes = rooms.data.rooms.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.kind)).toEqual(expect.arrayContaining(['PUBLIC', 'GROUP', 'DIRECT']));
    const general = nodes.find((n: any) => n.name === 'general');
    expect(general.lastMessage.sender.username).toBe('grace');
    expect(nodes.some((n: any) => n.unreadCount > 0)).toBe(true);

    const history = await t.gql(`query($id: ID!) { room(id: $id) { messages(last: 50) { edges { node { seq body sender { username } } } } } }`, { id: general.id }, token);
    expect(history.data.room.messages.edges).toHaveLength(50);

    const admin = await t.gql(`{ adminUsers(filter: { banned: true }, first: 1) { totalCount } adminRooms(first: 20) { edges { node { name messageCount } } } }`, {}, token);
    expect(admin.errors).toBeUndefined();
    expect(admin.data.adminUsers.totalCount).toBeGreaterThan(0);
    expect(admin.data.adminRooms.edges.reduce((s: number, e: any) => s + e.node.messageCount, 0)).toBe(1204);

    const client = t.ws(token);
    const events = subscribe(client, `subscription($r: ID!, $a: Int) { roomEvents(roomId: $r, afterSeq: $a) { __typename seq ... on MessageAdded { message { body } } } }`, { r: general.id, a: general.lastSeq - 3 });
    await waitFor(() => events.events.length >= 3, 'the three replayed events');
    expect(events.events.map((e: any) => e.seq)).toEqual([general.lastSeq - 2, general.lastSeq - 1, general.lastSeq]);
    events.dispose();
  });
});
