/** Reading rooms: unread counts and markRead, the room list by latest activity, and paging back through history. */
import { Message } from '../src/modules/messages/message.entity.js';
import { RoomEvent } from '../src/modules/rooms/room-event.entity.js';
import { code, field, register, type TestServer, type TestUser } from './harness.js';
import { q, useRoomsFixture } from './rooms-helpers.js';

let t: TestServer;
const { send, group } = useRoomsFixture((server) => (t = server));

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

describe('one lock order for a room and its members', () => {
  // A send takes the room's row (its seq), then updates the sender's read marker. Moving a read marker, changing a
  // role and removing a member each update a membership and then log a room event: if they took the member's row
  // first, a send at the same moment could wait on them while they wait on it, and PostgreSQL would cancel one as a
  // deadlock (a send that failed with "Something went wrong", seen in the web app). Every pair must succeed.
  it('a member reading and sending at the same moment: both succeed, every time', async () => {
    const [a, b] = [await register(t), await register(t)];
    const roomId = (await group(a, [b])).id;
    for (let i = 0; i < 40; i++) {
      const theirs = await send(b, roomId, `from b ${i}`);
      const [read, sent] = await Promise.all([
        t.gql(q.read, { r: roomId, s: theirs.seq }, a.accessToken),
        t.gql(q.send, { i: { roomId, body: `from a ${i}` } }, a.accessToken),
      ]);
      expect(read.errors).toBeUndefined();
      expect(sent.errors).toBeUndefined();
    }
    const history = await t.gql(q.messages, { id: roomId, last: 100 }, a.accessToken);
    expect(history.data.room.messages.edges.map((e: { node: { body: string } }) => e.node.body).filter((b: string) => b.startsWith('from a'))).toHaveLength(40);
  });

  it('role changes against a sending member: both succeed, every time', async () => {
    const [a, b] = [await register(t), await register(t)];
    const roomId = (await group(a, [b])).id;
    const setRole = `mutation($r: ID!, $u: ID!, $role: MemberRole!) { setMemberRole(roomId: $r, userId: $u, role: $role) { id } }`;
    for (let i = 0; i < 20; i++) {
      const [role, sent] = await Promise.all([
        t.gql(setRole, { r: roomId, u: b.id, role: i % 2 ? 'MEMBER' : 'ADMIN' }, a.accessToken),
        t.gql(q.send, { i: { roomId, body: `b ${i}` } }, b.accessToken),
      ]);
      expect(role.errors).toBeUndefined();
      expect(sent.errors).toBeUndefined();
    }
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
  }, 300_000); // 10,000 rows paged through: minutes on a machine whose cores are busy elsewhere
});
