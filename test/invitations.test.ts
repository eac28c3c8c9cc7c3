import { InviteLink } from '../src/modules/invitations/invite-link.entity.js';
import { NOT_POSSIBLE } from '../src/modules/reach/reach.service.js';
import { register, startServer, type TestServer, type TestUser } from './harness.js';
import { audits, memberIds, ok, P, refused } from './people-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const Q = {
  link: `mutation($r: ID!, $h: Int, $m: Int) { createInviteLink(roomId: $r, expiresInHours: $h, maxUses: $m) { code url expiresAt usesLeft uses createdBy { id } } }`,
  joinLink: `mutation($c: String!) { joinByInvite(code: $c) { id myRole memberCount } }`,
  revoke: `mutation($c: String!) { revokeInviteLink(code: $c) }`,
  links: `query($id: ID!) { room(id: $id) { inviteLinks(first: 20) { totalCount edges { node { code usesLeft } } } } }`,
  invite: `mutation($r: ID!, $u: ID!) { inviteToRoom(roomId: $r, userId: $u) { id status room { id name } invitee { id } inviter { id } } }`,
  invitations: `query { invitations(first: 20) { totalCount edges { node { id status room { id name } inviter { id } } } } }`,
  accept: `mutation($id: ID!) { acceptInvitation(id: $id) { id myRole } }`,
  decline: `mutation($id: ID!) { declineInvitation(id: $id) { id status } }`,
  pending: `query($id: ID!) { room(id: $id) { pendingInvitations(first: 20) { totalCount edges { node { invitee { id } } } } } }`,
  request: `mutation($r: ID!, $m: String) { requestToJoin(roomId: $r, message: $m) { id status message user { id } room { id } } }`,
  approve: `mutation($id: ID!) { approveJoinRequest(id: $id) { id status } }`,
  reject: `mutation($id: ID!) { rejectJoinRequest(id: $id) { id status } }`,
  requests: `query($id: ID!) { room(id: $id) { joinRequests(first: 20) { totalCount edges { node { id message user { id } } } } } }`,
  state: `query($id: ID!) { room(id: $id) { id joinState discoverable myJoinRequest { status } } }`,
  publicRooms: `query($s: String) { publicRooms(search: $s, first: 50) { edges { node { id kind joinState hasPassword } } } }`,
  block: `mutation($u: ID!) { blockUser(userId: $u) { id } }`,
};

async function groupWithAdmin() {
  const [owner, admin, member, outsider] = await Promise.all([register(t, 'owner'), register(t, 'admin'), register(t, 'member'), register(t, 'outsider')]);
  const roomId = (await ok(t, P.group, { i: { name: `Team ${Math.random().toString(36).slice(2, 8)}`, memberIds: [admin.id, member.id] } }, owner)).createGroupRoom.id;
  await ok(t, P.role, { r: roomId, u: admin.id, role: 'ADMIN' }, owner);
  return { owner, admin, member, outsider, roomId };
}

describe('invite links', () => {
  it('are made and listed by owners and admins only, with checked limits', async () => {
    const { owner, admin, member, outsider, roomId } = await groupWithAdmin();
    refused(await t.gql(Q.link, { r: roomId }), 'UNAUTHENTICATED');
    refused(await t.gql(Q.link, { r: roomId }, member.accessToken), 'FORBIDDEN');
    refused(await t.gql(Q.link, { r: roomId }, outsider.accessToken), 'NOT_FOUND');
    refused(await t.gql(Q.link, { r: roomId, h: 0 }, owner.accessToken), 'BAD_USER_INPUT');
    refused(await t.gql(Q.link, { r: roomId, m: -1 }, owner.accessToken), 'BAD_USER_INPUT');
    refused(await t.gql(Q.link, { r: roomId, h: 100000 }, owner.accessToken), 'BAD_USER_INPUT');
    const directId = (await ok(t, P.direct, { u: member.id }, owner)).createDirectRoom.id;
    refused(await t.gql(Q.link, { r: directId }, owner.accessToken), 'BAD_USER_INPUT');
    const link = (await ok(t, Q.link, { r: roomId, h: 24, m: 3 }, admin)).createInviteLink;
    expect(link).toMatchObject({ usesLeft: 3, uses: 0, createdBy: { id: admin.id }, url: `/invite/${link.code}` });
    expect(link.code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await ok(t, Q.link, { r: roomId }, owner); // never expires, unlimited
    expect((await ok(t, Q.links, { id: roomId }, owner)).room.inviteLinks.totalCount).toBe(2);
    refused(await t.gql(Q.links, { id: roomId }, member.accessToken), 'FORBIDDEN');
    expect((await audits(t, { targetId: roomId, action: 'INVITE_LINK_CREATED' })).length).toBe(2);
  });

  it('let people in, count uses atomically, expire and are revoked', async () => {
    const { owner, member, outsider, roomId } = await groupWithAdmin();
    const link = (await ok(t, Q.link, { r: roomId, m: 2 }, owner)).createInviteLink;
    refused(await t.gql(Q.joinLink, { c: link.code }), 'UNAUTHENTICATED');
    refused(await t.gql(Q.joinLink, { c: 'not a code!' }, outsider.accessToken), 'BAD_USER_INPUT');
    refused(await t.gql(Q.joinLink, { c: 'A'.repeat(22) }, outsider.accessToken), 'NOT_FOUND');
    expect((await ok(t, Q.joinLink, { c: link.code }, outsider)).joinByInvite.myRole).toBe('MEMBER');
    // A member using it again spends nothing.
    await ok(t, Q.joinLink, { c: link.code }, member);
    expect((await ok(t, Q.links, { id: roomId }, owner)).room.inviteLinks.edges[0].node.usesLeft).toBe(1);
    // Four people race for the last use: exactly one gets in.
    const racers = await Promise.all([1, 2, 3, 4].map(() => register(t, 'racer')));
    const results = await Promise.all(racers.map((u) => t.gql(Q.joinLink, { c: link.code }, u.accessToken)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((r) => r.errors)) refused(r, 'FORBIDDEN', /used up/);
    const ids = await memberIds(t, owner, roomId);
    expect(racers.filter((u) => ids.includes(u.id))).toHaveLength(1);
    expect((await ok(t, Q.links, { id: roomId }, owner)).room.inviteLinks.totalCount).toBe(0); // used up: not listed

    // Expiry.
    const late = (await ok(t, Q.link, { r: roomId, h: 1 }, owner)).createInviteLink;
    await t.server.app.orm.em.fork().nativeUpdate(InviteLink, { code: late.code }, { expiresAt: new Date(Date.now() - 1000) });
    const newcomer = await register(t, 'late');
    refused(await t.gql(Q.joinLink, { c: late.code }, newcomer.accessToken), 'FORBIDDEN', /expired/);

    // Revocation: managers only; outsiders learn nothing.
    const open = (await ok(t, Q.link, { r: roomId }, owner)).createInviteLink;
    refused(await t.gql(Q.revoke, { c: open.code }, member.accessToken), 'FORBIDDEN');
    refused(await t.gql(Q.revoke, { c: open.code }, newcomer.accessToken), 'NOT_FOUND');
    expect((await ok(t, Q.revoke, { c: open.code }, owner)).revokeInviteLink).toBe(true);
    refused(await t.gql(Q.joinLink, { c: open.code }, newcomer.accessToken), 'NOT_FOUND');
    expect(await memberIds(t, owner, roomId)).not.toContain(newcomer.id);
    expect((await audits(t, { targetId: roomId, action: 'INVITE_LINK_REVOKED' })).length).toBe(1);
  });

  it('never let a banned user in, even when the ban races the join', async () => {
    const { owner, roomId } = await groupWithAdmin();
    const link = (await ok(t, Q.link, { r: roomId }, owner)).createInviteLink;
    const banned = await register(t, 'banned');
    await ok(t, P.ban, { r: roomId, u: banned.id }, owner);
    refused(await t.gql(Q.joinLink, { c: link.code }, banned.accessToken), 'FORBIDDEN', /banned/);
    for (let i = 0; i < 4; i++) {
      const u = await register(t, 'racer');
      const [join, ban] = await Promise.all([t.gql(Q.joinLink, { c: link.code }, u.accessToken), t.gql(P.ban, { r: roomId, u: u.id }, owner.accessToken)]);
      expect(ban.errors).toBeUndefined();
      if (join.errors) refused(join, 'FORBIDDEN', /banned/);
      expect(await memberIds(t, owner, roomId)).not.toContain(u.id);
    }
  });
});

describe('personal invitations', () => {
  it('are sent by owners and admins to people who may be reached, and refused otherwise', async () => {
    const { owner, admin, member, outsider, roomId } = await groupWithAdmin();
    const [guest, banned, blocker] = await Promise.all([register(t, 'guest'), register(t, 'banned'), register(t, 'blocker')]);
    refused(await t.gql(Q.invite, { r: roomId, u: guest.id }), 'UNAUTHENTICATED');
    refused(await t.gql(Q.invite, { r: roomId, u: guest.id }, member.accessToken), 'FORBIDDEN');
    refused(await t.gql(Q.invite, { r: roomId, u: guest.id }, outsider.accessToken), 'NOT_FOUND');
    refused(await t.gql(Q.invite, { r: roomId, u: member.id }, owner.accessToken), 'CONFLICT');
    await ok(t, P.ban, { r: roomId, u: banned.id }, owner);
    refused(await t.gql(Q.invite, { r: roomId, u: banned.id }, owner.accessToken), 'BAD_USER_INPUT', /banned/);
    await ok(t, Q.block, { u: admin.id }, blocker);
    refused(await t.gql(Q.invite, { r: roomId, u: blocker.id }, admin.accessToken), 'FORBIDDEN', new RegExp(NOT_POSSIBLE));
    const inv = (await ok(t, Q.invite, { r: roomId, u: guest.id }, admin)).inviteToRoom;
    expect(inv).toMatchObject({ status: 'PENDING', room: { id: roomId }, invitee: { id: guest.id }, inviter: { id: admin.id } });
    expect((await ok(t, Q.invite, { r: roomId, u: guest.id }, owner)).inviteToRoom.id).toBe(inv.id); // pending: the same one
    expect((await ok(t, Q.invitations, {}, guest)).invitations).toMatchObject({ totalCount: 1, edges: [{ node: { id: inv.id, room: { id: roomId } } }] });
    expect((await ok(t, Q.invitations, {}, member)).invitations.totalCount).toBe(0);
    expect((await ok(t, Q.pending, { id: roomId }, owner)).room.pendingInvitations.edges[0].node.invitee.id).toBe(guest.id);
    refused(await t.gql(Q.pending, { id: roomId }, member.accessToken), 'FORBIDDEN');
    expect((await ok(t, Q.state, { id: roomId }, guest)).room.joinState).toBe('INVITED');
    // Someone else's invitation does not exist for them.
    refused(await t.gql(Q.accept, { id: inv.id }, outsider.accessToken), 'NOT_FOUND');
    refused(await t.gql(Q.decline, { id: inv.id }, owner.accessToken), 'NOT_FOUND');
  });

  it('two accepts of one invitation make one membership; a declined one cannot be accepted', async () => {
    const { owner, roomId } = await groupWithAdmin();
    const [guest, other] = await Promise.all([register(t, 'guest'), register(t, 'other')]);
    const inv = (await ok(t, Q.invite, { r: roomId, u: guest.id }, owner)).inviteToRoom;
    const before = (await ok(t, `query($id: ID!) { room(id: $id) { lastSeq } }`, { id: roomId }, owner)).room.lastSeq;
    const both = await Promise.all([t.gql(Q.accept, { id: inv.id }, guest.accessToken), t.gql(Q.accept, { id: inv.id }, guest.accessToken)]);
    for (const r of both) expect(r.data?.acceptInvitation).toMatchObject({ id: roomId, myRole: 'MEMBER' });
    expect((await memberIds(t, owner, roomId)).filter((id) => id === guest.id)).toHaveLength(1);
    expect((await ok(t, `query($id: ID!) { room(id: $id) { lastSeq } }`, { id: roomId }, owner)).room.lastSeq).toBe(before + 1); // one MemberJoined
    expect((await ok(t, Q.invitations, {}, guest)).invitations.totalCount).toBe(0);

    const inv2 = (await ok(t, Q.invite, { r: roomId, u: other.id }, owner)).inviteToRoom;
    expect((await ok(t, Q.decline, { id: inv2.id }, other)).declineInvitation.status).toBe('DECLINED');
    refused(await t.gql(Q.accept, { id: inv2.id }, other.accessToken), 'CONFLICT');
    refused(await t.gql(Q.decline, { id: inv2.id }, other.accessToken), 'CONFLICT');
    expect(await memberIds(t, owner, roomId)).not.toContain(other.id);
    // Inviting again renews it.
    expect((await ok(t, Q.invite, { r: roomId, u: other.id }, owner)).inviteToRoom).toMatchObject({ id: inv2.id, status: 'PENDING' });
    // A ban cancels it.
    await ok(t, P.ban, { r: roomId, u: other.id }, owner);
    refused(await t.gql(Q.accept, { id: inv2.id }, other.accessToken), 'CONFLICT');
    const trail = (await audits(t, { targetId: roomId, action: { $in: ['INVITATION_SENT', 'INVITATION_ACCEPTED', 'INVITATION_DECLINED'] } })).map((a) => a.action);
    expect(trail).toEqual(['INVITATION_SENT', 'INVITATION_ACCEPTED', 'INVITATION_SENT', 'INVITATION_DECLINED', 'INVITATION_SENT']);
  });

  it('an INVITE room refuses addMembers; its managers invite instead', async () => {
    const { owner, member, roomId } = await groupWithAdmin();
    const guest = await register(t, 'guest');
    refused(await t.gql(P.update, { r: roomId, i: { addPolicy: 'INVITE' } }, member.accessToken), 'FORBIDDEN');
    expect((await ok(t, P.update, { r: roomId, i: { addPolicy: 'INVITE' } }, owner)).updateRoom.addPolicy).toBe('INVITE');
    refused(await t.gql(P.add, { r: roomId, u: [guest.id] }, owner.accessToken), 'FORBIDDEN', /inviteToRoom/);
    const inv = (await ok(t, Q.invite, { r: roomId, u: guest.id }, owner)).inviteToRoom;
    await ok(t, Q.accept, { id: inv.id }, guest);
    expect(await memberIds(t, owner, roomId)).toContain(guest.id);
  });
});

describe('join requests', () => {
  it('discoverable groups are listed with a request-to-join state; private ones stay hidden', async () => {
    const { owner, outsider, roomId } = await groupWithAdmin();
    const name = (await ok(t, `query($id: ID!) { room(id: $id) { name } }`, { id: roomId }, owner)).room.name;
    const listed = async (u: TestUser) => (await ok(t, Q.publicRooms, { s: name }, u)).publicRooms.edges.map((e: any) => e.node);
    expect(await listed(outsider)).toEqual([]);
    refused(await t.gql(Q.request, { r: roomId }, outsider.accessToken), 'NOT_FOUND');
    refused(await t.gql(P.update, { r: roomId, i: { discoverable: true } }, outsider.accessToken), 'NOT_FOUND');
    await ok(t, P.update, { r: roomId, i: { discoverable: true } }, owner);
    expect(await listed(outsider)).toEqual([{ id: roomId, kind: 'GROUP', joinState: 'REQUEST', hasPassword: false }]);
    // Seeing it is not reading it.
    refused(await t.gql(P.members, { id: roomId }, outsider.accessToken), 'FORBIDDEN');
    refused(await t.gql(P.join, { r: roomId }, outsider.accessToken), 'FORBIDDEN', /requestToJoin/);
    const pubId = (await ok(t, P.pub, { i: { name: 'Open' } }, owner)).createPublicRoom.id;
    refused(await t.gql(P.update, { r: pubId, i: { discoverable: true } }, owner.accessToken), 'BAD_USER_INPUT');
    refused(await t.gql(Q.request, { r: pubId }, outsider.accessToken), 'BAD_USER_INPUT');
  });

  it('are answered by owners and admins only; approval lets the requester in', async () => {
    const { owner, admin, member, outsider, roomId } = await groupWithAdmin();
    await ok(t, P.update, { r: roomId, i: { discoverable: true } }, owner);
    refused(await t.gql(Q.request, { r: roomId }), 'UNAUTHENTICATED');
    refused(await t.gql(Q.request, { r: roomId }, member.accessToken), 'CONFLICT');
    refused(await t.gql(Q.request, { r: roomId, m: 'x'.repeat(501) }, outsider.accessToken), 'BAD_USER_INPUT');
    const req = (await ok(t, Q.request, { r: roomId, m: 'let me in' }, outsider)).requestToJoin;
    expect(req).toMatchObject({ status: 'PENDING', message: 'let me in', user: { id: outsider.id }, room: { id: roomId } });
    expect((await ok(t, Q.state, { id: roomId }, outsider)).room).toMatchObject({ joinState: 'REQUESTED', myJoinRequest: { status: 'PENDING' } });
    expect((await ok(t, Q.requests, { id: roomId }, admin)).room.joinRequests).toMatchObject({ totalCount: 1, edges: [{ node: { id: req.id, message: 'let me in' } }] });
    refused(await t.gql(Q.requests, { id: roomId }, member.accessToken), 'FORBIDDEN');
    refused(await t.gql(Q.requests, { id: roomId }, outsider.accessToken), 'FORBIDDEN');
    refused(await t.gql(Q.approve, { id: req.id }, member.accessToken), 'FORBIDDEN');
    refused(await t.gql(Q.approve, { id: req.id }, outsider.accessToken), 'FORBIDDEN');
    refused(await t.gql(Q.approve, { id: req.id }), 'UNAUTHENTICATED');
    expect((await ok(t, Q.approve, { id: req.id }, admin)).approveJoinRequest.status).toBe('ACCEPTED');
    refused(await t.gql(Q.reject, { id: req.id }, owner.accessToken), 'CONFLICT');
    expect(await memberIds(t, owner, roomId)).toContain(outsider.id);
    expect((await ok(t, Q.state, { id: roomId }, outsider)).room.joinState).toBe('MEMBER');

    const other = await register(t, 'other');
    const req2 = (await ok(t, Q.request, { r: roomId }, other)).requestToJoin;
    expect((await ok(t, Q.reject, { id: req2.id }, owner)).rejectJoinRequest.status).toBe('DECLINED');
    expect(await memberIds(t, owner, roomId)).not.toContain(other.id);
    expect((await ok(t, Q.state, { id: roomId }, other)).room).toMatchObject({ joinState: 'REQUEST', myJoinRequest: { status: 'DECLINED' } });
    // Banned people cannot ask.
    await ok(t, P.ban, { r: roomId, u: other.id }, owner);
    refused(await t.gql(Q.request, { r: roomId }, other.accessToken), 'FORBIDDEN', /banned/);
    expect((await ok(t, Q.state, { id: roomId }, other)).room.joinState).toBe('BANNED');
    const trail = (await audits(t, { targetId: roomId, action: { $in: ['JOIN_REQUESTED', 'JOIN_REQUEST_APPROVED', 'JOIN_REQUEST_REJECTED'] } })).map((a) => a.action);
    expect(trail).toEqual(['JOIN_REQUESTED', 'JOIN_REQUEST_APPROVED', 'JOIN_REQUESTED', 'JOIN_REQUEST_REJECTED']);
  });
});
