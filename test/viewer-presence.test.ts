import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { connect, groupRoom, PRESENCE, subscribe } from './realtime-helpers.js';

/**
 * viewerPresence: one stream for a room list's online dots. A user hears about the people they share a direct room
 * with, and about nobody else (members of shared group rooms, strangers), over a real graphql-ws socket.
 */

jest.setTimeout(60_000);

const VIEWER_PRESENCE = `subscription { viewerPresence { roomId isOnline lastSeenAt user { id isOnline } } }`;
const DIRECT = `mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`;

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

async function direct(a: TestUser, b: TestUser): Promise<string> {
  const r = await t.gql(DIRECT, { u: b.id }, a.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.createDirectRoom.id;
}

/** Local handlers on the server's PubSub: a stream's subscription is live once its handlers are there. */
const handlers = () => t.server.app.pubsub.stats().handlers;

test('a user hears when a direct-room partner comes online and goes offline, and nothing about anyone else', async () => {
  const [alice, bob, carol, dave] = [await register(t, 'alice'), await register(t, 'bob'), await register(t, 'carol'), await register(t, 'dave')];
  const withBob = await direct(alice, bob);
  await direct(bob, dave); // Dave is Bob's partner, not Alice's
  const group = await groupRoom(t, carol, [alice, dave], 'Shared group'); // Carol and Dave share only a group with Alice

  const a = await connect(t, alice.accessToken);
  expect(a.ok).toBe(true);
  let before = handlers();
  const vp = subscribe(a.client, VIEWER_PRESENCE);
  await waitFor(() => handlers() > before, 'the viewerPresence stream');
  before = handlers();
  // The group's presence stream shows when Carol's and Dave's transitions have been handled.
  const gp = subscribe(a.client, PRESENCE, { r: group });
  await waitFor(() => handlers() >= before + 2, 'the group presence stream');

  const c = await connect(t, carol.accessToken);
  const d = await connect(t, dave.accessToken);
  await waitFor(() => gp.events.some((e) => e.user.id === carol.id && e.isOnline) && gp.events.some((e) => e.user.id === dave.id && e.isOnline), 'Carol and Dave online in the group');

  const b = await connect(t, bob.accessToken);
  await waitFor(() => vp.events.length >= 1, 'Bob online on Alice’s viewerPresence');
  await b.client.dispose();
  await waitFor(() => vp.events.length >= 2, 'Bob offline on Alice’s viewerPresence');
  // Carol and Dave went offline too, on the group stream; their changes never reach Alice's viewerPresence.
  await c.client.dispose();
  await d.client.dispose();
  await waitFor(() => gp.events.some((e) => e.user.id === carol.id && !e.isOnline) && gp.events.some((e) => e.user.id === dave.id && !e.isOnline), 'Carol and Dave offline in the group');
  // One more of Bob's transitions, after Carol's and Dave's: everything published before it has arrived.
  const b2 = await connect(t, bob.accessToken);
  await waitFor(() => vp.events.length >= 3, 'Bob online again');

  expect(vp.errors).toEqual([]);
  expect(vp.events.map((e) => [e.user.id, e.roomId, e.isOnline])).toEqual([
    [bob.id, withBob, true],
    [bob.id, withBob, false],
    [bob.id, withBob, true],
  ]);
  expect(vp.events[1].user.isOnline).toBe(false);
  expect(typeof vp.events[1].lastSeenAt).toBe('string');
  await b2.client.dispose();
  await a.client.dispose();
});

test('a direct room opened after the stream started is covered, and changes from before it are not sent', async () => {
  const [erin, frank] = [await register(t, 'erin'), await register(t, 'frank')];
  const f = await connect(t, frank.accessToken);
  let before = handlers();
  const vp = subscribe(f.client, VIEWER_PRESENCE);
  await waitFor(() => handlers() > before, 'the viewerPresence stream');
  const e1 = await connect(t, erin.accessToken);
  await e1.client.dispose();
  // Not partners yet: nothing. Now they are.
  const room = await direct(erin, frank);
  before = vp.events.length;
  const e2 = await connect(t, erin.accessToken);
  await waitFor(() => vp.events.some((e) => e.user.id === erin.id && e.isOnline), 'Erin online for Frank');
  expect(vp.events.slice(before)[0]).toMatchObject({ roomId: room, isOnline: true, user: { id: erin.id } });
  expect(vp.events.filter((e) => e.user.id === erin.id)).toHaveLength(1);
  await e2.client.dispose();
  await f.client.dispose();
});
