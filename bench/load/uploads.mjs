// Load process for the uploads scenario: POST /uploads from `concurrency` clients, the same bytes written to disk
// (the baseline), and sendMessage with or without attachments. Driven over IPC by bench/scenarios/uploads.mjs.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { childMain } from '../lib/common.mjs';

const MiB = 1024 * 1024;
let files;

/**
 * A photo-like JPEG of about `bytes` (noise compresses badly, so a modest canvas reaches 2 MiB) carrying EXIF with a
 * GPS position, as phones write it: the server then re-encodes it without the metadata, its worst case. And a
 * ZIP-signed file of the same size, which the server stores without sharp.
 */
async function makeFiles(bytes) {
  let side = 900;
  let jpeg;
  for (let i = 0; i < 8; i++) {
    const raw = randomBytes(side * side * 3);
    jpeg = await sharp(raw, { raw: { width: side, height: side, channels: 3 } })
      .jpeg({ quality: 90 })
      .withExif({ IFD0: { Make: 'BenchCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1' } })
      .toBuffer();
    if (Math.abs(jpeg.length - bytes) < 0.1 * bytes) break;
    side = Math.round(side * Math.sqrt(bytes / jpeg.length));
  }
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(jpeg.length - 4)]);
  return { jpeg, zip, side };
}

async function pool(count, concurrency, task) {
  const latencies = [];
  const results = [];
  let next = 0;
  let failed = 0;
  let firstError = null;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        try {
          results[i] = await task(i, w);
          latencies.push(performance.now() - t0);
        } catch (e) {
          failed++;
          firstError ??= String(e.message ?? e);
        }
      }
    }),
  );
  return { ok: count - failed, failed, firstError, ms: performance.now() - started, latencies, results };
}

childMain({
  async prepare(m) {
    files = await makeFiles(m.bytes ?? 2 * MiB);
    return { type: 'prepared', jpegBytes: files.jpeg.length, zipBytes: files.zip.length, side: files.side };
  },

  /** `count` uploads of one kind from `tokens.length` clients, each client with its own token. */
  async upload(m) {
    const body = m.kind === 'image' ? files.jpeg : files.zip;
    const r = await pool(m.count, m.tokens.length, async (i, w) => {
      const form = new FormData();
      form.append('file', new Blob([body]), m.kind === 'image' ? `photo-${i}.jpg` : `archive-${i}.zip`);
      const res = await fetch(`${m.base}/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${m.tokens[w]}` } });
      const j = await res.json();
      if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(j)}`);
      return { worker: w, id: j.id };
    });
    return { type: 'uploaded', ...r, bytes: body.length };
  },

  /** The baseline: the same bytes written to files, `concurrency` at a time, then removed. */
  async disk(m) {
    const dir = path.join(m.dir, `disk-${randomUUID()}`);
    mkdirSync(dir, { recursive: true });
    try {
      const r = await pool(m.count, m.concurrency, (i) => writeFile(path.join(dir, String(i)), files.jpeg));
      return { type: 'written', ...r, results: undefined, bytes: files.jpeg.length };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },

  /**
   * Sends from `senders` (one room each), `count` in all, split evenly; with `attachments`, each send takes the next of
   * its sender's own uploads (so a sender sends at most as many as it uploaded).
   */
  async send(m) {
    const query = `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id attachments { id url thumbnailUrl } } }`;
    const latencies = [];
    let ok = 0;
    let failed = 0;
    let firstError = null;
    const started = performance.now();
    const each = Math.ceil(m.count / m.senders.length);
    await Promise.all(
      m.senders.map(async (s) => {
        const quota = m.attachments ? Math.min(each, s.uploads.length) : each;
        for (let k = 0; k < quota; k++) {
          const input = { roomId: s.roomId, body: 'A benchmark message of ordinary length.', clientId: randomUUID() };
          if (m.attachments) input.attachmentIds = [s.uploads[k]];
          const t0 = performance.now();
          try {
            const res = await fetch(m.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body: JSON.stringify({ query, variables: { input } }) });
            const j = await res.json();
            if (j.errors?.length) throw new Error(JSON.stringify(j.errors[0]));
            ok++;
            latencies.push(performance.now() - t0);
          } catch (e) {
            failed++;
            firstError ??= String(e.message ?? e);
          }
        }
      }),
    );
    return { type: 'sent', ok, failed, firstError, ms: performance.now() - started, latencies };
  },
});
