/** Public rooms: listed and joinable by anyone signed in; private rooms are not. */
import { code, register, type TestServer, type TestUser } from './harness.js';
import { q, useRoomsFixture } from './rooms-helpers.js';

let t: TestServer;
const { send, group } = useRoomsFixture((server) => (t = server));

describe('public rooms', () => {
  it('are listed and joinable by anyone signed in; messages need joining', async () => {
    const [owner, visitor] = [await register(t), await register(t)];
    const name = `Lobby ${Date.now()}`;
    const room = (await t.gql(q.pub, { i: { name, description: 'Say hi' } }, owner.accessToken)).data.createPublicRoom;
    expect(room).toMatchObject({ kind: 'PUBLIC', myRole: 'OWNER', memberCount: 1 });
    await send(owner, room.id, 'welcome');
    const found = await t.gql(`query($s: String) { publicRooms(search: $s) { totalCount edges { node { id name memberCount myRole lastMessage { body } } } } }`, { s: name.slice(0, 12).toLowerCase() }, visitor.accessToken);
    const hit = found.data.publicRooms.edges.find((e: any) => e.node.id === room.id);
    expect(hit.node).toMatchObject({ name, memberCount: 1, myRole: null, lastMessage: null });
    expect((await t.gql(q.room, { id: room.id }, visitor.accessToken)).data.room.myRole).toBeNull();
    expect(code(await t.gql(q.messages, { id: room.id, last: 5 }, visitor.accessToken))).toBe('FORBIDDEN');
    expect(code(await t.gql(q.send, { i: { roomId: room.id, body: 'hi' } }, visitor.accessToken))).toBe('FORBIDDEN');
    const joined = await t.gql(q.join, { r: room.id }, visitor.accessToken);
    expect(joined.data.joinRoom).toMatchObject({ myRole: 'MEMBER', memberCount: 2 });
    expect((await t.gql(q.join, { r: room.id }, visitor.accessToken)).data.joinRoom.memberCount).toBe(2);
    expect((await t.gql(q.messages, { id: room.id, last: 5 }, visitor.accessToken)).data.room.messages.edges[0].node.body).toBe('welcome');
    expect(code(await t.gql(q.join, { r: room.id }))).toBe('UNAUTHENTICATED');
  });

  it('private rooms cannot be joined', async () => {
    const [owner, visitor] = [await register(t), await register(t)];
    const g = await group(owner, []);
    expect(code(await t.gql(q.join, { r: g.id }, visitor.accessToken))).toBe('NOT_FOUND');
  });
});
