import { NOT_POSSIBLE } from '../src/modules/reach/reach.service.js';
import { register, startServer, type TestServer } from './harness.js';
import { audits, ok, P, refused } from './people-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const Q = {
  block: `mutation($u: ID!) { blockUser(userId: $u) { id blockedByMe } }`,
  unblock: `mutation($u: ID!) { unblockUser(userId: $u) { id blockedByMe } }`,
  blocked: `query { blockedUsers(first: 10) { totalCount edges { node { id } } } }`,
  user: `query($id: ID!) { user(id: $id) { id blockedByMe } }`,
};
const notPossible = new RegExp(`^${NOT_POSSIBLE.replace('.', '\\.')}$`);

describe('blocking', () => {
  it('is for signed-in users, not for yourself or nobody, and lists only your own blocks', async () => {
    const [a, b, c] = await Promise.all([register(t, 'a'), register(t, 'b'), register(t, 'c')]);
    refused(await t.gql(Q.block, { u: b.id }), 'UNAUTHENTICATED');
    refused(await t.gql(Q.blocked, {}), 'UNAUTHENTICATED');
    refused(await t.gql(Q.block, { u: a.id }, a.accessToken), 'BAD_USER_INPUT', /yourself/);
    refused(await t.gql(Q.block, { u: '00000000-0000-4000-8000-000000000000' }, a.accessToken), 'NOT_FOUND');
    refused(await t.gql(Q.unblock, { u: b.id }, a.accessToken), 'NOT_FOUND');
    expect((await ok(t, Q.block, { u: b.id }, a)).blockUser.blockedByMe).toBe(true);
    await ok(t, Q.block, { u: b.id }, a); // twice: still one
    expect((await ok(t, Q.blocked, {}, a)).blockedUsers).toMatchObject({ totalCount: 1, edges: [{ node: { id: b.id } }] });
    // Private: b sees nothing of it, c neither.
    expect((await ok(t, Q.blocked, {}, b)).blockedUsers.totalCount).toBe(0);
    expect((await ok(t, Q.user, { id: a.id }, b)).user.blockedByMe).toBe(false);
    expect((await ok(t, Q.user, { id: b.id }, c)).user.blockedByMe).toBe(false);
    expect((await ok(t, Q.unblock, { u: b.id }, a)).unblockUser.blockedByMe).toBe(false);
    expect((await ok(t, Q.blocked, {}, a)).blockedUsers.totalCount).toBe(0);
    expect((await audits(t, { actor: a.id, action: { $in: ['USER_BLOCKED', 'USER_UNBLOCKED'] } })).map((e) => e.action)).toEqual(['USER_BLOCKED', 'USER_UNBLOCKED']);
  });

  it('stops a blocked person from opening a direct room, adding or sending, and tells them only that it is not possible', async () => {
    const [a, b, c] = await Promise.all([register(t, 'a'), register(t, 'b'), register(t, 'c')]);
    const directId = (await ok(t, P.direct, { u: b.id }, a)).createDirectRoom.id;
    await ok(t, P.send, { r: directId, b: 'before' }, b);
    const shared = (await ok(t, P.group, { i: { name: 'Shared', memberIds: [a.id, b.id] } }, c)).createGroupRoom.id;
    const bGroup = (await ok(t, P.group, { i: { name: "b's", memberIds: [] } }, b)).createGroupRoom.id;
    await ok(t, Q.block, { u: b.id }, a);

    // The blocked person: every refusal reads the same.
    refused(await t.gql(P.direct, { u: a.id }, b.accessToken), 'FORBIDDEN', notPossible);
    refused(await t.gql(P.send, { r: directId, b: 'after' }, b.accessToken), 'FORBIDDEN', notPossible);
    refused(await t.gql(P.add, { r: bGroup, u: [a.id] }, b.accessToken), 'FORBIDDEN', notPossible);
    refused(await t.gql(P.group, { i: { name: 'New', memberIds: [a.id, c.id] } }, b.accessToken), 'FORBIDDEN', notPossible);
    // The blocker is told why (it is their own choice).
    refused(await t.gql(P.direct, { u: b.id }, a.accessToken), 'FORBIDDEN', /You blocked this person/);
    refused(await t.gql(P.send, { r: directId, b: 'mine' }, a.accessToken), 'FORBIDDEN', /unblock them/);
    // Others are not affected, and a shared group still works for both.
    await ok(t, P.direct, { u: a.id }, c);
    await ok(t, P.send, { r: shared, b: 'still here' }, b);
    await ok(t, P.send, { r: shared, b: 'me too' }, a);
    // Nothing was written by the refused calls.
    const msgs = await ok(t, `query($id: ID!) { room(id: $id) { messages(last: 10) { edges { node { body } } } } }`, { id: directId }, a);
    expect(msgs.room.messages.edges.map((e: any) => e.node.body)).toEqual(['before']);
    expect((await ok(t, P.members, { id: bGroup }, b)).room.members.edges).toHaveLength(1);

    await ok(t, Q.unblock, { u: b.id }, a);
    await ok(t, P.send, { r: directId, b: 'after unblock' }, b);
    await ok(t, P.add, { r: bGroup, u: [a.id] }, b);
  });

  it('a block racing the opening of a direct room never lets the room through afterwards', async () => {
    for (let i = 0; i < 4; i++) {
      const [a, b] = await Promise.all([register(t, 'a'), register(t, 'b')]);
      const results = await Promise.all([
        t.gql(P.direct, { u: a.id }, b.accessToken),
        t.gql(Q.block, { u: b.id }, a.accessToken),
        t.gql(P.direct, { u: a.id }, b.accessToken),
      ]);
      expect(results[1].errors).toBeUndefined();
      const created = [results[0], results[2]].filter((r) => !r.errors).map((r) => r.data.createDirectRoom.id);
      for (const r of [results[0], results[2]]) if (r.errors) refused(r, 'FORBIDDEN', notPossible);
      // At most one room, and whichever way it went, b can neither open it now nor send in it.
      expect(new Set(created).size).toBeLessThanOrEqual(1);
      refused(await t.gql(P.direct, { u: a.id }, b.accessToken), 'FORBIDDEN', notPossible);
      if (created.length) refused(await t.gql(P.send, { r: created[0], b: 'hi' }, b.accessToken), 'FORBIDDEN', notPossible);
    }
  });
});
