import WebSocket from 'ws';
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { end, groupRoom, roomSeq, sendMessage, seqs, socket, streamsReady, subscribe } from './realtime-helpers.js';

// Backpressure on the broadcast: a socket that stops reading leaves the shared broadcast for its paced path and holds
// nobody back. The server keeps the default execution timeout: on a busy machine this heavy document's executions
// may take longer than the short timeout realtime-delivery.test.ts needs for its hung execution, and an event that
// times out is a masked error, not the event this test counts.
// About 250 KB per event (32 copies of an 8 KB body): a few dozen events fill what the kernel buffers for a socket.
const HEAVY = `subscription($r: ID!) { roomEvents(roomId: $r) { seq ... on MessageAdded { ${Array.from({ length: 32 }, (_, i) => `m${i}: message { body }`).join(' ')} } } }`;

let t: TestServer;
let owner: TestUser;
let members: TestUser[];
let roomId: string;

beforeAll(async () => {
  t = await startServer({ env: { REALTIME_MAX_BUFFERED_BYTES: '65536', GRAPHQL_MAX_ALIASES: '40' } });
  owner = await register(t, 'owner');
  members = [];
  for (let i = 0; i < 2; i++) members.push(await register(t, `m${i}`));
  roomId = await groupRoom(t, owner, members);
});
afterAll(async () => {
  await t?.stop();
});

describe('a socket that stops reading', () => {
  it('leaves the broadcast for its paced path without holding anyone back, and gets every event in order once it reads again', async () => {
    const sockets: WebSocket[] = [];
    class TrackedWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    }
    const slow = subscribe(socket(t, members[0], { webSocketImpl: TrackedWebSocket }), HEAVY, { r: roomId });
    const fast = subscribe(socket(t, members[1]), HEAVY, { r: roomId });
    await streamsReady(t, members[0]);
    await streamsReady(t, members[1]);
    const from = (await roomSeq(t, owner, roomId)) + 1;
    const d = diagnostics(t.server);
    const paced = d.counters.pacedFallbacks;
    sockets[0].pause();
    // 1,990 emoji: 3,980 UTF-16 units (under the 4,000 limit), 7,960 bytes of UTF-8.
    const body = '😀'.repeat(1990);
    const count = 40;
    // Four senders of ten each: on a busy machine forty sends one after another outlast the test's own timeout.
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = 0; i < count / 4; i++) await sendMessage(t, owner, roomId, body);
    }));
    // The reader that keeps up has them all while the other one reads nothing.
    await waitFor(() => fast.events.length === count, () => `every event at the fast reader (it has ${fast.events.length} of ${count}: ${seqs(fast).join(",")}; from ${from}; slow has ${slow.events.length}; paced fallbacks ${d.counters.pacedFallbacks - paced})`, 60_000);
    expect(d.counters.pacedFallbacks).toBeGreaterThan(paced);
    sockets[0].resume();
    await waitFor(
      () => slow.events.length === count,
      () =>
        `every event at the slow reader once it reads (it has ${slow.events.length} of ${count}, seqs ${seqs(slow).join(',')}; errors ${JSON.stringify(slow.errors).slice(0, 300)}; ` +
        `completed ${slow.completed}; paced fallbacks ${d.counters.pacedFallbacks - paced}; its socket ${sockets[0].readyState}, ${sockets[0].isPaused ? 'paused' : 'reading'})`,
      60_000,
    );
    const expected = Array.from({ length: count }, (_, i) => from + i);
    expect(seqs(slow)).toEqual(expected);
    expect(seqs(fast)).toEqual(expected);
    expect(slow.errors).toEqual([]);
    expect(fast.errors).toEqual([]);
    await end(t, [owner, ...members], [slow, fast]);
  }, 180_000);
});
