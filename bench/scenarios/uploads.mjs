// 8. Uploads (issue 15): POST /uploads throughput of N photo-sized JPEGs (2 MiB, EXIF included) from 10 clients,
// against writing the same bytes to disk in the same run; the same number of 2 MiB non-images (no sharp) to tell
// sharp's CPU from the rest; and sendMessage with one attachment against without.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { WORK, createDatabase, log, migrate, round, startLoad, startServer, summarize } from '../lib/common.mjs';
import { connect, seedRoom, seedSessions, seedUsers } from '../lib/seed.mjs';

export const defaults = { size: 100, minSize: 10 };
const CLIENTS = 10;

export async function run(size = defaults.size) {
  const n = Number(size);
  const db = await createDatabase('uploads');
  await migrate(db);
  const c = await connect(db);
  const users = await seedUsers(c, CLIENTS, 'up');
  const tokens = await seedSessions(c, users);
  const rooms = [];
  for (const u of users) rooms.push(await seedRoom(c, `Uploads ${u.username}`, [u.id]));
  await c.end();
  const dir = path.join(WORK, `uploads-${db.name}`);
  mkdirSync(dir, { recursive: true });
  const server = await startServer(db, { profileTag: 'uploads', env: { UPLOAD_DIR: path.join(dir, 'store'), UPLOAD_RATE_PER_MINUTE: '0', UPLOAD_QUOTA_BYTES_PER_DAY: '0' } });
  const load = startLoad('uploads');
  const workerTokens = users.map((u) => tokens.get(u.id));
  const phase = async (msg, reply) => {
    const cpu0 = server.cpuMs();
    const r = await load.request(msg, reply);
    return { ...r, serverCpuMs: server.cpuMs() - cpu0 };
  };
  let prepared, images, others, disk, withAtt, without;
  try {
    prepared = await load.request({ type: 'prepare', bytes: 2 * 1024 * 1024 }, 'prepared');
    log(`  files: JPEG ${prepared.jpegBytes} bytes (${prepared.side}x${prepared.side}, EXIF with GPS), ZIP ${prepared.zipBytes} bytes`);
    // Warm-up (not measured): sharp's and the disk's first use.
    await load.request({ type: 'upload', base: server.base, tokens: workerTokens, count: CLIENTS, kind: 'image' }, 'uploaded');
    disk = await load.request({ type: 'disk', dir, count: n, concurrency: CLIENTS }, 'written');
    images = await phase({ type: 'upload', base: server.base, tokens: workerTokens, count: n, kind: 'image' }, 'uploaded');
    others = await phase({ type: 'upload', base: server.base, tokens: workerTokens, count: n, kind: 'zip' }, 'uploaded');
    if (images.failed || others.failed) log(`  upload failures: ${images.failed + others.failed} (${images.firstError ?? others.firstError})`);
    // Each sender attaches its own uploads, one per message.
    const senders = users.map((u, w) => ({ token: tokens.get(u.id), roomId: rooms[w], uploads: images.results.filter((x) => x && x.worker === w).map((x) => x.id) }));
    const url = server.url;
    without = await phase({ type: 'send', url, senders, count: n, attachments: false }, 'sent');
    withAtt = await phase({ type: 'send', url, senders, count: Math.min(n, images.ok), attachments: true }, 'sent');
    if (withAtt.failed || without.failed) log(`  send failures: ${withAtt.failed + without.failed} (${withAtt.firstError ?? without.firstError})`);
  } finally {
    await load.stop();
    await server.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  const MB = 1024 * 1024;
  const mbps = (r, bytes) => (r.ok * bytes) / MB / (r.ms / 1000);
  const perSec = (r) => r.ok / (r.ms / 1000);
  const il = summarize(images.latencies);
  const ol = summarize(others.latencies);
  const dl = summarize(disk.latencies);
  const sharpCpuPerImage = (images.serverCpuMs - others.serverCpuMs) / Math.max(1, images.ok);
  const sw = summarize(withAtt.latencies);
  const so = summarize(without.latencies);
  return {
    rows: [
      { figure: `uploads: ${n} JPEGs of 2 MiB from ${CLIENTS} clients (MiB/s)`, value: round(mbps(images, images.bytes)), baseline: round(mbps(disk, disk.bytes)), ratio: mbps(images, images.bytes) / mbps(disk, disk.bytes), target: 'reported (baseline: the same bytes written to disk)', met: null },
      { figure: 'uploads: the same count of 2 MiB non-images (MiB/s)', value: round(mbps(others, others.bytes)), baseline: round(mbps(disk, disk.bytes)), ratio: mbps(others, others.bytes) / mbps(disk, disk.bytes), target: 'reported', met: null },
      { figure: 'upload latency p50 / p99 (ms): JPEG, non-image', value: `${round(il.p50)} / ${round(il.p99)}`, baseline: `${round(ol.p50)} / ${round(ol.p99)}`, ratio: null, target: 'reported (baseline: non-image)', met: null },
      { figure: 'server CPU per upload (ms): JPEG / non-image; sharp ≈ the difference', value: `${round(images.serverCpuMs / images.ok)} / ${round(others.serverCpuMs / others.ok)}`, baseline: round(sharpCpuPerImage), ratio: null, target: 'reported', met: null },
      { figure: `sendMessage with 1 attachment vs without (sends/s, ${CLIENTS} senders)`, value: round(perSec(withAtt)), baseline: round(perSec(without)), ratio: perSec(withAtt) / perSec(without), target: 'reported', met: null },
      { figure: 'send latency p50 / p99 (ms): with / without attachment', value: `${round(sw.p50)} / ${round(sw.p99)}`, baseline: `${round(so.p50)} / ${round(so.p99)}`, ratio: null, target: 'reported', met: null },
    ],
    details: {
      clients: CLIENTS,
      images: { ok: images.ok, failed: images.failed, bytes: images.bytes, ms: round(images.ms), serverCpuMs: images.serverCpuMs, latencyMs: il },
      nonImages: { ok: others.ok, failed: others.failed, ms: round(others.ms), serverCpuMs: others.serverCpuMs, latencyMs: ol },
      disk: { ok: disk.ok, ms: round(disk.ms), latencyMs: dl },
      sharpCpuMsPerImage: round(sharpCpuPerImage),
      sendWithAttachment: { ok: withAtt.ok, failed: withAtt.failed, ms: round(withAtt.ms), serverCpuMs: withAtt.serverCpuMs, latencyMs: sw },
      sendWithout: { ok: without.ok, failed: without.failed, ms: round(without.ms), serverCpuMs: without.serverCpuMs, latencyMs: so },
    },
  };
}
