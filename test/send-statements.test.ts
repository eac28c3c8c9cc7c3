import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { backend, register, startServer, type TestServer } from './harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

describe('sendMessage statement count', () => {
  it('checks membership within the write and resolves the sender and room without more', async () => {
    const [a, b] = [await register(t), await register(t)];
    const roomId = (await t.gql(`mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: b.id }, a.accessToken)).data.createDirectRoom.id;
    const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body sender { id username } room { id } } }`;
    await t.gql(SEND, { i: { roomId, body: 'warm up' } }, a.accessToken);
    // The viewer fan-out of each send runs after its answer: counted apart, so each measurement starts after it.
    await diagnostics(t.server).viewerNewsSettled();
    // session (1), then the write, which also checks membership and returns the room: on PostgreSQL one statement
    // (seq, message, event and read marker in data-modifying CTEs); on SQLite a transaction: begin, seq, event,
    // message, read marker, commit (6).
    const expected = backend.database === 'postgresql' ? 2 : 7;
    for (const clientId of [undefined, 'fresh-client-id']) {
      const before = diagnostics(t.server).counters.sqlStatements;
      const r = await t.gql(SEND, { i: { roomId, body: 'counted', clientId } }, a.accessToken);
      expect(r.errors).toBeUndefined();
      expect(r.data.sendMessage.sender.id).toBe(a.id);
      const used = diagnostics(t.server).counters.sqlStatements - before;
      // A clientId costs no lookup: only a repeated one (a unique violation) reads the first message.
      expect(used).toBeLessThanOrEqual(expected);
      await diagnostics(t.server).viewerNewsSettled();
    }
  });
});
