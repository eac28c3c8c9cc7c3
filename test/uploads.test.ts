import { readdirSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Upload } from '../src/modules/uploads/upload.entity.js';
import { sniffType } from '../src/modules/uploads/sniff.js';
import { register, startServer, waitFor, type TestServer, type TestUser } from './harness.js';
import { animatedGif, centre, getFile, jpegWithLocation, origin, png, upload, uploadOk } from './upload-helpers.js';

jest.setTimeout(120_000);

const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id attachments { id contentType width height url thumbnailUrl } } }`;
const GROUP = `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`;

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
      // The row goes first, then its files.
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
