/** viewerEvents: rooms added and removed, activity with unread counts, and bursts coalesced. */
import { register, startServer, waitFor, type TestServer } from './harness.js';
import { connect, groupRoom, holdViewerNews, roomSeq, sendMessage, streamsReady, subscribe, VIEWER_EVENTS, type ViewerNewsHold } from './realtime-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});
/** Held viewer news is let through after each test (one that failed while holding it must not stall the rest). */
let hold: ViewerNewsHold | undefined;
afterEach(() => hold?.release());

describe('viewerEvents', () => {
  it('tells the viewer about rooms added, activity with unread counts, and removal', async () => {
    const owner = await register(t);
    const u = await register(t);
    const { client } = await connect(t, u.accessToken);
    const news = subscribe(client, VIEWER_EVENTS);
    await streamsReady(t, u);
    const roomId = await groupRoom(t, owner, [u]);
    await waitFor(() => news.events.some((e) => e.__typename === 'AddedToRoom'), 'AddedToRoom');
    expect(news.events.find((e) => e.__typename === 'AddedToRoom')).toMatchObject({ roomId, room: { id: roomId } });
    await sendMessage(t, owner, roomId, 'one');
    const two = await sendMessage(t, owner, roomId, 'two');
    await waitFor(() => news.events.some((e) => e.__typename === 'RoomActivity' && e.lastSeq === two.seq), 'activity');
    expect(news.events.filter((e) => e.__typename === 'RoomActivity').pop()).toMatchObject({ roomId, lastSeq: two.seq, unreadCount: 2 });
    const count = news.events.length;
    await t.gql(`mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: roomId, s: two.seq }, u.accessToken);
    // An activity batch of the sends may still be on its way (unreadCount 2): what proves the point is the one with 0.
    const isRead = (e: { __typename: string; roomId?: string; unreadCount?: number }) => e.__typename === 'RoomActivity' && e.roomId === roomId && e.unreadCount === 0;
    await waitFor(() => news.events.slice(count).some(isRead), 'activity with unreadCount 0 after markRead');
    const readAt = news.events.findIndex((e, i) => i >= count && isRead(e));
    await t.gql(`mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }`, { r: roomId, u: u.id }, owner.accessToken);
    await waitFor(() => news.events.some((e) => e.__typename === 'RemovedFromRoom'), 'RemovedFromRoom');
    // Nothing after the read (up to the removal, which comes after it on the same stream) says the room is unread again.
    const removedAt = news.events.findIndex((e) => e.__typename === 'RemovedFromRoom');
    expect(news.events.slice(readAt + 1, removedAt).filter((e) => e.__typename === 'RoomActivity' && e.unreadCount !== 0)).toEqual([]);
    expect(news.events.find((e) => e.__typename === 'RemovedFromRoom')).toMatchObject({ roomId, reason: 'REMOVED' });

    const doomed = await groupRoom(t, owner, [u]);
    await waitFor(() => news.events.some((e) => e.__typename === 'AddedToRoom' && e.roomId === doomed), 'AddedToRoom for the second room');
    expect((await t.gql(`mutation($r: ID!) { deleteRoom(roomId: $r) }`, { r: doomed }, owner.accessToken)).data.deleteRoom).toBe(true);
    await waitFor(() => news.events.some((e) => e.__typename === 'RemovedFromRoom' && e.roomId === doomed), 'RemovedFromRoom on deletion');
    expect(news.events.find((e) => e.__typename === 'RemovedFromRoom' && e.roomId === doomed).reason).toBe('ROOM_DELETED');
    // Nobody else's rooms: every event was about the viewer's own rooms.
    expect(new Set(news.events.map((e) => e.roomId))).toEqual(new Set([roomId, doomed]));
  });

  it('coalesces a burst in one room into fewer RoomActivity events, the last one current', async () => {
    const owner = await register(t);
    const u = await register(t);
    const roomId = await groupRoom(t, owner, [u]);
    const { client } = await connect(t, u.accessToken);
    const news = subscribe(client, VIEWER_EVENTS);
    await streamsReady(t, u);
    const sent = await Promise.all(Array.from({ length: 10 }, (_, i) => sendMessage(t, owner, roomId, `burst ${i}`)));
    const last = Math.max(...sent.map((m) => m.seq));
    await waitFor(() => news.events.some((e) => e.__typename === 'RoomActivity' && e.lastSeq === last), 'activity for the last message');
    // News arrives in publish order, and the last message's activity is the burst's last: nothing of it comes later.
    const activity = news.events.filter((e) => e.__typename === 'RoomActivity');
    expect(activity.length).toBeLessThan(10);
    expect(activity[activity.length - 1]).toMatchObject({ roomId, lastSeq: last, unreadCount: 10 });
    expect(news.errors).toEqual([]);
  });

  it('tells a member added while an earlier batch fans out of the room before any of its activity', async () => {
    const owner = await register(t);
    const member = await register(t);
    const joiner = await register(t);
    const roomId = await groupRoom(t, owner, [member]);
    const m = subscribe((await connect(t, member.accessToken)).client, VIEWER_EVENTS);
    const j = subscribe((await connect(t, joiner.accessToken)).client, VIEWER_EVENTS);
    await streamsReady(t, member);
    await streamsReady(t, joiner);
    // The batch carrying the message fans out only once the joiner's membership has committed: it reads the members
    // after the join, while the join's own batch (AddedToRoom) waits behind it.
    const first = (await roomSeq(t, owner, roomId)) + 1;
    const h = (hold = holdViewerNews(t, (events) => events.some((e) => e.roomId === roomId && e.seq === first)));
    const sent = await sendMessage(t, owner, roomId, 'before the join');
    expect(sent.seq).toBe(first);
    await waitFor(() => h.held, 'the batch with the message held');
    const added = await t.gql(`mutation($r: ID!, $u: [ID!]!) { addMembers(roomId: $r, userIds: $u) { id } }`, { r: roomId, u: [joiner.id] }, owner.accessToken);
    expect(added.errors).toBeUndefined();
    h.release();
    const joinedSeq = await roomSeq(t, owner, roomId);
    expect(joinedSeq).toBeGreaterThan(first);
    // Both batches reached the joiner: the held one (if it wrongly included them) came first, on the same topic.
    await waitFor(() => j.events.some((e) => e.__typename === 'RoomActivity' && e.lastSeq >= joinedSeq), "the join batch's activity for the joiner");
    await waitFor(() => m.events.some((e) => e.__typename === 'RoomActivity' && e.lastSeq >= first), "the held batch's activity for the member");
    expect(j.events.map((e) => e.__typename)).toEqual(['AddedToRoom', 'RoomActivity']);
    expect(j.events[0]).toMatchObject({ roomId });
    expect(j.events[1]).toMatchObject({ roomId, lastSeq: joinedSeq });
    expect(m.errors).toEqual([]);
    expect(j.errors).toEqual([]);
  });
});
