/** Direct rooms: one per pair, never with yourself, no member management. */
import { code, field, register, type TestServer } from './harness.js';
import { q, useRoomsFixture } from './rooms-helpers.js';

let t: TestServer;
useRoomsFixture((server) => (t = server));

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
