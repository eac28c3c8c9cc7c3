import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { register, startServer, type TestServer, type TestUser } from './harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const ROOM_LIST = `{ rooms(first: 50) { edges { node { id memberCount myLastReadSeq directPeer { username } lastMessage { body sender { username } } unreadCount
  members(first: 5) { edges { node { user { username isOnline } } } } } } } }`;

async function withRooms(n: number): Promise<TestUser> {
  const me = await register(t, 'viewer');
  const friends = await Promise.all(Array.from({ length: 6 }, () => register(t, 'friend')));
  for (let i = 0; i < n; i++) {
    const members = friends.slice(0, 1 + (i % friends.length));
    const r = await t.gql(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: `room ${i}`, memberIds: members.map((m) => m.id) } }, me.accessToken);
    const roomId = r.data.createGroupRoom.id;
    await t.gql(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { roomId, body: `hello ${i}` } }, members[0].accessToken);
  }
  return me;
}

/** Waits until the server has issued no SQL for a while (the viewer fan-out after the sends runs in the background). */
async function quiet() {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const now = diagnostics(t.server).counters.sqlStatements;
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Statements issued while serving one room-list request. The counter is server-wide and background work can only
 * add to it, so take the least of three quiet measurements.
 */
async function countStatements(token: string): Promise<{ statements: number; rooms: number }> {
  await t.gql(`{ me { id } }`, {}, token); // settle lastSeenAt so it does not write during the measured request
  let statements = Number.POSITIVE_INFINITY;
  let rooms = 0;
  for (let i = 0; i < 3; i++) {
    await quiet();
    const before = diagnostics(t.server).counters.sqlStatements;
    const r = await t.gql(ROOM_LIST, {}, token);
    expect(r.errors).toBeUndefined();
    statements = Math.min(statements, diagnostics(t.server).counters.sqlStatements - before);
    rooms = r.data.rooms.edges.length;
  }
  return { statements, rooms };
}

describe('room list statement count', () => {
  it('is the same for 1 room and for 40 rooms (DataLoaders batch every field)', async () => {
    const one = await countStatements((await withRooms(1)).accessToken);
    const forty = await countStatements((await withRooms(40)).accessToken);
    expect(one.rooms).toBe(1);
    expect(forty.rooms).toBe(40);
    expect(one.statements).toBeGreaterThan(0);
    expect(forty.statements).toBe(one.statements);
    // Auth (1), rooms page (1), memberships, counts, last messages, unread, members, users: a small constant.
    expect(forty.statements).toBeLessThanOrEqual(10);
  }, 120_000);
});
