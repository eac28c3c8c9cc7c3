import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Upload } from '../src/modules/uploads/upload.entity.js';
import { sniffType } from '../src/modules/uploads/sniff.js';
import { code, register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { animatedGif, animatedGifWithXmpLocation, centre, getFile, imageWithLocation, jpegWithLocation, origin, png, upload, uploadOk } from './upload-helpers.js';

jest.setTimeout(120_000);

const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id attachments { id contentType width height url thumbnailUrl } } }`;
const GROUP = `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`;
const DELETE_MESSAGE = `mutation($m: ID!) { deleteMessage(messageId: $m) { id deletedAt } }`;
const DELETE_ROOM = `mutation($r: ID!) { deleteRoom(roomId: $r) }`;
const LEAVE = `mutation($r: ID!) { leaveRoom(roomId: $r) }`;
const DELETE_ACCOUNT = `mutation($p: String!) { deleteAccount(password: $p) }`;

let t: TestServer;
let dir: string;
let alice: TestUser;

const rows = () => t.server.app.orm.em.fork().count(Upload, {});
const stored = () => readdirSync(dir).filter((f) => !f.startsWith('.'));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'parley-uploads-'));
  t = await startServer({ env: { UPLOAD_DIR: dir, UPLOAD_MAX_BYTES: String(512 * 1024) } });
  alice = await register(t, 'upa');
});
afterAll(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Attaches uploads to a message in a fresh room, returning the attachments with their URLs. */
async function attach(u: TestUser, ids: string[]) {
  const room = (await t.gql(GROUP, { i: { name: 'files', memberIds: [] } }, u.accessToken)).data.createGroupRoom;
  const r = await t.gql(SEND, { i: { roomId: room.id, body: '', attachmentIds: ids } }, u.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.sendMessage.attachments;
}

describe('POST /uploads', () => {
  it('needs a signed-in user: 401 with a JSON error, nothing stored', async () => {
    const before = await rows();
    const r = await upload(t, null, await png());
    expect(r.status).toBe(401);
    expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = await upload(t, 'not-a-token', await png());
    expect(bad.status).toBe(401);
    expect(await rows()).toBe(before);
  });

  it('detects the type from the bytes, not the name or the claimed type, and measures images', async () => {
    const r = await upload(t, alice.accessToken, await png(40, 30), 'notes.txt', 'text/plain');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ filename: 'notes.txt', contentType: 'image/png', width: 40, height: 30 });
    expect(r.body.size).toBeGreaterThan(0);
    const text = await upload(t, alice.accessToken, Buffer.from('hello, wörld\nsecond line\n'), '../../etc/passwd', 'image/png');
    expect(text.status).toBe(201);
    expect(text.body).toMatchObject({ filename: 'passwd', contentType: 'text/plain', width: null, height: null, size: 26 });
  });

  it('refuses types outside the allow-list with 415, and an image that does not decode', async () => {
    const before = await rows();
    const files = stored().length;
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(9000, 0)]);
    const r = await upload(t, alice.accessToken, elf, 'tool.png', 'image/png');
    expect(r.status).toBe(415);
    expect(r.body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(r.body.errors[0].extensions.allowedTypes).toContain('image/png');
    const html = await upload(t, alice.accessToken, Buffer.from('<html>\0</html>'), 'page.html', 'text/html');
    expect(html.status).toBe(415);
    // A PNG signature followed by garbage: detected as PNG, but sharp cannot decode it.
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(5000, 7)]);
    const b = await upload(t, alice.accessToken, broken, 'x.png');
    expect(b.status).toBe(415);
    expect(b.body.errors[0].message).toMatch(/could not be decoded/);
    expect(await rows()).toBe(before);
    expect(stored().length).toBe(files);
  });

  it('refuses files over UPLOAD_MAX_BYTES with 413, also while streaming a body of unknown length', async () => {
    const before = await rows();
    const big = Buffer.alloc(600 * 1024, 'a');
    const r = await upload(t, alice.accessToken, big, 'big.txt');
    expect(r.status).toBe(413);
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', maxBytes: 512 * 1024 });
    // Chunked (no Content-Length): the limit applies to the bytes as they arrive.
    const boundary = 'xBOUNDARYx';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunks = [head, ...Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 'b')), tail];
    const body = new ReadableStream({
      pull(c) {
        const next = chunks.shift();
        if (next) c.enqueue(new Uint8Array(next));
        else c.close();
      },
    });
    const res = await fetch(`${origin(t)}/uploads`, { method: 'POST', body, duplex: 'half', headers: { authorization: `Bearer ${alice.accessToken}`, 'content-type': `multipart/form-data; boundary=${boundary}` } } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await rows()).toBe(before);
  });

  it('wants multipart with a field named file', async () => {
    const res = await fetch(`${origin(t)}/uploads`, { method: 'POST', body: 'x', headers: { authorization: `Bearer ${alice.accessToken}`, 'content-type': 'text/plain' } });
    expect(res.status).toBe(400);
    const form = new FormData();
    form.append('other', new Blob(['hi']), 'a.txt');
    const res2 = await fetch(`${origin(t)}/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${alice.accessToken}` } });
    expect(res2.status).toBe(400);
    expect(((await res2.json()) as any).errors[0].message).toMatch(/"file"/);
    expect((await upload(t, alice.accessToken, Buffer.alloc(0), 'empty.txt')).status).toBe(400);
  });

  it('strips EXIF (camera, GPS location) from stored images and makes a WebP thumbnail', async () => {
    const original = await jpegWithLocation(64, 48);
    expect((await sharp(original).metadata()).exif).toBeTruthy();
    const up = await uploadOk(t, alice, original, 'holiday.jpg');
    expect(up).toMatchObject({ contentType: 'image/jpeg', width: 64, height: 48 });
    const [a] = await attach(alice, [up.id]);
    const file = await getFile(t, a.url);
    expect(file.status).toBe(200);
    expect(file.type).toBe('image/jpeg');
    expect(file.bytes.length).toBe(up.size);
    const meta = await sharp(file.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(file.bytes.includes(Buffer.from('TestCam'))).toBe(false);
    expect([meta.width, meta.height]).toEqual([64, 48]);
    const thumb = await getFile(t, a.thumbnailUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.type).toBe('image/webp');
    expect((await sharp(thumb.bytes).metadata()).format).toBe('webp');
  });

  it('strips EXIF location from PNG and WebP images too', async () => {
    for (const format of ['png', 'webp'] as const) {
      const original = await imageWithLocation(format, 30, 20);
      expect((await sharp(original).metadata()).exif).toBeTruthy();
      const up = await uploadOk(t, alice, original, `map.${format}`);
      expect(up).toMatchObject({ contentType: `image/${format}`, width: 30, height: 20 });
      const [a] = await attach(alice, [up.id]);
      const file = await getFile(t, a.url);
      expect(file.type).toBe(`image/${format}`);
      expect((await sharp(file.bytes).metadata()).exif).toBeUndefined();
      expect(file.bytes.includes(Buffer.from('TestCam'))).toBe(false);
    }
  });

  it('strips the XMP location from an animated GIF and keeps every frame', async () => {
    const gif = await animatedGifWithXmpLocation();
    expect(gif.includes('GPSLatitude')).toBe(true);
    expect((await sharp(gif, { pages: -1 }).metadata()).pages).toBe(2); // still a valid two-frame GIF
    const up = await uploadOk(t, alice, gif, 'where.gif');
    expect(up).toMatchObject({ contentType: 'image/gif', width: 40, height: 30 });
    const [a] = await attach(alice, [up.id]);
    const file = await getFile(t, a.url);
    expect(file.bytes.includes('GPSLatitude')).toBe(false);
    expect(file.bytes.includes('XMP DataXMP')).toBe(false);
    expect((await sharp(file.bytes, { pages: -1 }).metadata()).pages).toBe(2);
  });

  it("keeps an animated GIF as uploaded and thumbnails its first frame", async () => {
    const gif = await animatedGif();
    const up = await uploadOk(t, alice, gif, 'anim.gif');
    expect(up).toMatchObject({ contentType: 'image/gif', width: 40, height: 30, size: gif.length });
    const [a] = await attach(alice, [up.id]);
    const file = await getFile(t, a.url);
    expect(Buffer.compare(file.bytes, gif)).toBe(0);
    expect((await sharp(file.bytes, { pages: -1 }).metadata()).pages).toBe(2);
    const thumb = await getFile(t, a.thumbnailUrl);
    const [r, g, b] = await centre(thumb.bytes);
    expect(r).toBeGreaterThan(200);
    expect(g + b).toBeLessThan(60);
    expect((await sharp(thumb.bytes).metadata()).pages ?? 1).toBe(1);
  });

  it('gives non-images no thumbnail', async () => {
    const up = await uploadOk(t, alice, Buffer.from('%PDF-1.4\n% a tiny pdf\n'), 'doc.pdf');
    expect(up.contentType).toBe('application/pdf');
    const [a] = await attach(alice, [up.id]);
    expect(a.thumbnailUrl).toBeNull();
    const file = await getFile(t, a.url);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
  });
});

describe('sniffType', () => {
  it('knows the allowed types by their magic numbers', () => {
    expect(sniffType(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniffType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffType(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBe('audio/wav');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffType(Buffer.from('\0\0\0\x18ftypisom', 'latin1'))).toBe('video/mp4');
    expect(sniffType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toBe('application/zip');
    expect(sniffType(Buffer.from('plain text', 'utf8'), true)).toBe('text/plain');
    expect(sniffType(Buffer.from([0x4d, 0x5a, 0x90, 0]))).toBeUndefined();
    // A multi-byte character cut at the end of the sample is still text; invalid UTF-8 is not.
    expect(sniffType(Buffer.from('aé', 'utf8').subarray(0, 2))).toBe('text/plain');
    expect(sniffType(Buffer.from([0x61, 0xc3, 0x28]), true)).toBeUndefined();
  });
});

describe('limits per user', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ env: { UPLOAD_DIR: dir, UPLOAD_RATE_PER_MINUTE: '4', UPLOAD_QUOTA_BYTES_PER_DAY: '20000' } });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('answers 429 with retryAfterSeconds past the rate limit', async () => {
    const u = await register(s, 'rate');
    for (let i = 0; i < 4; i++) expect((await upload(s, u.accessToken, Buffer.from(`note ${i}`), 'n.txt')).status).toBe(201);
    const r = await upload(s, u.accessToken, Buffer.from('one too many'), 'n.txt');
    expect(r.status).toBe(429);
    expect(r.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(r.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user is not affected.
    const other = await register(s, 'rate');
    expect((await upload(s, other.accessToken, Buffer.from('fine'), 'n.txt')).status).toBe(201);
  });

  it('keeps a daily quota: 413 for a file over what is left, 429 once it is used up', async () => {
    const u = await register(s, 'quota');
    expect((await upload(s, u.accessToken, Buffer.alloc(15000, 'q'), 'a.txt')).status).toBe(201);
    const over = await upload(s, u.accessToken, Buffer.alloc(6000, 'q'), 'b.txt');
    expect(over.status).toBe(413);
    expect(over.body.errors[0].extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', maxBytes: 5000 });
    expect((await upload(s, u.accessToken, Buffer.alloc(5000, 'q'), 'c.txt')).status).toBe(201);
    const done = await upload(s, u.accessToken, Buffer.from('x'), 'd.txt');
    expect(done.status).toBe(429);
    expect(done.body.errors[0].extensions.code).toBe('QUOTA_EXCEEDED');
  });
});

describe('files go with what holds them', () => {
  async function ok(query: string, variables: Record<string, unknown>, u: TestUser) {
    const r = await t.gql(query, variables, u.accessToken);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  }
  async function roomWithFiles(u: TestUser, memberIds: string[] = []) {
    const room = (await ok(GROUP, { i: { name: 'holder', memberIds } }, u)).createGroupRoom;
    const image = (await uploadOk(t, u, await png(), 'a.png')).id;
    const text = (await uploadOk(t, u, Buffer.from('notes'), 'b.txt')).id;
    const sent = (await ok(SEND, { i: { roomId: room.id, body: 'files', attachmentIds: [image, text] } }, u)).sendMessage;
    return { roomId: room.id, ids: [image, text], keys: [image, `${image}.thumb.webp`, text], message: sent };
  }
  const filesOf = (ids: string[]) => stored().filter((f) => ids.some((id) => f.startsWith(id)));
  const rowsOf = (ids: string[]) => t.server.app.orm.em.fork().count(Upload, { id: { $in: ids } });

  it('deleting a room deletes its messages\' files and thumbnails; other rooms keep theirs', async () => {
    const doomed = await roomWithFiles(alice);
    const kept = await roomWithFiles(alice);
    expect(filesOf(doomed.ids).sort()).toEqual(doomed.keys.sort());
    expect((await ok(DELETE_ROOM, { r: doomed.roomId }, alice)).deleteRoom).toBe(true);
    expect(filesOf(doomed.ids)).toEqual([]);
    expect(await rowsOf(doomed.ids)).toBe(0);
    expect(filesOf(kept.ids).sort()).toEqual(kept.keys.sort());
    expect((await getFile(t, kept.message.attachments[0].url)).status).toBe(200);
    // The last member leaving deletes the room, and its files with it.
    const left = await roomWithFiles(alice);
    expect((await ok(LEAVE, { r: left.roomId }, alice)).leaveRoom).toBe(true);
    expect(filesOf(left.ids)).toEqual([]);
    expect(await rowsOf(left.ids)).toBe(0);
  });

  it('deleting an account deletes its unattached uploads and the rooms it leaves empty with their files; shared rooms keep its messages\' files', async () => {
    const [leaving, friend] = [await register(t, 'leave'), await register(t, 'friend')];
    const alone = await roomWithFiles(leaving);
    const shared = await roomWithFiles(leaving, [friend.id]);
    const loose = (await uploadOk(t, leaving, await png(), 'loose.png')).id;
    expect((await ok(DELETE_ACCOUNT, { p: leaving.password }, leaving)).deleteAccount).toBe(true);
    expect(filesOf([...alone.ids, loose])).toEqual([]);
    expect(await rowsOf([...alone.ids, loose])).toBe(0);
    expect(code(await t.gql(`query($r: ID!) { room(id: $r) { id } }`, { r: alone.roomId }, alice.accessToken))).toBe('NOT_FOUND');
    // The friend still reads the message and its files.
    expect(filesOf(shared.ids).sort()).toEqual(shared.keys.sort());
    const page = await ok(`query($r: ID!) { room(id: $r) { messages(last: 1) { edges { node { sender { id } attachments { url } } } } } }`, { r: shared.roomId }, friend);
    const node = page.room.messages.edges[0].node;
    expect(node.sender).toBeNull();
    expect((await getFile(t, node.attachments[0].url)).status).toBe(200);
  });

  it('a storage that cannot delete does not undo the delete: the files are not served, and the sweep deletes them later', async () => {
    const held = await roomWithFiles(alice);
    const other = await roomWithFiles(alice);
    // A file that cannot be removed: a directory with something in it where the text file was.
    const block = (id: string) => {
      rmSync(path.join(dir, id));
      mkdirSync(path.join(dir, id));
      writeFileSync(path.join(dir, id, 'pin'), 'x');
    };
    block(held.ids[1]);
    block(other.ids[1]);
    const logs = t.logs.length;
    const deleted = await ok(DELETE_MESSAGE, { m: held.message.id }, alice);
    expect(deleted.deleteMessage.deletedAt).not.toBeNull();
    expect((await ok(DELETE_ROOM, { r: other.roomId }, alice)).deleteRoom).toBe(true);
    expect(t.logs.slice(logs).join('')).toContain('the sweep will try again');
    for (const a of held.message.attachments) expect((await getFile(t, a.url)).status).toBe(404);
    // Left for the sweep: nobody's rows, which nothing serves or attaches.
    expect(await rowsOf([...held.ids, ...other.ids])).toBe(4);
    const late = await t.gql(SEND, { i: { roomId: held.roomId, body: 'again', attachmentIds: [held.ids[0]] } }, alice.accessToken);
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachmentIds' });
    // Still failing: the sweep keeps them, and tries again next time.
    await t.server.app.services.uploads.sweep();
    expect(await rowsOf([...held.ids, ...other.ids])).toBe(4);
    for (const id of [held.ids[1], other.ids[1]]) rmSync(path.join(dir, id), { recursive: true });
    await t.server.app.services.uploads.sweep();
    expect(await rowsOf([...held.ids, ...other.ids])).toBe(0);
    expect(filesOf([...held.ids, ...other.ids])).toEqual([]);
  });
});

describe('sweep and storage failures', () => {
  it('deletes uploads nobody attached once they are older than UPLOAD_UNATTACHED_TTL_SECONDS, and keeps attached ones', async () => {
    const own = mkdtempSync(path.join(os.tmpdir(), 'parley-sweep-'));
    const s = await startServer({ env: { UPLOAD_DIR: own, UPLOAD_UNATTACHED_TTL_SECONDS: '6', UPLOAD_SWEEP_INTERVAL_SECONDS: '1' } });
    try {
      const u = await register(s, 'sweep');
      const room = (await s.gql(GROUP, { i: { name: 'sweep', memberIds: [] } }, u.accessToken)).data.createGroupRoom;
      // Attached right away, well within the time the sweep allows even on a loaded machine.
      const kept = (await upload(s, u.accessToken, await png(), 'kept.png')).body;
      const sent = await s.gql(SEND, { i: { roomId: room.id, body: 'keep this', attachmentIds: [kept.id] } }, u.accessToken);
      expect(sent.errors).toBeUndefined();
      const lost = (await upload(s, u.accessToken, await png(), 'lost.png')).body;
      expect(readdirSync(own).sort()).toEqual([kept.id, `${kept.id}.thumb.webp`, lost.id, `${lost.id}.thumb.webp`].sort());
      await waitFor(async () => !(await s.server.app.orm.em.fork().findOne(Upload, { id: lost.id })), 'the sweep to delete the unattached upload', 30_000);
      // The files go first, then the row (claimed first, so no send can take it meanwhile).
      await waitFor(() => readdirSync(own).length === 2, "the sweep to delete the upload's files");
      expect(readdirSync(own).sort()).toEqual([kept.id, `${kept.id}.thumb.webp`].sort());
      expect(await s.server.app.orm.em.fork().findOne(Upload, { id: kept.id })).not.toBeNull();
      // Too late to attach it now.
      const late = await s.gql(SEND, { i: { roomId: room.id, body: 'x', attachmentIds: [lost.id] } }, u.accessToken);
      expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachmentIds' });
    } finally {
      await s.stop();
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('by default gives an upload a day: kept by a sweep 23 hours on, deleted by one 25 hours on', async () => {
    const up = await uploadOk(t, alice, Buffer.from('a day to live'), 'day.txt');
    const hour = 3600 * 1000;
    await t.server.app.services.uploads.sweep(Date.now() + 23 * hour);
    expect(await t.server.app.orm.em.fork().count(Upload, { id: up.id })).toBe(1);
    expect(stored()).toContain(up.id);
    await t.server.app.services.uploads.sweep(Date.now() + 25 * hour);
    expect(await t.server.app.orm.em.fork().count(Upload, { id: up.id })).toBe(0);
    expect(stored()).not.toContain(up.id);
  });

  it('answers 503 when the storage cannot write, and records nothing', async () => {
    const blocker = path.join(os.tmpdir(), `parley-not-a-dir-${process.pid}`);
    writeFileSync(blocker, 'a file where the upload directory should be');
    const s = await startServer({ env: { UPLOAD_DIR: path.join(blocker, 'uploads') } });
    try {
      const u = await register(s, 'broken');
      const r = await upload(s, u.accessToken, await png(), 'x.png');
      expect(r.status).toBe(503);
      expect(r.body.errors[0].extensions.code).toBe('STORAGE_UNAVAILABLE');
      expect(await s.server.app.orm.em.fork().count(Upload, {})).toBe(0);
      expect(s.logs.join('')).toContain('storing an upload failed');
    } finally {
      await s.stop();
      rmSync(blocker, { force: true });
    }
  });
});
