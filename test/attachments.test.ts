import { readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import { runAdminCli } from '../src/modules/admin/admin.cli.js';
import { loadConfig } from '../src/config.js';
import { FileUrlSigner } from '../src/modules/uploads/file-urls.js';
import { backend, code, field, register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { subscribe } from './realtime-helpers.js';
import { getFile, png, upload, uploadOk } from './upload-helpers.js';

jest.setTimeout(120_000);

const ATT = 'attachments { id filename contentType size width height url thumbnailUrl }';
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id body seq ${ATT} replyTo { id body deletedAt sender { id } } } }`;
const DELETE = `mutation($m: ID!) { deleteMessage(messageId: $m) { id deletedAt ${ATT} } }`;
const GROUP = `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`;
const REMOVE = `mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }`;
const PAGE = `query($r: ID!, $last: Int, $before: String) { room(id: $r) { messages(last: $last, before: $before) {
  edges { cursor node { id body ${ATT} replyTo { id body deletedAt } } } pageInfo { hasPreviousPage startCursor } } } }`;
const ADMIN_MESSAGES = `query($f: AdminMessageFilter) { adminMessages(filter: $f, first: 10) { edges { node { id ${ATT} } } } }`;

let t: TestServer;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let admin: TestUser;
let roomId: string;

async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const r = await t.gql(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

async function send(u: TestUser, input: Record<string, unknown>) {
  return (await ok(SEND, { i: { roomId, body: '', ...input } }, u.accessToken)).sendMessage;
}

beforeAll(async () => {
  t = await startServer({ env: { UPLOAD_DIR: path.join(os.tmpdir(), `parley-att-${process.pid}`) } });
  [owner, member, outsider, admin] = await Promise.all(['own', 'mem', 'out', 'adm'].map((p) => register(t, p)));
  expect(await runAdminCli(['promote', admin.username], loadConfig(t.env), { out: () => {}, err: () => {} })).toBe(0);
  roomId = (await ok(GROUP, { i: { name: 'attachments', memberIds: [member.id] } }, owner.accessToken)).createGroupRoom.id;
});
afterAll(async () => {
  await t?.stop();
  rmSync(path.join(os.tmpdir(), `parley-att-${process.pid}`), { recursive: true, force: true });
});

describe('sendMessage with attachments', () => {
  it('attaches the sender\'s uploads in order, with an empty body, and members load them through signed URLs', async () => {
    const [one, two] = [await uploadOk(t, owner, await png(30, 20), 'one.png'), await uploadOk(t, owner, Buffer.from('plain notes\n'), 'notes.txt')];
    const m = await send(owner, { attachmentIds: [two.id, one.id] });
    expect(m.body).toBe('');
    expect(m.attachments.map((a: any) => a.id)).toEqual([two.id, one.id]);
    expect(m.attachments[1]).toMatchObject({ filename: 'one.png', contentType: 'image/png', width: 30, height: 20 });
    expect(m.attachments[0]).toMatchObject({ filename: 'notes.txt', contentType: 'text/plain', width: null, thumbnailUrl: null });
    expect(m.attachments[1].url).toMatch(/^\/files\/[0-9a-f-]{36}\?v=file&u=.+&exp=\d+&sig=/);

    // The member sees it in history with URLs signed for them, and loads the file.
    const page = (await ok(PAGE, { r: roomId, last: 5 }, member.accessToken)).room.messages.edges;
    const seen = page.find((e: any) => e.node.id === m.id).node;
    expect(seen.attachments[0].url).toContain(`u=${member.id}`);
    const file = await getFile(t, seen.attachments[0].url);
    expect(file.status).toBe(200);
    expect(file.bytes.toString()).toBe('plain notes\n');
    expect(file.type).toMatch(/^text\/plain/);
    const thumb = await getFile(t, seen.attachments[1].thumbnailUrl);
    expect(thumb.status).toBe(200);
  });

  it('reaches other members live through roomEvents, with their own URLs', async () => {
    const sub = subscribe(t.ws(member.accessToken), `subscription($r: ID!) { roomEvents(roomId: $r) { __typename ... on MessageAdded { message { id ${ATT} } } } }`, { r: roomId });
    // Wait until the subscription is live: a message sent before that would be missed by a stream without afterSeq.
    const probe = async () => {
      await send(owner, { body: 'probe' });
      return sub.events.length > 0;
    };
    await waitFor(probe, 'the subscription to go live', 30_000);
    const up = await uploadOk(t, owner, await png(), 'live.png');
    const m = await send(owner, { body: 'live one', attachmentIds: [up.id] });
    const event = await waitFor(() => sub.events.find((e) => e.message?.id === m.id), 'MessageAdded with the attachment', 30_000);
    expect(event.message.attachments[0]).toMatchObject({ id: up.id, filename: 'live.png' });
    expect(event.message.attachments[0].url).toContain(`u=${member.id}`);
    expect((await getFile(t, event.message.attachments[0].url)).status).toBe(200);
    // The owner's subscription of the same document shares the execution, but not the URLs: each gets their own.
    const ownerSub = subscribe(t.ws(owner.accessToken), `subscription($r: ID!) { roomEvents(roomId: $r) { __typename ... on MessageAdded { message { id ${ATT} } } } }`, { r: roomId });
    await waitFor(async () => {
      await send(owner, { body: 'probe 2' });
      return ownerSub.events.length > 0;
    }, 'the second subscription to go live', 30_000);
    const up2 = await uploadOk(t, owner, await png(), 'live2.png');
    const m2 = await send(owner, { body: 'live two', attachmentIds: [up2.id] });
    const forMember = await waitFor(() => sub.events.find((e) => e.message?.id === m2.id), "the member's event", 30_000);
    const forOwner = await waitFor(() => ownerSub.events.find((e) => e.message?.id === m2.id), "the owner's event", 30_000);
    expect(forMember.message.attachments[0].url).toContain(`u=${member.id}`);
    expect(forOwner.message.attachments[0].url).toContain(`u=${owner.id}`);
    expect(forOwner.message.attachments[0].thumbnailUrl).toContain(`u=${owner.id}`);
    sub.dispose();
    ownerSub.dispose();
  });

  it('refuses bad attachment lists with BAD_USER_INPUT and writes nothing', async () => {
    const before = (await ok(PAGE, { r: roomId, last: 1 }, owner.accessToken)).room.messages.edges[0].node.id;
    const theirs = await uploadOk(t, member, Buffer.from('member file'), 'm.txt');
    const mine = await uploadOk(t, owner, Buffer.from('owner file'), 'o.txt');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ attachmentIds: [theirs.id] }, 'attachmentIds'], // someone else's upload
      [{ attachmentIds: [mine.id, mine.id] }, 'attachmentIds'],
      [{ attachmentIds: Array.from({ length: 11 }, () => mine.id) }, 'attachmentIds'],
      [{ attachmentIds: ['nope'] }, 'attachmentIds'],
      [{ attachmentIds: [] }, 'body'], // no attachment: the body is needed
    ];
    for (const [input, f] of cases) {
      const r = await t.gql(SEND, { i: { roomId, body: '', ...input } }, owner.accessToken);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(field(r)).toBe(f);
    }
    // An upload already attached cannot be attached again.
    await send(owner, { attachmentIds: [mine.id] });
    const again = await t.gql(SEND, { i: { roomId, body: 'x', attachmentIds: [mine.id] } }, owner.accessToken);
    expect(field(again)).toBe('attachmentIds');
    const last = (await ok(PAGE, { r: roomId, last: 2 }, owner.accessToken)).room.messages.edges;
    expect(last[0].node.id).toBe(before);
  });

  it('returns the first message for a retried clientId whose uploads it already took', async () => {
    const up = await uploadOk(t, owner, Buffer.from('once'), 'once.txt');
    const first = await send(owner, { attachmentIds: [up.id], clientId: 'retry-attach-1' });
    const again = await send(owner, { attachmentIds: [up.id], clientId: 'retry-attach-1' });
    expect(again.id).toBe(first.id);
  });
});

describe('attaching races', () => {
  const db = () => t.server.app.orm.em.fork().getConnection();
  /** What a send writes in a room: its seq, its log and its messages. */
  async function written(room: string) {
    const [r] = await db().execute('select last_seq from rooms where id = ?', [room]);
    const [e] = await db().execute('select count(*) as n from room_events where room_id = ?', [room]);
    const [m] = await db().execute('select count(*) as n from messages where room_id = ?', [room]);
    return { seq: Number(r.last_seq), events: Number(e.n), messages: Number(m.n) };
  }

  /**
   * Runs the sends at once. On PostgreSQL the upload's row is locked meanwhile, so every send is past its checks and
   * waiting in its write before any of them may go on: then only the atomic claim decides.
   */
  async function together<T>(uploadId: string, jobs: Array<() => Promise<T>>): Promise<T[]> {
    if (backend.database !== 'postgresql') return Promise.all(jobs.map((j) => j()));
    let results!: Promise<T[]>;
    await t.server.app.orm.em.fork().transactional(async (tx) => {
      await tx.getConnection().execute('select id from uploads where id = ? for update', [uploadId], 'all', tx.getTransactionContext());
      results = Promise.all(jobs.map((j) => j()));
      const waiting = async () => Number((await db().execute(`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0].n);
      await waitFor(async () => (await waiting()) >= jobs.length, 'every send to wait on the upload');
    });
    return results;
  }

  it('gives an upload to one of two concurrent sends; the other gets BAD_USER_INPUT (attachmentIds) and writes nothing', async () => {
    const other = (await ok(GROUP, { i: { name: 'race', memberIds: [member.id] } }, owner.accessToken)).createGroupRoom.id;
    for (const rooms of [[roomId, roomId], [roomId, other], [other, roomId]]) {
      const up = await uploadOk(t, owner, Buffer.from('contested'), 'contested.txt');
      const before = await Promise.all([roomId, other].map(written));
      const results = await together(up.id, rooms.map((r, i) => () => t.gql(SEND, { i: { roomId: r, body: `race ${i}`, attachmentIds: [up.id] } }, owner.accessToken)));
      const won = results.filter((r) => !r.errors);
      const lost = results.filter((r) => r.errors);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachmentIds' });
      expect(lost[0].errors![0].message).toMatch(/not attached to a message yet/);
      expect(won[0].data.sendMessage.attachments.map((a: any) => a.id)).toEqual([up.id]);
      // One message, one event and one seq in all: the loser left no trace.
      const after = await Promise.all([roomId, other].map(written));
      const delta = (k: 'seq' | 'events' | 'messages') => after[0][k] + after[1][k] - before[0][k] - before[1][k];
      expect([delta('seq'), delta('events'), delta('messages')]).toEqual([1, 1, 1]);
    }
  });

  it('returns the one message when the same send (one clientId) races itself with an upload', async () => {
    const up = await uploadOk(t, owner, Buffer.from('twice at once'), 'twice.txt');
    const input = { roomId, body: 'twice', clientId: `race-self-${up.id.slice(0, 8)}`, attachmentIds: [up.id] };
    const results = await together(up.id, [0, 1].map(() => () => t.gql(SEND, { i: input }, owner.accessToken)));
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
    expect(results[1].data.sendMessage.id).toBe(results[0].data.sendMessage.id);
  });

  it('never leaves an upload both attached and swept: the sweep claims it first, or the send does', async () => {
    const { Upload } = await import('../src/modules/uploads/upload.entity.js');
    const uploads = t.server.app.services.uploads;
    const old = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    // Claimed by a sweep that has not deleted it yet: too late to attach, and the send writes nothing.
    const claimed = await uploadOk(t, owner, await png(), 'claimed.png');
    await t.server.app.orm.em.fork().nativeUpdate(Upload, { id: claimed.id }, { owner: null });
    const before = await written(roomId);
    const late = await t.gql(SEND, { i: { roomId, body: 'too late', attachmentIds: [claimed.id] } }, owner.accessToken);
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachmentIds' });
    expect(await written(roomId)).toEqual(before);
    // At the same moment: either outcome is whole.
    for (let i = 0; i < 3; i++) {
      const up = await uploadOk(t, owner, await png(), `stale-${i}.png`);
      await t.server.app.orm.em.fork().nativeUpdate(Upload, { id: up.id }, { createdAt: old });
      const [sent] = await together(up.id, [
        () => t.gql(SEND, { i: { roomId, body: `stale ${i}`, attachmentIds: [up.id] } }, owner.accessToken),
        () => uploads.sweep().then(() => null),
      ]);
      const row = await t.server.app.orm.em.fork().findOne(Upload, { id: up.id });
      const files = readdirSync(t.env.UPLOAD_DIR).filter((f) => f.startsWith(up.id));
      if (sent && !sent.errors) {
        expect(row?.message?.id).toBe(sent.data.sendMessage.id);
        expect(files.sort()).toEqual([up.id, `${up.id}.thumb.webp`]);
        expect((await getFile(t, sent.data.sendMessage.attachments[0].url)).status).toBe(200);
      } else {
        expect(sent?.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachmentIds' });
        expect(row).toBeNull();
        expect(files).toEqual([]);
      }
    }
    expect(await uploads.sweep()).toBeGreaterThanOrEqual(0);
    expect(await t.server.app.orm.em.fork().findOne(Upload, { id: claimed.id })).toBeNull();
  });
});

describe('signed file URLs', () => {
  let url: string;
  let memberUrl: string;
  let fileId: string;
  beforeAll(async () => {
    const up = await uploadOk(t, owner, await png(), 'secret.png');
    fileId = up.id;
    url = (await send(owner, { attachmentIds: [up.id] })).attachments[0].url;
    const page = (await ok(PAGE, { r: roomId, last: 1 }, member.accessToken)).room.messages.edges;
    memberUrl = page[0].node.attachments[0].url;
  });

  it('answers 403 to a wrong, missing or expired signature, and to a URL of another user changed to the outsider', async () => {
    expect((await getFile(t, url)).status).toBe(200);
    const wrong = url.replace(/sig=([^&]+)/, (_m, s: string) => `sig=${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`);
    const r = await getFile(t, wrong);
    expect(r.status).toBe(403);
    expect(r.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await getFile(t, `/files/${fileId}`)).status).toBe(403);
    expect((await getFile(t, url.replace(`u=${owner.id}`, `u=${outsider.id}`))).status).toBe(403);
    expect((await getFile(t, url.replace('v=file', 'v=thumb'))).status).toBe(403);
    // Correctly signed, but expired.
    const expired = new FileUrlSigner(t.env.JWT_SECRET, 1).url(fileId, 'file', owner.id, Date.now() - 3600_000);
    const e = await getFile(t, expired);
    expect(e.status).toBe(403);
    expect(e.body.errors[0].message).toMatch(/expired/);
    // Signed with another secret.
    expect((await getFile(t, new FileUrlSigner('another secret', 60).url(fileId, 'file', owner.id))).status).toBe(403);
  });

  it('gives an outsider no URL and 403 for a URL signed for them', async () => {
    const r = await t.gql(PAGE, { r: roomId, last: 1 }, outsider.accessToken);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(code(r));
    const forged = new FileUrlSigner(t.env.JWT_SECRET, 60).url(fileId, 'file', outsider.id);
    expect((await getFile(t, forged)).status).toBe(403);
  });

  it('stops a removed member\'s URLs at once, before they expire', async () => {
    expect((await getFile(t, memberUrl)).status).toBe(200);
    const extra = await register(t, 'gone');
    const room2 = (await ok(GROUP, { i: { name: 'removal', memberIds: [extra.id] } }, owner.accessToken)).createGroupRoom.id;
    const up = await uploadOk(t, owner, await png(), 'r.png');
    await ok(SEND, { i: { roomId: room2, body: 'for extra', attachmentIds: [up.id] } }, owner.accessToken);
    const theirs = (await ok(PAGE, { r: room2, last: 1 }, extra.accessToken)).room.messages.edges[0].node.attachments[0];
    expect((await getFile(t, theirs.url)).status).toBe(200);
    await ok(REMOVE, { r: room2, u: extra.id }, owner.accessToken);
    expect((await getFile(t, theirs.url)).status).toBe(403);
    expect((await getFile(t, theirs.thumbnailUrl)).status).toBe(403);
  });

  it('shows admins attachments in adminMessages, with URLs that work for them', async () => {
    const up = await uploadOk(t, owner, Buffer.from('for the admin'), 'admin.txt');
    const m = await send(owner, { body: 'adminseesthis', attachmentIds: [up.id] });
    const edges = (await ok(ADMIN_MESSAGES, { f: { contains: 'adminseesthis' } }, admin.accessToken)).adminMessages.edges;
    expect(edges[0].node.id).toBe(m.id);
    const a = edges[0].node.attachments[0];
    expect(a.id).toBe(up.id);
    expect((await getFile(t, a.url)).bytes.toString()).toBe('for the admin');
  });

  it('deletes the files with their message', async () => {
    const up = await uploadOk(t, owner, await png(), 'deleteme.png');
    const m = await send(owner, { attachmentIds: [up.id] });
    const before = await getFile(t, m.attachments[0].url);
    expect(before.status).toBe(200);
    const del = (await ok(DELETE, { m: m.id }, owner.accessToken)).deleteMessage;
    expect(del.attachments).toEqual([]);
    expect((await getFile(t, m.attachments[0].url)).status).toBe(404);
    expect((await getFile(t, m.attachments[0].thumbnailUrl)).status).toBe(404);
    expect(readdirSync(t.env.UPLOAD_DIR).filter((f) => f.startsWith(up.id))).toEqual([]);
  });
});

describe('replies', () => {
  it('answers a message in the same room and shows the original, also when it is on an older page or deleted', async () => {
    const original = await send(owner, { body: 'the **original**' });
    for (let i = 0; i < 6; i++) await send(member, { body: `filler ${i}` });
    const reply = await send(member, { body: 'a reply', replyToId: original.id });
    expect(reply.replyTo).toMatchObject({ id: original.id, body: 'the **original**', deletedAt: null, sender: { id: owner.id } });
    // The newest page does not hold the original; the reply still quotes it.
    const page = (await ok(PAGE, { r: roomId, last: 3 }, owner.accessToken)).room.messages.edges;
    expect(page.map((e: any) => e.node.id)).not.toContain(original.id);
    expect(page.at(-1).node.replyTo).toMatchObject({ id: original.id, body: 'the **original**' });
    await ok(DELETE, { m: original.id }, owner.accessToken);
    const after = (await ok(PAGE, { r: roomId, last: 1 }, member.accessToken)).room.messages.edges[0].node;
    expect(after.replyTo.body).toBe('');
    expect(after.replyTo.deletedAt).not.toBeNull();
  });

  it('refuses a reply to a message of another room or an unknown one', async () => {
    const other = (await ok(GROUP, { i: { name: 'other', memberIds: [] } }, owner.accessToken)).createGroupRoom.id;
    const elsewhere = (await ok(SEND, { i: { roomId: other, body: 'elsewhere' } }, owner.accessToken)).sendMessage;
    for (const replyToId of [elsewhere.id, '00000000-0000-4000-8000-000000000000']) {
      const r = await t.gql(SEND, { i: { roomId, body: 'reply', replyToId } }, owner.accessToken);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(field(r)).toBe('replyToId');
    }
    // An outsider replying in the room learns about the room, not its messages.
    const o = await t.gql(SEND, { i: { roomId, body: 'reply', replyToId: elsewhere.id } }, outsider.accessToken);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(code(o));
  });

  it('loads the originals of a page of replies in one query', async () => {
    const originals = [];
    for (let i = 0; i < 5; i++) originals.push(await send(owner, { body: `q${i}` }));
    for (const o of originals) await send(member, { body: `re ${o.id}`, replyToId: o.id });
    const { counters } = diagnostics(t.server);
    const count = async (q: string) => {
      // The sends' viewer news (if anyone is online) runs after their answers: not in the window.
      await diagnostics(t.server).viewerNewsSettled();
      const before = counters.sqlStatements;
      await ok(q, { r: roomId, last: 5 }, owner.accessToken);
      return counters.sqlStatements - before;
    };
    const without = await count(`query($r: ID!, $last: Int) { room(id: $r) { messages(last: $last) { edges { node { id body } } } } }`);
    const withReplies = await count(`query($r: ID!, $last: Int) { room(id: $r) { messages(last: $last) { edges { node { id body replyTo { id body } } } } } }`);
    expect(withReplies - without).toBe(1);
  });
});

describe('uploads by people who may not send', () => {
  it('anonymous: 401; an outsider uploads but cannot attach in a room they are not in; a banned user: 401 and their URLs 403', async () => {
    expect((await upload(t, null, Buffer.from('x'), 'x.txt')).status).toBe(401);
    const up = await uploadOk(t, outsider, Buffer.from('outsider file'), 'o.txt');
    const r = await t.gql(SEND, { i: { roomId, body: 'hi', attachmentIds: [up.id] } }, outsider.accessToken);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(code(r));

    const up2 = await uploadOk(t, owner, Buffer.from('before the ban'), 'b.txt');
    await send(owner, { attachmentIds: [up2.id] });
    const memberUrl = (await ok(PAGE, { r: roomId, last: 1 }, member.accessToken)).room.messages.edges[0].node.attachments[0].url;
    expect((await getFile(t, memberUrl)).status).toBe(200);
    await ok(`mutation($u: ID!) { banUser(userId: $u) { id } }`, { u: member.id }, admin.accessToken);
    expect((await getFile(t, memberUrl)).status).toBe(403);
    const banned = await upload(t, member.accessToken, Buffer.from('x'), 'x.txt');
    expect(banned.status).toBe(401);
  });
});
