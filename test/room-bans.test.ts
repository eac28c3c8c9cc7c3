import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { audits, memberIds, ok, P, refused } from './people-helpers.js';
import { ROOM_EVENTS, streamsReady, subscribe } from './realtime-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

/** A public room with an owner, an admin and two members. */
async function cast() {
  const [owner, admin, member, target, outsider] = await Promise.all([register(t, 'owner'), register(t, 'admin'), register(t, 'member'), register(t, 'target'), register(t, 'outsider')]);
  const roomId = (await ok(t, P.pub, { i: { name: 'Lobby' } }, owner)).createPublicRoom.id;
  for (const u of [admin, member, target]) await ok(t, P.join, { r: roomId }, u);
  await ok(t, P.role, { r: roomId, u: admin.id, role: 'ADMIN' }, owner);
  return { owner, admin, member, target, outsider, roomId };
}

describe('banFromRoom', () => {
  it('is refused to members, outsiders and anonymous, and admins may not ban admins or owners', async () => {
    const { owner, admin, member, target, outsider, roomId } = await cast();
    refused(await t.gql(P.ban, { r: roomId, u: target.id }), 'UNAUTHENTICATED');
    refused(await t.gql(P.ban, { r: roomId, u: target.id }, member.accessToken), 'FORBIDDEN', /owner or admin/);
    refused(await t.gql(P.ban, { r: roomId, u: target.id }, outsider.accessToken), 'FORBIDDEN', /Join this room/);
    refused(await t.gql(P.ban, { r: roomId, u: owner.id }, admin.accessToken), 'FORBIDDEN', /Admins may ban members only/);
    refused(await t.gql(P.ban, { r: roomId, u: admin.id }, admin.accessToken), 'BAD_USER_INPUT', /yourself/);
    refused(await t.gql(P.ban, { r: roomId, u: '00000000-0000-4000-8000-000000000000' }, owner.accessToken), 'NOT_FOUND');
    refused(await t.gql(P.ban, { r: roomId, u: 'nope' }, owner.accessToken), 'BAD_USER_INPUT');
    refused(await t.gql(P.ban, { r: roomId, u: target.id, why: 'x'.repeat(501) }, owner.accessToken), 'BAD_USER_INPUT');
    // Nothing was written by any of those.
    expect(await memberIds(t, owner, roomId)).toEqual(expect.arrayContaining([owner.id, admin.id, member.id, target.id]));
    expect((await ok(t, P.bans, { id: roomId }, owner)).room.bans.totalCount).toBe(0);
    // Private groups stay private: an outsider learns nothing.
    const groupId = (await ok(t, P.group, { i: { name: 'G', memberIds: [target.id] } }, owner)).createGroupRoom.id;
    refused(await t.gql(P.ban, { r: groupId, u: target.id }, outsider.accessToken), 'NOT_FOUND');
    // Direct rooms have no bans (block the person instead).
    const directId = (await ok(t, P.direct, { u: target.id }, owner)).createDirectRoom.id;
    refused(await t.gql(P.ban, { r: directId, u: target.id }, owner.accessToken), 'BAD_USER_INPUT');
  });

  it('removes the member, ends their room stream with AccessRevoked BANNED, and keeps them out until unbanned', async () => {
    const { owner, admin, member, target, roomId } = await cast();
    const client = t.ws(target.accessToken);
    const sub = subscribe(client, ROOM_EVENTS, { r: roomId });
    const watcher = subscribe(t.ws(member.accessToken), ROOM_EVENTS, { r: roomId });
    await streamsReady(t, target);
    await streamsReady(t, member);
    const d = await ok(t, P.ban, { r: roomId, u: target.id, why: 'spam' }, admin);
    expect(d.banFromRoom.memberCount).toBe(3);
    await waitFor(() => sub.completed, 'the banned stream to end', 30_000);
    const last = sub.events[sub.events.length - 1];
    expect(last).toMatchObject({ __typename: 'AccessRevoked', reason: 'BANNED' });
    await waitFor(() => watcher.events.some((e) => e.__typename === 'MemberLeft' && e.userId === target.id && e.removedBy?.id === admin.id), 'members to see the removal', 30_000);
    expect(watcher.completed).toBe(false);
    watcher.dispose();

    // Every way back is closed: joining, being added.
    refused(await t.gql(P.join, { r: roomId }, target.accessToken), 'FORBIDDEN', /banned from this room/);
    refused(await t.gql(P.add, { r: roomId, u: [target.id] }, owner.accessToken), 'BAD_USER_INPUT', /banned/);
    refused(await t.gql(P.send, { r: roomId, b: 'hi' }, target.accessToken), 'FORBIDDEN');
    expect(await memberIds(t, owner, roomId)).not.toContain(target.id);

    // The list: owners and admins only.
    const bans = (await ok(t, P.bans, { id: roomId }, owner)).room.bans;
    expect(bans.totalCount).toBe(1);
    expect(bans.edges[0].node).toMatchObject({ reason: 'spam', user: { id: target.id }, bannedBy: { id: admin.id } });
    expect((await ok(t, P.bans, { id: roomId }, admin)).room.bans.totalCount).toBe(1);
    refused(await t.gql(P.bans, { id: roomId }, member.accessToken), 'FORBIDDEN');
    refused(await t.gql(P.bans, { id: roomId }, target.accessToken), 'FORBIDDEN');

    // Banning again changes nothing; unban is for managers only; then the user may come back.
    await ok(t, P.ban, { r: roomId, u: target.id }, owner);
    expect((await ok(t, P.bans, { id: roomId }, owner)).room.bans.totalCount).toBe(1);
    refused(await t.gql(P.unban, { r: roomId, u: target.id }, member.accessToken), 'FORBIDDEN');
    refused(await t.gql(P.unban, { r: roomId, u: target.id }), 'UNAUTHENTICATED');
    refused(await t.gql(P.unban, { r: roomId, u: member.id }, owner.accessToken), 'NOT_FOUND');
    await ok(t, P.unban, { r: roomId, u: target.id }, admin);
    expect(await memberIds(t, owner, roomId)).not.toContain(target.id);
    await ok(t, P.join, { r: roomId }, target);
    expect(await memberIds(t, owner, roomId)).toContain(target.id);

    const trail = await audits(t, { targetId: roomId, action: { $in: ['MEMBER_BANNED', 'MEMBER_UNBANNED'] } });
    expect(trail.map((a) => a.action)).toEqual(['MEMBER_BANNED', 'MEMBER_UNBANNED']);
    expect(trail[0].metadata).toMatchObject({ userId: target.id, wasMember: true, reason: 'spam' });
  });

  it('bans outsiders before they ever join, and adding a banned user to a group is refused', async () => {
    const { owner, outsider, roomId } = await cast();
    await ok(t, P.ban, { r: roomId, u: outsider.id }, owner);
    refused(await t.gql(P.join, { r: roomId }, outsider.accessToken), 'FORBIDDEN', /banned/);
    const groupId = (await ok(t, P.group, { i: { name: 'G', memberIds: [] } }, owner)).createGroupRoom.id;
    await ok(t, P.ban, { r: groupId, u: outsider.id }, owner);
    refused(await t.gql(P.add, { r: groupId, u: [outsider.id] }, owner.accessToken), 'BAD_USER_INPUT', /banned/);
    expect(await memberIds(t, owner, groupId)).toEqual([owner.id]);
  });

  it('a ban racing a join always leaves the user out', async () => {
    for (let i = 0; i < 5; i++) {
      const [owner, joiner] = await Promise.all([register(t, 'o'), register(t, 'j')]);
      const roomId = (await ok(t, P.pub, { i: { name: `Race ${i}` } }, owner)).createPublicRoom.id;
      const [join, ban] = await Promise.all([t.gql(P.join, { r: roomId }, joiner.accessToken), t.gql(P.ban, { r: roomId, u: joiner.id }, owner.accessToken)]);
      expect(ban.errors).toBeUndefined();
      // The join either came first (and the ban removed it) or saw the ban.
      if (join.errors) refused(join, 'FORBIDDEN', /banned/);
      expect(await memberIds(t, owner, roomId)).toEqual([owner.id]);
    }
  });
});
