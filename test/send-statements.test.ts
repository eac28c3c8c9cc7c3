import { register, startServer, type TestServer } from './harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

describe('sendMessage statement count', () => {
  it('checks membership with one query and resolves the sender and room without more', async () => {
    const [a, b] = [await register(t), await register(t)];
    const roomId = (await t.gql(`mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: b.id }, a.accessToken)).data.createDirectRoom.id;
    const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body sender { id username } room { id } } }`;
    await t.gql(SEND, { i: { roomId, body: 'warm up' } }, a.accessToken);
    await new Promise((r) => setTimeout(r, 500)); // let the viewer fan-out of the warm-up finish
    const before = t.server.app.metrics.sqlStatements;
    const r = await t.gql(SEND, { i: { roomId, body: 'counted' } }, a.accessToken);
    expect(r.errors).toBeUndefined();
    expect(r.data.sendMessage.sender.id).toBe(a.id);
    const used = t.server.app.metrics.sqlStatements - before;
    // session (1), membership+room (1), transaction: begin, seq, message, event, read marker, commit (6).
    expect(used).toBeLessThanOrEqual(8);
  });
});
