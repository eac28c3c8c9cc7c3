/** Messages: validation, idempotent clientIds, outsiders, edits and deletes, reactions, profanity, and the gapless room log. */
import { Message } from '../src/modules/messages/message.entity.js';
import { RoomEvent } from '../src/modules/rooms/room-event.entity.js';
import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { code, field, register, type TestServer, type TestUser } from './harness.js';
import { q, useRoomsFixture } from './rooms-helpers.js';

let t: TestServer;
const { send, group } = useRoomsFixture((server) => (t = server));

describe('messages', () => {
  let a: TestUser, b: TestUser, roomId: string;
  beforeAll(async () => {
    [a, b] = [await register(t), await register(t)];
    roomId = (await t.gql(q.direct, { u: b.id }, a.accessToken)).data.createDirectRoom.id;
  });

  it('are trimmed, validated, and persisted with sender, time and seq', async () => {
    const m = await send(a, roomId, '   hi there  ');
    expect(m).toMatchObject({ body: 'hi there', sender: { id: a.id }, room: { id: roomId } });
    expect(m.seq).toBeGreaterThan(0);
    expect(Date.now() - new Date(m.createdAt).getTime()).toBeLessThan(60_000);
    for (const body of ['', '    ', 'x'.repeat(4001)]) {
      const r = await t.gql(q.send, { i: { roomId, body } }, a.accessToken);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(field(r)).toBe('body');
    }
    expect((await t.gql(q.send, { i: { roomId, body: 'x'.repeat(4000) } }, a.accessToken)).errors).toBeUndefined();
    const badClient = await t.gql(q.send, { i: { roomId, body: 'ok', clientId: 'has spaces' } }, a.accessToken);
    expect(field(badClient)).toBe('clientId');
  });

  it('are idempotent on clientId, also when the same send races itself', async () => {
    const before = await t.server.app.orm.em.fork().count(Message, { room: roomId });
    const first = await send(a, roomId, 'once', 'client-1');
    const again = await send(a, roomId, 'once, retried', 'client-1');
    expect(again.id).toBe(first.id);
    expect(again.body).toBe('once');
    const racing = await Promise.all(Array.from({ length: 6 }, () => t.gql(q.send, { i: { roomId, body: 'race', clientId: 'client-2' } }, a.accessToken)));
    for (const r of racing) expect(r.errors).toBeUndefined();
    expect(new Set(racing.map((r) => r.data.sendMessage.id)).size).toBe(1);
    // The other person may use the same clientId: it is per sender.
    const theirs = await send(b, roomId, 'mine', 'client-1');
    expect(theirs.id).not.toBe(first.id);
    expect(await t.server.app.orm.em.fork().count(Message, { room: roomId })).toBe(before + 3);
  });

  it('answer a repeated clientId with the first message without taking a seq, and audit a filtered message once', async () => {
    const [x, y] = [await register(t), await register(t)];
    const rid = (await t.gql(q.direct, { u: y.id }, x.accessToken)).data.createDirectRoom.id;
    const lastSeq = async () => (await t.gql(q.room, { id: rid }, x.accessToken)).data.room.lastSeq;
    const first = await send(x, rid, 'shit happens', 'retry-1');
    expect(first.body).not.toMatch(/shit/);
    const seqAfterFirst = await lastSeq();
    expect(seqAfterFirst).toBe(first.seq);
    for (let i = 0; i < 3; i++) expect(await send(x, rid, 'shit happens', 'retry-1')).toEqual(first);
    expect(await lastSeq()).toBe(seqAfterFirst);
    const next = await send(x, rid, 'next', 'retry-2');
    expect(next.seq).toBe(first.seq + 1);
    const events = await t.server.app.orm.em.fork().find(RoomEvent, { room: rid }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'MessageAdded').map((e) => e.payload)).toEqual([
      { messageId: first.id, senderId: x.id },
      { messageId: next.id, senderId: x.id },
    ]);
    const audit = await t.server.app.orm.em.fork().find(AuditEvent, { targetId: first.id });
    expect(audit.map((e) => [e.action, e.actor?.id, e.metadata?.roomId])).toEqual([['MESSAGE_FILTERED', x.id, rid]]);
    // The sender has read what they sent; the other member has two unread.
    const members = (await t.gql(q.members, { id: rid }, x.accessToken)).data.room.members.edges.map((e: any) => e.node);
    expect(members.find((m: any) => m.user.id === x.id).lastReadSeq).toBe(next.seq);
    expect((await t.gql(q.room, { id: rid }, y.accessToken)).data.room.unreadCount).toBe(2);
    // The stored message reads back as the send returned it.
    const page = await t.gql(q.messages, { id: rid, last: 2 }, y.accessToken);
    expect(page.data.room.messages.edges.map((e: any) => e.node)).toMatchObject([
      { id: first.id, seq: first.seq, body: first.body, clientId: 'retry-1', sender: { id: x.id }, reactions: [] },
      { id: next.id, seq: next.seq, body: 'next', clientId: 'retry-2', sender: { id: x.id } },
    ]);
    const stored = await t.gql(`query($id: ID!) { room(id: $id) { messages(last: 1) { edges { node { createdAt } } } } }`, { id: rid }, y.accessToken);
    expect(stored.data.room.messages.edges[0].node.createdAt).toBe(next.createdAt);
  });

  it('refuse outsiders (NOT_FOUND for a private room, FORBIDDEN for a public one) without writing anything', async () => {
    const [owner, outsider] = [await register(t), await register(t)];
    const g = await group(owner, []);
    const pub = (await t.gql(q.pub, { i: { name: `Open ${Date.now()}` } }, owner.accessToken)).data.createPublicRoom;
    const seqs = async () => [g.id, pub.id].map(async (id) => (await t.gql(q.room, { id }, owner.accessToken)).data.room.lastSeq);
    const before = await Promise.all(await seqs());
    const audits = async () => t.server.app.orm.em.fork().count(AuditEvent, { actor: outsider.id, action: 'MESSAGE_FILTERED' });
    const r1 = await t.gql(q.send, { i: { roomId: g.id, body: 'fuck, let me in', clientId: 'o-1' } }, outsider.accessToken);
    expect([code(r1), field(r1)]).toEqual(['NOT_FOUND', 'roomId']);
    const r2 = await t.gql(q.send, { i: { roomId: pub.id, body: 'fuck, let me in', clientId: 'o-1' } }, outsider.accessToken);
    expect(code(r2)).toBe('FORBIDDEN');
    expect(code(await t.gql(q.send, { i: { roomId: '00000000-0000-4000-8000-000000000000', body: 'hello' } }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(field(await t.gql(q.send, { i: { roomId: 'not-an-id', body: 'hello' } }, outsider.accessToken))).toBe('roomId');
    expect(await Promise.all(await seqs())).toEqual(before);
    expect(await t.server.app.orm.em.fork().count(Message, { sender: outsider.id })).toBe(0);
    expect(await audits()).toBe(0);
    // Once a member, the same clientId sends.
    await t.gql(q.join, { r: pub.id }, outsider.accessToken);
    const ok = await send(outsider, pub.id, 'hello all', 'o-1');
    expect(ok.room.id).toBe(pub.id);
  });

  it('can be edited by the sender only and soft-deleted by the sender', async () => {
    const m = await send(a, roomId, 'typo heer');
    expect(code(await t.gql(q.edit, { m: m.id, b: 'hijack' }, b.accessToken))).toBe('FORBIDDEN');
    expect(field(await t.gql(q.edit, { m: m.id, b: ' ' }, a.accessToken))).toBe('body');
    const edited = await t.gql(q.edit, { m: m.id, b: 'typo here' }, a.accessToken);
    expect(edited.data.editMessage.body).toBe('typo here');
    expect(edited.data.editMessage.editedAt).toEqual(expect.any(String));
    expect(code(await t.gql(q.delMsg, { m: m.id }, b.accessToken))).toBe('FORBIDDEN');
    const outsider = await register(t);
    expect(code(await t.gql(q.delMsg, { m: m.id }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.edit, { m: m.id, b: 'x' }, outsider.accessToken))).toBe('NOT_FOUND');
    expect(code(await t.gql(q.delMsg, { m: m.id }))).toBe('UNAUTHENTICATED');
    const deleted = await t.gql(q.delMsg, { m: m.id }, a.accessToken);
    expect(deleted.data.deleteMessage).toMatchObject({ body: '' });
    expect(deleted.data.deleteMessage.deletedAt).toEqual(expect.any(String));
    expect(code(await t.gql(q.edit, { m: m.id, b: 'resurrect' }, a.accessToken))).toBe('BAD_USER_INPUT');
    const page = await t.gql(q.messages, { id: roomId, last: 3 }, b.accessToken);
    const node = page.data.room.messages.edges.find((e: any) => e.node.id === m.id).node;
    expect(node.body).toBe('');
    expect(JSON.stringify(page)).not.toContain('typo here');
  });

  it('room owners and admins may delete others\' messages, and it is audited', async () => {
    const [owner, member] = [await register(t), await register(t)];
    const g = await group(owner, [member]);
    const m = await send(member, g.id, 'rude words');
    expect((await t.gql(q.delMsg, { m: m.id }, owner.accessToken)).data.deleteMessage.body).toBe('');
    const audit = await t.server.app.orm.em.fork().find(AuditEvent, { targetId: m.id });
    expect(audit.map((x) => x.action)).toContain('MESSAGE_DELETED_BY_MODERATOR');
  });

  it('take reactions from members, once per person per emoji', async () => {
    const m = await send(a, roomId, 'react to me');
    let r = await t.gql(q.react, { m: m.id, e: '👍' }, b.accessToken);
    expect(r.data.addReaction.reactions).toEqual([{ emoji: '👍', count: 1, reactedByMe: true }]);
    r = await t.gql(q.react, { m: m.id, e: '👍' }, b.accessToken);
    expect(r.data.addReaction.reactions).toEqual([{ emoji: '👍', count: 1, reactedByMe: true }]);
    r = await t.gql(q.react, { m: m.id, e: '👍' }, a.accessToken);
    expect(r.data.addReaction.reactions).toEqual([{ emoji: '👍', count: 2, reactedByMe: true }]);
    await Promise.all(['🎉', '❤️', '😂'].map((e) => t.gql(q.react, { m: m.id, e }, b.accessToken)));
    r = await t.gql(q.unreact, { m: m.id, e: '👍' }, b.accessToken);
    const reactions = r.data.removeReaction.reactions;
    expect(reactions).toHaveLength(4);
    expect(reactions.find((x: any) => x.emoji === '👍')).toEqual({ emoji: '👍', count: 1, reactedByMe: false });
    for (const bad of ['', 'abc', '1', 'x'.repeat(40), '<b>']) expect(field(await t.gql(q.react, { m: m.id, e: bad }, a.accessToken))).toBe('emoji');
    const outsider = await register(t);
    expect(code(await t.gql(q.react, { m: m.id, e: '👍' }, outsider.accessToken))).toBe('NOT_FOUND');
  });

  it('mask profanity, keep the message, and audit it', async () => {
    const m = await send(a, roomId, 'well fuck this');
    expect(m.body).not.toMatch(/fuck/);
    expect(m.body).toMatch(/^well \*+ this$/);
    const audit = await t.server.app.orm.em.fork().find(AuditEvent, { targetId: m.id });
    expect(audit.map((x) => x.action)).toContain('MESSAGE_FILTERED');
  });
});

describe('the room log', () => {
  it('gives every change a gapless seq, also under concurrent senders', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => register(t)));
    const g = await group(users[0], users.slice(1));
    await Promise.all(users.map((u, i) => Promise.all(Array.from({ length: 15 }, (_, j) => send(u, g.id, `u${i} m${j}`)))));
    const events = await t.server.app.orm.em.fork().find(RoomEvent, { room: g.id }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const messages = await t.server.app.orm.em.fork().find(Message, { room: g.id });
    expect(messages).toHaveLength(60);
    const eventSeqs = new Set(events.filter((e) => e.type === 'MessageAdded').map((e) => e.seq));
    for (const m of messages) expect(eventSeqs.has(m.seq)).toBe(true);
    const room = (await t.gql(q.room, { id: g.id }, users[0].accessToken)).data.room;
    expect(room.lastSeq).toBe(events.length);
  });
});
