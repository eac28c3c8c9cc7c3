import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { ok, P, refused } from './people-helpers.js';
import { connect, ROOM_EVENTS, streamsReady, subscribe, type Sub } from './realtime-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const NEWS = `subscription { viewerEvents { __typename roomId
  ... on InvitationChanged { invitation { id status invitee { id } } }
  ... on JoinRequestChanged { joinRequest { id status user { id } } }
  ... on ContactRequestChanged { contactRequest { id status from { id } to { id } } }
  ... on ContactRemoved { user { id } }
  ... on RemovedFromRoom { reason }
  ... on AddedToRoom { room { id } }
} }`;

/** Each user's viewerEvents, open and registered before the test acts. */
async function listen(...users: TestUser[]): Promise<Sub[]> {
  const subs = users.map((u) => subscribe(t.ws(u.accessToken), NEWS));
  for (const u of users) await streamsReady(t, u);
  return subs;
}
const seen = (s: Sub, type: string, pred: (e: any) => boolean = () => true) => s.events.some((e) => e.__typename === type && pred(e));
const waitSeen = (s: Sub, type: string, pred?: (e: any) => boolean) => waitFor(() => seen(s, type, pred), type, 30_000);

describe('live news on viewerEvents', () => {
  it('invitations reach the invitee and the managers, never other members', async () => {
    const [owner, admin, member, guest] = await Promise.all([register(t, 'owner'), register(t, 'admin'), register(t, 'member'), register(t, 'guest')]);
    const roomId = (await ok(t, P.group, { i: { name: 'Live', memberIds: [admin.id, member.id] } }, owner)).createGroupRoom.id;
    await ok(t, P.role, { r: roomId, u: admin.id, role: 'ADMIN' }, owner);
    const [gSub, aSub, mSub] = await listen(guest, admin, member);
    const inv = (await ok(t, `mutation($r: ID!, $u: ID!) { inviteToRoom(roomId: $r, userId: $u) { id } }`, { r: roomId, u: guest.id }, owner)).inviteToRoom;
    await waitSeen(gSub, 'InvitationChanged', (e) => e.invitation.id === inv.id && e.invitation.status === 'PENDING' && e.roomId === roomId);
    await waitSeen(aSub, 'InvitationChanged', (e) => e.invitation.invitee.id === guest.id);
    await ok(t, `mutation($id: ID!) { acceptInvitation(id: $id) { id } }`, { id: inv.id }, guest);
    await waitSeen(gSub, 'InvitationChanged', (e) => e.invitation.status === 'ACCEPTED');
    await waitSeen(gSub, 'AddedToRoom', (e) => e.room.id === roomId);
    // The member hears of the join (activity in the room), published after the invitation news: none of that reached them.
    await waitFor(() => mSub.events.length > 0, 'activity for the member', 30_000);
    expect(mSub.events.some((e) => e.__typename === 'InvitationChanged')).toBe(false);
  });

  it('join requests reach both sides as they are made and answered', async () => {
    const [owner, asker] = await Promise.all([register(t, 'owner'), register(t, 'asker')]);
    const roomId = (await ok(t, P.group, { i: { name: 'Findable', memberIds: [], discoverable: true } }, owner)).createGroupRoom.id;
    const [oSub, aSub] = await listen(owner, asker);
    const req = (await ok(t, `mutation($r: ID!) { requestToJoin(roomId: $r, message: "hi") { id } }`, { r: roomId }, asker)).requestToJoin;
    await waitSeen(oSub, 'JoinRequestChanged', (e) => e.joinRequest.id === req.id && e.joinRequest.user.id === asker.id);
    await waitSeen(aSub, 'JoinRequestChanged', (e) => e.joinRequest.status === 'PENDING');
    await ok(t, `mutation($id: ID!) { approveJoinRequest(id: $id) { id } }`, { id: req.id }, owner);
    await waitSeen(aSub, 'JoinRequestChanged', (e) => e.joinRequest.status === 'ACCEPTED');
    await waitSeen(oSub, 'JoinRequestChanged', (e) => e.joinRequest.status === 'ACCEPTED');
    await waitSeen(aSub, 'AddedToRoom', (e) => e.room.id === roomId);
  });

  it('contact requests reach both people and no one else', async () => {
    const [a, b, c] = await Promise.all([register(t, 'a'), register(t, 'b'), register(t, 'c')]);
    const [aSub, bSub, cSub] = await listen(a, b, c);
    const req = (await ok(t, `mutation($u: ID!) { sendContactRequest(userId: $u) { id } }`, { u: b.id }, a)).sendContactRequest;
    await waitSeen(bSub, 'ContactRequestChanged', (e) => e.contactRequest.id === req.id && e.contactRequest.from.id === a.id && e.roomId === null);
    await ok(t, `mutation($id: ID!) { acceptContactRequest(id: $id) { id } }`, { id: req.id }, b);
    await waitSeen(aSub, 'ContactRequestChanged', (e) => e.contactRequest.status === 'ACCEPTED');
    await ok(t, `mutation($u: ID!) { removeContact(userId: $u) }`, { u: b.id }, a);
    await waitSeen(bSub, 'ContactRemoved', (e) => e.user.id === a.id);
    // c is told nothing: its own news (a contact request to c) arrives, alone.
    await ok(t, `mutation($u: ID!) { sendContactRequest(userId: $u) { id } }`, { u: c.id }, a);
    await waitSeen(cSub, 'ContactRequestChanged');
    expect(cSub.events).toHaveLength(1);
  });
});

describe('hidden direct rooms', () => {
  it('leave the list (live for the viewer\'s other sessions) until a new message; only direct rooms; members only', async () => {
    const [a, b, outsider] = await Promise.all([register(t, 'a'), register(t, 'b'), register(t, 'x')]);
    const roomId = (await ok(t, P.direct, { u: b.id }, a)).createDirectRoom.id;
    await ok(t, P.send, { r: roomId, b: 'hello' }, b);
    const HIDE = `mutation($r: ID!) { hideRoom(roomId: $r) }`;
    const listed = async (u: TestUser) => (await ok(t, `query { rooms(first: 50) { totalCount edges { node { id } } } }`, {}, u)).rooms;
    refused(await t.gql(HIDE, { r: roomId }), 'UNAUTHENTICATED');
    refused(await t.gql(HIDE, { r: roomId }, outsider.accessToken), 'NOT_FOUND');
    const groupId = (await ok(t, P.group, { i: { name: 'G', memberIds: [] } }, a)).createGroupRoom.id;
    refused(await t.gql(HIDE, { r: groupId }, a.accessToken), 'BAD_USER_INPUT');
    const [aSub] = await listen(a);
    expect((await ok(t, HIDE, { r: roomId }, a)).hideRoom).toBe(true);
    await waitSeen(aSub, 'RemovedFromRoom', (e) => e.roomId === roomId && e.reason === 'HIDDEN');
    const after = await listed(a);
    expect(after.edges.map((e: any) => e.node.id)).toEqual([groupId]);
    expect(after.totalCount).toBe(1);
    expect((await listed(b)).edges.map((e: any) => e.node.id)).toContain(roomId); // nothing changes for b
    await ok(t, P.send, { r: roomId, b: 'are you there?' }, b);
    expect((await listed(a)).edges.map((e: any) => e.node.id)).toContain(roomId);
    // Opening it again brings it back too.
    await ok(t, HIDE, { r: roomId }, a);
    expect((await listed(a)).edges.map((e: any) => e.node.id)).not.toContain(roomId);
    await ok(t, P.direct, { u: b.id }, a);
    expect((await listed(a)).edges.map((e: any) => e.node.id)).toContain(roomId);
  });
});

describe('sessions', () => {
  const LOGIN = `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`;
  const LIST = `query { sessions { id device ip current createdAt lastUsedAt expiresAt } }`;
  const REVOKE = `mutation($id: ID!) { revokeSession(id: $id) }`;

  it('lists the viewer\'s devices and signs one out, closing its sockets', async () => {
    const [u, other] = await Promise.all([register(t, 'u'), register(t, 'other')]);
    const phoneToken = (await t.gql(LOGIN, { u: u.username, p: u.password }, undefined, { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36' })).data.login.accessToken;
    const phone = { ...u, accessToken: phoneToken };
    refused(await t.gql(LIST, {}), 'UNAUTHENTICATED');
    const list = (await ok(t, LIST, {}, u)).sessions;
    expect(list).toHaveLength(2);
    expect(list[0].current).toBe(true);
    const phoneSession = list.find((s: any) => s.device === 'Chrome on Android');
    expect(phoneSession).toMatchObject({ current: false });
    expect(phoneSession.ip).toBeTruthy();
    expect((await ok(t, LIST, {}, other)).sessions).toHaveLength(1);

    // The phone holds a socket with a room stream.
    const roomId = (await ok(t, P.group, { i: { name: 'R', memberIds: [] } }, u)).createGroupRoom.id;
    const socket = await connect(t, phoneToken);
    expect(socket.ok).toBe(true);
    const stream = subscribe(socket.client, ROOM_EVENTS, { r: roomId });
    await streamsReady(t, u);
    refused(await t.gql(REVOKE, { id: phoneSession.id }, other.accessToken), 'NOT_FOUND');
    refused(await t.gql(REVOKE, { id: phoneSession.id }), 'UNAUTHENTICATED');
    expect((await ok(t, REVOKE, { id: phoneSession.id }, u)).revokeSession).toBe(true);
    await waitFor(() => socket.state.closedCode === 4403, 'the phone socket to close', 30_000);
    expect(stream.events.at(-1)).toMatchObject({ __typename: 'AccessRevoked', reason: 'SIGNED_OUT' });
    refused(await t.gql(LIST, {}, phone.accessToken), 'UNAUTHENTICATED');
    expect((await ok(t, LIST, {}, u)).sessions.map((s: any) => s.id)).not.toContain(phoneSession.id);
    refused(await t.gql(REVOKE, { id: phoneSession.id }, u.accessToken), 'NOT_FOUND');
  });
});
