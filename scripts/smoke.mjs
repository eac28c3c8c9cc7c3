// Smoke test of a running Parley: /healthz, register, login, a room, a message sent over HTTP and received over
// graphql-ws. Uses only Node built-ins and Parley's runtime dependencies (ws, graphql-ws), so it runs from a pruned
// production tree: `node smoke.mjs http://127.0.0.1:4000`. Exits 0 when every step passed.
import { randomBytes } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const base = (process.argv[2] ?? process.env.SMOKE_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
const expect = { database: process.env.SMOKE_EXPECT_DATABASE, pubsub: process.env.SMOKE_EXPECT_PUBSUB };
const deadline = setTimeout(() => fail('timed out after 90 s'), 90_000);

function fail(message) {
  console.error(`smoke: FAILED: ${message}`);
  process.exit(1);
}
function step(message) {
  console.log(`smoke: ok: ${message}`);
}

async function gql(query, variables, token) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (res.status !== 200 || body.errors) fail(`${query.trim().split('\n')[0]}: HTTP ${res.status} ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

const health = await fetch(`${base}/healthz`).catch((err) => fail(`/healthz: ${err.message}`));
const h = await health.json();
if (health.status !== 200 || h.status !== 'ok') fail(`/healthz answered ${health.status} ${JSON.stringify(h)}`);
if (expect.database && h.database?.kind !== expect.database) fail(`/healthz database is ${h.database?.kind}, expected ${expect.database}`);
if (expect.pubsub && h.pubsub?.kind !== expect.pubsub) fail(`/healthz pubsub is ${h.pubsub?.kind}, expected ${expect.pubsub}`);
step(`/healthz ${JSON.stringify(h)}`);

const tag = randomBytes(4).toString('hex');
const password = `smoke ${randomBytes(12).toString('hex')}`;
const register = `mutation ($input: RegisterInput!) { register(input: $input) { accessToken user { id username } } }`;
const ada = await gql(register, { input: { email: `ada_${tag}@example.com`, username: `ada_${tag}`, password, displayName: 'Ada' } });
const bob = await gql(register, { input: { email: `bob_${tag}@example.com`, username: `bob_${tag}`, password, displayName: 'Bob' } });
step(`registered ${ada.register.user.username} and ${bob.register.user.username}`);

const login = await gql(`mutation ($input: LoginInput!) { login(input: $input) { accessToken user { id } } }`, {
  input: { username: `bob_${tag}`, password },
});
if (login.login.user.id !== bob.register.user.id) fail('login returned another user');
const bobToken = login.login.accessToken;
step('logged in');

const room = await gql(
  `mutation ($input: CreateGroupRoomInput!) { createGroupRoom(input: $input) { id } }`,
  { input: { name: `smoke ${tag}`, memberIds: [bob.register.user.id] } },
  ada.register.accessToken,
);
const roomId = room.createGroupRoom.id;
step(`room ${roomId}`);

const client = createClient({
  url: `${base.replace(/^http/, 'ws')}/graphql`,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${bobToken}` },
  retryAttempts: 0,
});
const body = `hello from the smoke test ${tag}`;
// afterSeq 0 replays the room's log and then goes live, so the message arrives whether it is sent before or after
// the stream switched to live: the point is that it reaches Bob over graphql-ws.
const received = new Promise((resolve, reject) => {
  client.subscribe(
    {
      query: `subscription ($roomId: ID!) { roomEvents(roomId: $roomId, afterSeq: 0) { __typename seq ... on MessageAdded { message { body sender { id } } } } }`,
      variables: { roomId },
    },
    {
      next: (r) => {
        if (r.errors) reject(new Error(JSON.stringify(r.errors)));
        const e = r.data?.roomEvents;
        if (e?.__typename === 'MessageAdded' && e.message.body === body) resolve(e);
      },
      error: (err) => reject(err instanceof Error ? err : new Error(JSON.stringify(err))),
      complete: () => reject(new Error('the stream completed before the message arrived')),
    },
  );
});
await gql(`mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }`, { input: { roomId, body, clientId: `smoke-${tag}` } }, ada.register.accessToken);
step('sent a message');
const event = await received.catch((err) => fail(`graphql-ws: ${err.message}`));
if (event.message.sender.id !== ada.register.user.id) fail('the message arrived with the wrong sender');
step(`received it over graphql-ws (seq ${event.seq})`);
await client.dispose();
clearTimeout(deadline);
console.log('smoke: passed');
