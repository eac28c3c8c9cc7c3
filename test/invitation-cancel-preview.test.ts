import { InviteLink } from '../src/modules/invitations/invite-link.entity.js';
import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { audits, ok, P, refused } from './people-helpers.js';
import { streamsReady, subscribe } from './realtime-helpers.js';

/** cancelInvitation (who may withdraw a pending invitation, live for the invitee) and invitePreview (a link's room before joining). */

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const Q = {
  invite: `mutation($r: ID!, $u: ID!) { inviteToRoom(roomId: $r, userId: $u) { id } }`,
  cancel: `mutation($id: ID!) { cancelInvitation(id: $id) { id status respondedAt invitee { id } } }`,
  invitations: `query { invitations(first: 20) { totalCount edges { node { id } } } }`,
  pending: `query($id: ID!) { room(id: $id) { pendingInvitations(first: 20) { totalCount } } }`,
  link: `mutation($r: ID!, $h: Int, $m: Int) { createInviteLink(roomId: $r, expiresInHours: $h, maxUses: $m) { code } }`,
  joinLink: `mutation($c: String!) { joinByInvite(code: $c) { id } }`,
  revoke: `mutation($c: String!) { revokeInviteLink(code: $c) }`,
  preview: `query($c: String!) { invitePreview(code: $c) { code roomId name description kind memberCount hasPassword isMember expiresAt usesLeft } }`,
};

async function team() {
  const [owner, admin, member, outsider, invitee] = await Promise.all(['owner', 'admin', 'member', 'outsider', 'invitee'].map((n) => register(t, n)));
  const roomId = (await ok(t, P.group, { i: { name: 'Cancel club', memberIds: [admin.id, member.id] } }, owner)).createGroupRoom.id;
  await ok(t, P.role, { r: roomId, u: admin.id, role: 'ADMIN' }, owner);
  return { owner: owner!, admin: admin!, member: member!, outsider: outsider!, invitee: invitee!, roomId };
}

describe('cancelInvitation', () => {
  it('refuses anonymous, outsiders, members and the invitee; the owner and an admin may; once only; audited', async () => {
    const { owner, admin, member, outsider, invitee, roomId } = await team();
    const first = (await ok(t, Q.invite, { r: roomId, u: invitee.id }, owner)).inviteToRoom.id;
    refused(await t.gql(Q.cancel, { id: first }), 'UNAUTHENTICATED');
    refused(await t.gql(Q.cancel, { id: first }, outsider.accessToken), 'NOT_FOUND');
    refused(await t.gql(Q.cancel, { id: first }, member.accessToken), 'FORBIDDEN', /who sent an invitation, or a room owner or admin/);
    refused(await t.gql(Q.cancel, { id: first }, invitee.accessToken), 'FORBIDDEN', /decline it/);
    refused(await t.gql(Q.cancel, { id: 'not-an-id' }, owner.accessToken), 'BAD_USER_INPUT');
    refused(await t.gql(Q.cancel, { id: '00000000-0000-4000-8000-000000000000' }, owner.accessToken), 'NOT_FOUND');
    expect((await ok(t, Q.pending, { id: roomId }, owner)).room.pendingInvitations.totalCount).toBe(1);

    // An admin withdraws the owner's invitation.
    const done = (await ok(t, Q.cancel, { id: first }, admin)).cancelInvitation;
    expect(done).toMatchObject({ id: first, status: 'CANCELLED', invitee: { id: invitee.id } });
    expect(done.respondedAt).toBeTruthy();
    refused(await t.gql(Q.cancel, { id: first }, owner.accessToken), 'CONFLICT');
    refused(await t.gql(`mutation($id: ID!) { acceptInvitation(id: $id) { id } }`, { id: first }, invitee.accessToken), 'CONFLICT');
    expect((await ok(t, Q.pending, { id: roomId }, owner)).room.pendingInvitations.totalCount).toBe(0);
    expect((await ok(t, Q.invitations, {}, invitee)).invitations.totalCount).toBe(0);
    const logged = await audits(t, { targetId: roomId, action: 'INVITATION_CANCELLED' });
    expect(logged).toHaveLength(1);
    expect(logged[0]!.actor?.id).toBe(admin.id);
    expect(logged[0]!.metadata).toMatchObject({ invitationId: first, userId: invitee.id });

    // Invited again (the same row renewed), the owner withdraws it too.
    expect((await ok(t, Q.invite, { r: roomId, u: invitee.id }, admin)).inviteToRoom.id).toBe(first);
    expect((await ok(t, Q.cancel, { id: first }, owner)).cancelInvitation.status).toBe('CANCELLED');
  });

  it('the inviter may while still a member, even demoted; not once they left', async () => {
    const { owner, admin, invitee, roomId } = await team();
    const other = await register(t, 'other');
    const a = (await ok(t, Q.invite, { r: roomId, u: invitee.id }, admin)).inviteToRoom.id;
    const b = (await ok(t, Q.invite, { r: roomId, u: other.id }, admin)).inviteToRoom.id;
    await ok(t, P.role, { r: roomId, u: admin.id, role: 'MEMBER' }, owner);
    expect((await ok(t, Q.cancel, { id: a }, admin)).cancelInvitation.status).toBe('CANCELLED');
    await ok(t, `mutation($r: ID!) { leaveRoom(roomId: $r) }`, { r: roomId }, admin);
    refused(await t.gql(Q.cancel, { id: b }, admin.accessToken), 'NOT_FOUND');
  });

  it('the invitee’s pending invitation disappears live; other members hear nothing', async () => {
    const { owner, member, invitee, roomId } = await team();
    const NEWS = `subscription { viewerEvents { __typename roomId ... on InvitationChanged { invitation { id status } } } }`;
    const [iSub, mSub] = [subscribe(t.ws(invitee.accessToken), NEWS), subscribe(t.ws(member.accessToken), NEWS)];
    await streamsReady(t, invitee);
    await streamsReady(t, member);
    const id = (await ok(t, Q.invite, { r: roomId, u: invitee.id }, owner)).inviteToRoom.id;
    await waitFor(() => iSub.events.some((e) => e.invitation?.id === id && e.invitation.status === 'PENDING'), 'the invitation', 30_000);
    await ok(t, Q.cancel, { id }, owner);
    await waitFor(() => iSub.events.some((e) => e.invitation?.id === id && e.invitation.status === 'CANCELLED'), 'the cancellation', 30_000);
    // The member's own news (a message in the room) comes after both, and nothing about the invitation before it.
    await ok(t, P.send, { r: roomId, b: 'hello' }, owner);
    await waitFor(() => mSub.events.some((e) => e.__typename === 'RoomActivity'), 'activity for the member', 30_000);
    expect(mSub.events.some((e) => e.__typename === 'InvitationChanged')).toBe(false);
  });
});

describe('invitePreview', () => {
  it('shows the room (name, kind, size, password) to a signed-in holder, nothing more; refuses anonymous and bad codes', async () => {
    const [owner, guest, member] = await Promise.all([register(t, 'owner'), register(t, 'guest'), register(t, 'member')]);
    const roomId = (await ok(t, P.pub, { i: { name: 'Locked lobby', description: 'Ask for the word', password: 'open sesame' } }, owner)).createPublicRoom.id;
    await ok(t, P.join, { r: roomId, p: 'open sesame' }, member);
    const { code } = (await ok(t, Q.link, { r: roomId, h: 24, m: 5 }, owner)).createInviteLink;
    refused(await t.gql(Q.preview, { c: code }), 'UNAUTHENTICATED');
    const seen = (await ok(t, Q.preview, { c: code }, guest)).invitePreview;
    expect(seen).toMatchObject({ code, roomId, name: 'Locked lobby', description: 'Ask for the word', kind: 'PUBLIC', memberCount: 2, hasPassword: true, isMember: false, usesLeft: 5 });
    expect(new Date(seen.expiresAt).getTime()).toBeGreaterThan(Date.now());
    // Looking spends no use and joins nobody.
    expect((await ok(t, Q.preview, { c: code }, member)).invitePreview).toMatchObject({ isMember: true, usesLeft: 5, memberCount: 2 });
    // Nothing private can be asked of it: no members, no messages.
    refused(await t.gql(`query($c: String!) { invitePreview(code: $c) { members { totalCount } } }`, { c: code }, guest.accessToken), 'GRAPHQL_VALIDATION_FAILED');

    refused(await t.gql(Q.preview, { c: 'nope' }, guest.accessToken), 'BAD_USER_INPUT');
    refused(await t.gql(Q.preview, { c: 'A'.repeat(22) }, guest.accessToken), 'NOT_FOUND');
    await ok(t, Q.revoke, { c: code }, owner);
    refused(await t.gql(Q.preview, { c: code }, guest.accessToken), 'NOT_FOUND');
  });

  it('says a link expired or was used up, with extensions.reason; joinByInvite says the same', async () => {
    const [owner, a, b] = await Promise.all([register(t, 'owner'), register(t, 'a'), register(t, 'b')]);
    const roomId = (await ok(t, P.group, { i: { name: 'Small group', memberIds: [] } }, owner)).createGroupRoom.id;
    const once = (await ok(t, Q.link, { r: roomId, m: 1 }, owner)).createInviteLink.code;
    expect((await ok(t, Q.preview, { c: once }, a)).invitePreview).toMatchObject({ kind: 'GROUP', name: 'Small group', memberCount: 1, hasPassword: false });
    await ok(t, Q.joinLink, { c: once }, a);
    for (const r of [await t.gql(Q.preview, { c: once }, b.accessToken), await t.gql(Q.joinLink, { c: once }, b.accessToken)]) {
      refused(r, 'FORBIDDEN', /used up/);
      expect(r.errors![0].extensions!.reason).toBe('USED_UP');
    }
    const old = (await ok(t, Q.link, { r: roomId, h: 1 }, owner)).createInviteLink.code;
    await t.server.app.orm.em.fork().nativeUpdate(InviteLink, { code: old }, { expiresAt: new Date(Date.now() - 1000) });
    for (const r of [await t.gql(Q.preview, { c: old }, b.accessToken), await t.gql(Q.joinLink, { c: old }, b.accessToken)]) {
      refused(r, 'FORBIDDEN', /expired/);
      expect(r.errors![0].extensions!.reason).toBe('EXPIRED');
    }
  });

  it('is rate limited per user', async () => {
    const [owner, prober] = await Promise.all([register(t, 'owner'), register(t, 'prober')]);
    const roomId = (await ok(t, P.group, { i: { name: 'Probed', memberIds: [] } }, owner)).createGroupRoom.id;
    const { code } = (await ok(t, Q.link, { r: roomId }, owner)).createInviteLink;
    for (let i = 0; i < 30; i++) refused(await t.gql(Q.preview, { c: `${'x'.repeat(20)}${String(i).padStart(2, '0')}` }, prober.accessToken), 'NOT_FOUND');
    const r = await t.gql(Q.preview, { c: code }, prober.accessToken);
    refused(r, 'RATE_LIMITED');
    expect(r.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    // Someone else is not affected.
    expect((await ok(t, Q.preview, { c: code }, owner)).invitePreview.name).toBe('Probed');
  });
});
