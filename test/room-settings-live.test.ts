import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { ok, P } from './people-helpers.js';
import { streamsReady, subscribe, type Sub } from './realtime-helpers.js';

/**
 * The room settings screen's lists (bans, invite links, pending invitations, join requests) change live: each change
 * is news on viewerEvents for the room's OWNER and ADMINs, and for nobody else (members, outsiders, the banned).
 */

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const NEWS = `subscription { viewerEvents { __typename roomId
  ... on RoomBanChanged { userId banned user { id } ban { reason bannedBy { id } } }
  ... on InviteLinkChanged { change inviteLink { code uses usesLeft } }
  ... on InvitationChanged { invitation { id status invitee { id } } }
  ... on JoinRequestChanged { joinRequest { id status user { id } } }
  ... on ContactRequestChanged { contactRequest { id from { id } } }
} }`;
const SETTINGS_NEWS = new Set(['RoomBanChanged', 'InviteLinkChanged', 'InvitationChanged', 'JoinRequestChanged']);

const link = `mutation($r: ID!, $m: Int) { createInviteLink(roomId: $r, maxUses: $m) { code } }`;
const joinLink = `mutation($c: String!) { joinByInvite(code: $c) { id } }`;
const revoke = `mutation($c: String!) { revokeInviteLink(code: $c) }`;
const invite = `mutation($r: ID!, $u: ID!) { inviteToRoom(roomId: $r, userId: $u) { id } }`;
const request = `mutation($r: ID!) { requestToJoin(roomId: $r) { id } }`;

async function listen(...users: TestUser[]): Promise<Sub[]> {
  const subs = users.map((u) => subscribe(t.ws(u.accessToken), NEWS));
  for (const u of users) await streamsReady(t, u);
  return subs;
}
const waitSeen = (s: Sub, type: string, pred: (e: any) => boolean = () => true) => waitFor(() => s.events.some((e) => e.__typename === type && pred(e)), type, 30_000);

/**
 * Proves `subs` heard none of the room's settings news: a contact request (news published after everything the test
 * did, on the same per-user topic) arrives, and nothing about the room came before it.
 */
async function heardNothing(roomId: string, users: TestUser[], subs: Sub[]) {
  const sender = await register(t, 'sentinel');
  for (const u of users) await ok(t, `mutation($u: ID!) { sendContactRequest(userId: $u) { id } }`, { u: u.id }, sender);
  for (const s of subs) await waitSeen(s, 'ContactRequestChanged', (e) => e.contactRequest.from.id === sender.id);
  for (const s of subs) expect(s.events.filter((e) => SETTINGS_NEWS.has(e.__typename) && e.roomId === roomId)).toEqual([]);
}

async function team() {
  const [owner, admin, member, outsider] = await Promise.all([register(t, 'owner'), register(t, 'admin'), register(t, 'member'), register(t, 'outsider')]);
  const roomId = (await ok(t, P.group, { i: { name: 'Settings live', memberIds: [admin.id, member.id], discoverable: true } }, owner)).createGroupRoom.id;
  await ok(t, P.role, { r: roomId, u: admin.id, role: 'ADMIN' }, owner);
  return { owner, admin, member, outsider, roomId };
}

describe('bans are news for the room managers only', () => {
  it('a member banned, a non-member banned, an unban: owner and admin hear each; member, outsider and the banned do not', async () => {
    const { owner, admin, member, outsider, roomId } = await team();
    const [troll, stranger] = await Promise.all([register(t, 'troll'), register(t, 'stranger')]);
    await ok(t, P.add, { r: roomId, u: [troll.id] }, owner);
    const [oSub, aSub, mSub, xSub, tSub] = await listen(owner, admin, member, outsider, troll);

    await ok(t, P.ban, { r: roomId, u: troll.id, why: 'spam' }, admin);
    for (const s of [oSub, aSub]) await waitSeen(s, 'RoomBanChanged', (e) => e.roomId === roomId && e.userId === troll.id && e.banned && e.ban.reason === 'spam' && e.ban.bannedBy.id === admin.id);
    await ok(t, P.ban, { r: roomId, u: stranger.id }, owner);
    for (const s of [oSub, aSub]) await waitSeen(s, 'RoomBanChanged', (e) => e.userId === stranger.id && e.banned && e.user.id === stranger.id);
    // Banning again changes nothing, and says nothing.
    await ok(t, P.ban, { r: roomId, u: stranger.id }, owner);

    await ok(t, P.unban, { r: roomId, u: troll.id }, owner);
    for (const s of [oSub, aSub]) await waitSeen(s, 'RoomBanChanged', (e) => e.userId === troll.id && !e.banned && e.ban === null);
    await heardNothing(roomId, [member, outsider, troll], [mSub, xSub, tSub]);
    expect(oSub.events.filter((e) => e.__typename === 'RoomBanChanged' && e.userId === stranger.id)).toHaveLength(1);
  });

  it('a ban cancels the person’s pending invitation and join request, live for them and the managers', async () => {
    const { owner, admin, member, roomId } = await team();
    const [invited, asker] = await Promise.all([register(t, 'invited'), register(t, 'asker')]);
    const inv = (await ok(t, invite, { r: roomId, u: invited.id }, owner)).inviteToRoom;
    const req = (await ok(t, request, { r: roomId }, asker)).requestToJoin;
    const [aSub, iSub, kSub, mSub] = await listen(admin, invited, asker, member);
    await ok(t, P.ban, { r: roomId, u: invited.id }, owner);
    await ok(t, P.ban, { r: roomId, u: asker.id }, owner);
    await waitSeen(iSub, 'InvitationChanged', (e) => e.invitation.id === inv.id && e.invitation.status === 'CANCELLED');
    await waitSeen(aSub, 'InvitationChanged', (e) => e.invitation.id === inv.id && e.invitation.status === 'CANCELLED');
    await waitSeen(kSub, 'JoinRequestChanged', (e) => e.joinRequest.id === req.id && e.joinRequest.status === 'CANCELLED');
    await waitSeen(aSub, 'JoinRequestChanged', (e) => e.joinRequest.id === req.id && e.joinRequest.status === 'CANCELLED');
    // The banned people hear of their own invitation and request, never of the ban list.
    expect([...iSub.events, ...kSub.events].some((e) => e.__typename === 'RoomBanChanged')).toBe(false);
    await heardNothing(roomId, [member], [mSub]);
  });
});

describe('invite links are news for the room managers only', () => {
  it('created, used, used up and revoked: owner and admin hear each; member, outsider and the joiners do not', async () => {
    const { owner, admin, member, outsider, roomId } = await team();
    const [first, second] = await Promise.all([register(t, 'first'), register(t, 'second')]);
    const [oSub, aSub, mSub, xSub, fSub, sSub] = await listen(owner, admin, member, outsider, first, second);
    const { code } = (await ok(t, link, { r: roomId, m: 2 }, admin)).createInviteLink;
    for (const s of [oSub, aSub]) await waitSeen(s, 'InviteLinkChanged', (e) => e.change === 'CREATED' && e.inviteLink.code === code && e.roomId === roomId);
    await ok(t, joinLink, { c: code }, first);
    for (const s of [oSub, aSub]) await waitSeen(s, 'InviteLinkChanged', (e) => e.change === 'USED' && e.inviteLink.uses === 1 && e.inviteLink.usesLeft === 1);
    await ok(t, joinLink, { c: code }, first); // already a member: no use spent, no news
    await ok(t, joinLink, { c: code }, second);
    for (const s of [oSub, aSub]) await waitSeen(s, 'InviteLinkChanged', (e) => e.change === 'USED_UP' && e.inviteLink.usesLeft === 0);

    const other = (await ok(t, link, { r: roomId }, owner)).createInviteLink.code;
    await ok(t, revoke, { c: other }, owner);
    for (const s of [oSub, aSub]) await waitSeen(s, 'InviteLinkChanged', (e) => e.change === 'REVOKED' && e.inviteLink.code === other);
    await heardNothing(roomId, [member, outsider, first, second], [mSub, xSub, fSub, sSub]);
    expect(oSub.events.filter((e) => e.__typename === 'InviteLinkChanged').map((e) => e.change)).toEqual(['CREATED', 'USED', 'USED_UP', 'CREATED', 'REVOKED']);
  });

  it('a member promoted to admin starts hearing; an admin demoted stops', async () => {
    const { owner, admin, member, roomId } = await team();
    await ok(t, P.role, { r: roomId, u: member.id, role: 'ADMIN' }, owner);
    await ok(t, P.role, { r: roomId, u: admin.id, role: 'MEMBER' }, owner);
    const [mSub, aSub] = await listen(member, admin);
    const { code } = (await ok(t, link, { r: roomId }, owner)).createInviteLink;
    await waitSeen(mSub, 'InviteLinkChanged', (e) => e.inviteLink.code === code);
    await heardNothing(roomId, [admin], [aSub]);
  });
});

describe('joining another way lapses a pending invitation or join request, live', () => {
  it('by link, by being added, or by joining a public room', async () => {
    const { owner, admin, roomId } = await team();
    const [linked, added] = await Promise.all([register(t, 'linked'), register(t, 'added')]);
    const inv = (await ok(t, invite, { r: roomId, u: added.id }, owner)).inviteToRoom;
    const req = (await ok(t, request, { r: roomId }, linked)).requestToJoin;
    const [aSub, lSub, dSub] = await listen(admin, linked, added);
    const { code } = (await ok(t, link, { r: roomId }, owner)).createInviteLink;
    await ok(t, joinLink, { c: code }, linked);
    await waitSeen(lSub, 'JoinRequestChanged', (e) => e.joinRequest.id === req.id && e.joinRequest.status === 'CANCELLED');
    await waitSeen(aSub, 'JoinRequestChanged', (e) => e.joinRequest.id === req.id && e.joinRequest.status === 'CANCELLED');
    await ok(t, P.add, { r: roomId, u: [added.id] }, owner);
    await waitSeen(dSub, 'InvitationChanged', (e) => e.invitation.id === inv.id && e.invitation.status === 'CANCELLED');
    await waitSeen(aSub, 'InvitationChanged', (e) => e.invitation.id === inv.id && e.invitation.status === 'CANCELLED');
    expect((await ok(t, `query { invitations { totalCount } }`, {}, added)).invitations.totalCount).toBe(0);

    const pubId = (await ok(t, P.pub, { i: { name: 'Open lobby' } }, owner)).createPublicRoom.id;
    const pInv = (await ok(t, invite, { r: pubId, u: linked.id }, owner)).inviteToRoom;
    await ok(t, P.join, { r: pubId }, linked);
    await waitSeen(lSub, 'InvitationChanged', (e) => e.invitation.id === pInv.id && e.invitation.status === 'CANCELLED');
  });
});
