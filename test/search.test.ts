import { randomUUID } from 'node:crypto';
import { Message } from '../src/modules/messages/message.entity.js';
import { backend, code, field, register, startServer, type TestServer, type TestUser } from './harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const SEARCH = `query($q: String!, $room: ID, $order: SearchOrder, $first: Int, $after: String) {
  searchMessages(query: $q, roomId: $room, orderBy: $order, first: $first, after: $after) {
    totalCount
    edges { cursor highlights { start end } node { id body room { id } sender { username } } message { id } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id createdAt } }`;

async function gqlOk(query: string, variables: Record<string, unknown>, u?: TestUser) {
  const r = await t.gql(query, variables, u?.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

async function send(u: TestUser, roomId: string, body: string): Promise<string> {
  return (await gqlOk(SEND, { i: { roomId, body } }, u)).sendMessage.id;
}

async function search(u: TestUser | undefined, q: string, opts: { room?: string; order?: string; first?: number; after?: string } = {}) {
  return t.gql(SEARCH, { q, ...opts }, u?.accessToken);
}

async function bodies(u: TestUser, q: string, opts: { room?: string; order?: string } = {}) {
  const r = await search(u, q, { first: 100, ...opts });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.searchMessages.edges.map((e: any) => e.node.body).sort();
}

let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser;
let team: string, other: string, lobby: string;

beforeAll(async () => {
  [alice, bob, carol, dave] = [await register(t, 'alice'), await register(t, 'bob'), await register(t, 'carol'), await register(t, 'dave')];
  const g = async (owner: TestUser, name: string, members: TestUser[]) =>
    (await gqlOk(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name, memberIds: members.map((m) => m.id) } }, owner)).createGroupRoom.id;
  team = await g(alice, 'Search Team', [bob, dave]);
  other = await g(carol, 'Other place', []);
  lobby = (await gqlOk(`mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { id } }`, { i: { name: 'Lobby' } }, alice)).createPublicRoom.id;
  await send(alice, team, 'The quick brown fox jumps over the lazy dog');
  await send(bob, team, 'Quick thinking saves the day');
  await send(bob, team, 'Brown bread and a café au lait');
  await send(dave, team, 'Dave says the fox is quick, quick!');
  await send(carol, other, 'Carol knows a quick brown fox too');
  await send(alice, lobby, 'Lobby news: the quick update');
});

describe('searchMessages', () => {
  it('matches whole words in any case and accent, with highlights as offsets of the body', async () => {
    expect(await bodies(alice, 'QUICK')).toEqual([
      'Dave says the fox is quick, quick!',
      'Lobby news: the quick update',
      'Quick thinking saves the day',
      'The quick brown fox jumps over the lazy dog',
    ]);
    expect(await bodies(alice, 'cafe')).toEqual(['Brown bread and a café au lait']);
    expect(await bodies(alice, 'qui')).toEqual([]);
    const r = await search(alice, 'quick fox', { order: 'NEWEST' });
    const edges = r.data.searchMessages.edges;
    expect(edges.map((e: any) => e.node.body)).toEqual(['Dave says the fox is quick, quick!', 'The quick brown fox jumps over the lazy dog']);
    const mark = (e: any) => e.highlights.map((h: any) => e.node.body.slice(h.start, h.end));
    expect(mark(edges[0])).toEqual(['fox', 'quick', 'quick']);
    expect(mark(edges[1])).toEqual(['quick', 'fox']);
    expect(edges[0].message.id).toBe(edges[0].node.id);
    expect(r.data.searchMessages.totalCount).toBe(2);
  });

  it('ranks by relevance by default and pages by newest on request', async () => {
    const relevance = await search(alice, 'quick', { first: 100 });
    // The message that says it twice in few words comes first.
    expect(relevance.data.searchMessages.edges[0].node.body).toBe('Dave says the fox is quick, quick!');
    const newest = await search(alice, 'quick', { order: 'NEWEST', first: 100 });
    expect(newest.data.searchMessages.edges[0].node.body).toBe('Lobby news: the quick update');
  });

  it('supports phrases, exclusions and the from:, in:, before: and after: filters', async () => {
    expect(await bodies(alice, '"quick brown"')).toEqual(['The quick brown fox jumps over the lazy dog']);
    expect(await bodies(alice, '"brown quick"')).toEqual([]);
    expect(await bodies(alice, 'quick -fox')).toEqual(['Lobby news: the quick update', 'Quick thinking saves the day']);
    expect(await bodies(alice, 'quick -"lazy dog" -update')).toEqual(['Dave says the fox is quick, quick!', 'Quick thinking saves the day']);
    expect(await bodies(alice, `quick from:${bob.username.toUpperCase()}`)).toEqual(['Quick thinking saves the day']);
    expect(await bodies(alice, `from:@${bob.username}`)).toEqual(['Brown bread and a café au lait', 'Quick thinking saves the day']);
    expect(await bodies(alice, 'quick in:lobby')).toEqual(['Lobby news: the quick update']);
    expect(await bodies(alice, 'fox in:"search team"')).toEqual(['Dave says the fox is quick, quick!', 'The quick brown fox jumps over the lazy dog']);
    // A room the viewer is not in, named in in:, finds nothing.
    expect(await bodies(alice, 'fox in:"Other place"')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await bodies(alice, `quick before:${today}`)).toEqual([]);
    expect(await bodies(alice, `quick after:${today}`)).toEqual([]);
    expect(await bodies(alice, 'quick after:2020-01-01 before:2999-01-01')).toHaveLength(4);
    expect(await bodies(alice, 'quick', { room: lobby })).toEqual(['Lobby news: the quick update']);
  });

  it("sees only the viewer's rooms: outsiders, removed members and anonymous callers find nothing of them", async () => {
    expect(await bodies(carol, 'quick')).toEqual(['Carol knows a quick brown fox too']);
    expect(await bodies(carol, `from:${alice.username}`)).toEqual([]);
    expect(code(await search(carol, 'quick', { room: team }))).toBe('NOT_FOUND');
    // A public room's messages are for its members too.
    expect(code(await search(carol, 'quick', { room: lobby }))).toBe('FORBIDDEN');
    expect(code(await search(undefined, 'quick'))).toBe('UNAUTHENTICATED');
    expect(await bodies(dave, 'quick')).toHaveLength(3);
    await gqlOk(`mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }`, { r: team, u: dave.id }, alice);
    expect(await bodies(dave, 'quick')).toEqual([]);
    expect(await bodies(dave, `from:${dave.username}`)).toEqual([]);
    expect(code(await search(dave, 'quick', { room: team }))).toBe('NOT_FOUND');
  });

  it('never matches deleted messages, and follows edits', async () => {
    const id = await send(bob, team, 'ephemeral zebra crossing');
    expect(await bodies(alice, 'zebra')).toEqual(['ephemeral zebra crossing']);
    await gqlOk(`mutation($m: ID!, $b: String!) { editMessage(messageId: $m, body: $b) { id } }`, { m: id, b: 'ephemeral giraffe crossing' }, bob);
    expect(await bodies(alice, 'zebra')).toEqual([]);
    expect(await bodies(alice, 'giraffe')).toEqual(['ephemeral giraffe crossing']);
    await gqlOk(`mutation($m: ID!) { deleteMessage(messageId: $m) { id } }`, { m: id }, bob);
    expect(await bodies(alice, 'giraffe')).toEqual([]);
    expect(await bodies(alice, 'ephemeral -zebra')).toEqual([]);
    expect((await search(alice, 'giraffe')).data.searchMessages.totalCount).toBe(0);
  });

  it.each(['NEWEST', 'RELEVANCE'])('pages by keyset in %s order, stable while messages arrive', async (order) => {
    const word = `kw${order.toLowerCase()}`;
    const sent: string[] = [];
    for (let i = 0; i < 7; i++) sent.push(await send(alice, team, `${word} ${'x '.repeat(i)}item ${i}`));
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const r = await search(alice, word, { order, first: 3, after });
      expect(r.errors).toBeUndefined();
      const c = r.data.searchMessages;
      seen.push(...c.edges.map((e: any) => e.node.id));
      expect(c.pageInfo.hasPreviousPage).toBe(pages > 0);
      pages++;
      // New matches arrive between pages: they belong before the first page, never in the ones still to come.
      if (pages === 1) for (let i = 0; i < 3; i++) await send(bob, team, `${word} late ${i}`);
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(sent));
    expect(pages).toBe(3);
    if (order === 'NEWEST') expect(seen).toEqual([...sent].reverse());
  });

  it('pages NEWEST in (created_at, id) order whatever the insertion order: imports, backdated and tied times, edits, unreadable rooms', async () => {
    const word = 'kwtimeline';
    const em = () => t.server.app.orm.em.fork();
    const group = async (owner: TestUser, name: string, members: TestUser[]) =>
      (await gqlOk(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name, memberIds: members.map((m) => m.id) } }, owner)).createGroupRoom.id;
    const timeline = await group(alice, 'Timeline', [bob]);
    const hidden = await group(carol, 'Hidden timeline', []);
    const base = Date.now() - 3_600_000;
    const at: Record<string, number> = {};
    // Sent in order, then their times rewritten (as a slow transaction or a clock step would leave them): the first
    // eight newest-first, the next nine in three milliseconds of three messages each.
    const sent: string[] = [];
    for (let i = 0; i < 17; i++) sent.push(await send(i % 2 ? bob : alice, timeline, `${word} sent ${i}`));
    sent.forEach((id, i) => (at[id] = i < 8 ? base + (8 - i) * 1000 : base + 20_000 + Math.floor((i - 8) / 3) * 1000));
    for (const id of sent) await em().nativeUpdate(Message, { id }, { createdAt: new Date(at[id]) });
    // Imported after them, with older times and times shared with sent messages (ties broken by id).
    const imported = Array.from({ length: 9 }, (_, i) => ({
      id: randomUUID(), room: timeline, sender: alice.id, seq: 1000 + i, body: `${word} imported ${i}`, clientId: null, filtered: false,
      createdAt: new Date(i < 5 ? base - (i + 1) * 500 : at[sent[8 + 3 * (i - 5)]] ?? base + 20_000), reactions: {},
    }));
    await em().insertMany(Message, imported);
    for (const m of imported) at[m.id] = m.createdAt.getTime();
    // Newer matches in a room alice cannot read, more than a page's walk, one of them in a millisecond of hers.
    for (let i = 0; i < 40; i++) {
      const id = await send(carol, hidden, `${word} hidden ${i}`);
      await em().nativeUpdate(Message, { id }, { createdAt: new Date(i === 0 ? at[sent[9]] : base + 60_000 + i) });
    }
    // An edit keeps its place; a deleted message leaves.
    await gqlOk(`mutation($m: ID!, $b: String!) { editMessage(messageId: $m, body: $b) { id } }`, { m: sent[9], b: `${word} sent 9, edited` }, bob);
    await gqlOk(`mutation($m: ID!) { deleteMessage(messageId: $m) { id } }`, { m: sent[3] }, bob);
    const expected = [...sent.filter((id) => id !== sent[3]), ...imported.map((m) => m.id)].sort((a, b) => at[b] - at[a] || (a < b ? 1 : -1));
    expect(new Set(expected.map((id) => at[id])).size).toBeLessThan(expected.length);

    const walk = async (first: number, room?: string) => {
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 1; ; pages++) {
        const r = await search(alice, word, { order: 'NEWEST', first, after, room });
        expect(r.errors).toBeUndefined();
        const c = r.data.searchMessages;
        seen.push(...c.edges.map((e: any) => e.node.id));
        expect(c.edges.length).toBe(c.pageInfo.hasNextPage ? first : c.edges.length);
        if (!c.pageInfo.hasNextPage) break;
        after = c.pageInfo.endCursor;
        expect(pages).toBeLessThan(50);
      }
      return seen;
    };
    for (const first of [1, 3, 7, 100]) expect([first, await walk(first)]).toEqual([first, expected]);
    expect(await walk(4, timeline)).toEqual(expected);
    expect((await search(alice, word, { order: 'NEWEST', first: 1 })).data.searchMessages.totalCount).toBe(expected.length);
    // The index built from existing messages by the migration keeps the same order (SQLite: its rowids are times).
    if (backend.database === 'sqlite') {
      const migrator = t.server.app.orm.getMigrator();
      await migrator.down('Migration20261130030000_search_time_order');
      await migrator.up('Migration20261130030000_search_time_order');
      for (const first of [1, 5]) expect(await walk(first)).toEqual(expected);
    }
  });

  it('rejects bad input with BAD_USER_INPUT naming the field', async () => {
    const bad: Array<[string, Record<string, unknown>, string]> = [
      ['', {}, 'query'],
      ['   ', {}, 'query'],
      ['!!! ...', {}, 'query'],
      ['-fox', {}, 'query'],
      ['fox before:2026-02-30', {}, 'query'],
      ['fox after:yesterday', {}, 'query'],
      ['fox from:', {}, 'query'],
      ['fox after:2026-05-01 before:2026-04-01', {}, 'query'],
      ['x'.repeat(501), {}, 'query'],
      ['fox', { first: 101 }, 'first'],
      ['fox', { first: -1 }, 'first'],
      ['fox', { after: 'nonsense' }, 'after'],
      ['fox', { room: 'not-an-id' }, 'roomId'],
    ];
    for (const [q, opts, f] of bad) {
      const r = await search(alice, q, opts as any);
      expect([q.slice(0, 20), code(r)]).toEqual([q.slice(0, 20), 'BAD_USER_INPUT']);
      expect(field(r)).toBe(f);
    }
    const page = await search(alice, 'quick', { order: 'NEWEST', first: 1 });
    const wrongOrder = await search(alice, 'quick', { order: 'RELEVANCE', after: page.data.searchMessages.pageInfo.endCursor });
    expect(code(wrongOrder)).toBe('BAD_USER_INPUT');
    // Operators and quotes of either database are just text here.
    expect(await bodies(alice, 'quick "" * ( ) : ^ NEAR')).toEqual([]);
    expect(await bodies(alice, 'quick "" * ( ) : ^')).toHaveLength(4);
    expect(await bodies(alice, 'quick OR fox')).toEqual([]);
    expect(await bodies(alice, 'quick -NOT')).toHaveLength(4);
  });
});
