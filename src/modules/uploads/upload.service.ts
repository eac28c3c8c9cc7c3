import type { EntityManager, MikroORM } from '@mikro-orm/core';
import busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DatabaseKind, UploadConfig } from '../../config.js';
import { dbValue, execute, type NativeStatement } from '../../common/native-sql.js';
import { BadInputError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { RateLimiter } from '../../rate-limit.js';
import { Membership } from '../rooms/membership.entity.js';
import { Role, User } from '../users/user.entity.js';
import { FileUrlSigner, type SignedQuery } from './file-urls.js';
import { IMAGE_TYPES, ImageDecodeError, processImage } from './images.js';
import { EXTENSIONS, SNIFF_BYTES, sniffType } from './sniff.js';
import { StorageNotFoundError, type FileStorage } from './storage.js';
import { storageKeys, Upload } from './upload.entity.js';

export const MAX_ATTACHMENTS = 10;
const PURGE_BATCH = 500;

/** An upload let go of by `release`, to `purge`. */
export type Released = Pick<Upload, 'id' | 'hasThumbnail'>;

function chunks<T>(list: T[], size = PURGE_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A refusal of `POST /uploads` or `GET /files`, answered as JSON with this HTTP status. */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Counts and sniffs the bytes going by: holds the first SNIFF_BYTES until their type is known and allowed. */
class Inspector extends Transform {
  size = 0;
  type?: string;
  private head: Buffer[] = [];
  private headBytes = 0;

  constructor(private readonly allowed: string[]) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.size += chunk.length;
    if (this.type) return cb(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SNIFF_BYTES) return cb();
    this.decide(false, cb);
  }

  override _flush(cb: TransformCallback) {
    if (this.type) return cb();
    if (!this.headBytes) return cb(new UploadError(400, 'BAD_REQUEST', 'The file is empty.'));
    this.decide(true, cb);
  }

  private decide(complete: boolean, cb: TransformCallback) {
    const buf = Buffer.concat(this.head);
    this.head = [];
    const type = sniffType(buf.subarray(0, SNIFF_BYTES), complete);
    if (!type || !this.allowed.includes(type)) {
      return cb(new UploadError(415, 'UNSUPPORTED_MEDIA_TYPE', `This kind of file is not accepted${type ? ` (${type})` : ''}. Allowed: ${this.allowed.join(', ')}.`, { allowedTypes: this.allowed }));
    }
    this.type = type;
    cb(null, buf);
  }
}

export function cleanFilename(raw: string | undefined, type: string): string {
  const base = (raw ?? '').replace(/\\/g, '/').split('/').pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const name = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return name && name !== '.' && name !== '..' ? name : `file.${EXTENSIONS[type] ?? 'bin'}`;
}

/**
 * Files: receiving uploads (limits, type from the bytes, images measured, cleaned and thumbnailed), attaching them to
 * messages, serving them through signed URLs to those who may read the message, and sweeping unattached ones.
 */
export class UploadService {
  readonly urls: FileUrlSigner;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly storage: FileStorage,
    private readonly config: UploadConfig,
    private readonly databaseKind: DatabaseKind,
    private readonly rateLimiter: RateLimiter,
    private readonly logger: Logger,
    secret: string,
  ) {
    this.urls = new FileUrlSigner(secret, config.urlTtlSeconds);
  }

  get storageKind() {
    return this.storage.kind;
  }

  /** Bytes the user uploaded in the last 24 hours. */
  private async usedToday(em: EntityManager, userId: string): Promise<number> {
    const since = new Date(Date.now() - 24 * 3600 * 1000);
    const rows = await execute<Array<{ used: unknown }>>(em, { sql: 'select coalesce(sum(size), 0) as used from uploads where owner_id = ? and created_at > ?', params: [userId, dbValue(this.databaseKind, since)] });
    return Number(rows[0]?.used ?? 0);
  }

  /** Reads a `multipart/form-data` request's `file` part into storage and records it, or throws an UploadError. */
  async receive(req: IncomingMessage, viewer: User): Promise<Upload> {
    const { config } = this;
    await this.rateLimiter.hit(`upload:user:${viewer.id}`, config.perMinute, 60);
    const em = this.orm.em.fork();
    let limit = config.maxBytes;
    let byQuota = false;
    if (config.quotaBytes) {
      const left = config.quotaBytes - (await this.usedToday(em, viewer.id));
      if (left <= 0) throw new UploadError(429, 'QUOTA_EXCEEDED', 'You have used your upload allowance for today.', { quotaBytes: config.quotaBytes });
      if (left < limit) [limit, byQuota] = [left, true];
    }
    const tooLarge = () =>
      byQuota
        ? new UploadError(413, 'QUOTA_EXCEEDED', `This file is larger than what is left of your upload allowance for today (${limit} bytes).`, { maxBytes: limit })
        : new UploadError(413, 'PAYLOAD_TOO_LARGE', `Files can be at most ${limit} bytes.`, { maxBytes: limit });
    if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) throw new UploadError(400, 'BAD_REQUEST', 'Send multipart/form-data with one field named "file".');
    // An honest client's oversized request is refused before any byte is read (multipart adds under 1 KiB).
    if (Number(req.headers['content-length'] ?? 0) > limit + 64 * 1024) throw tooLarge();

    const tmp = path.join(os.tmpdir(), `parley-upload-${randomUUID()}`);
    try {
      const received = await this.readFile(req, tmp, limit, tooLarge);
      return await this.store(em, viewer, tmp, received);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** Streams the `file` part to `tmp`, sniffing its type and counting it; stops at the first problem. */
  private readFile(req: IncomingMessage, tmp: string, limit: number, tooLarge: () => UploadError): Promise<{ filename: string; type: string; size: number }> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        // Read and drop the rest of the request, so the client gets this answer instead of a reset connection.
        req.unpipe();
        let drained = 0;
        req.on('data', (c: Buffer) => {
          drained += c.length;
          if (drained > 4 * this.config.maxBytes + 1024 * 1024) req.destroy();
        });
        req.resume();
        reject(err);
      };
      let bb: busboy.Busboy;
      try {
        // busboy reports "limit" on reaching fileSize: one more byte than allowed.
        bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: limit + 1, fields: 10, fieldSize: 1024, parts: 12 } });
      } catch {
        return reject(new UploadError(400, 'BAD_REQUEST', 'Send multipart/form-data with one field named "file".'));
      }
      let file: Promise<{ filename: string; type: string; size: number }> | undefined;
      bb.on('file', (name, stream, info) => {
        if (name !== 'file' || file) return void stream.resume();
        const inspector = new Inspector(this.config.allowedTypes);
        stream.on('limit', () => stream.destroy(tooLarge()));
        const written = pipeline(stream as Readable, inspector, createWriteStream(tmp)).then(() => ({ filename: info.filename ?? '', type: inspector.type!, size: inspector.size }));
        written.catch(fail);
        file = written;
      });
      bb.on('error', () => fail(new UploadError(400, 'BAD_REQUEST', 'The multipart body is malformed.')));
      bb.on('close', () => {
        if (!file) return fail(new UploadError(400, 'BAD_REQUEST', 'Send one file in a multipart field named "file".'));
        file.then((r) => {
          if (settled) return;
          settled = true;
          resolve(r);
        }, fail);
      });
      req.on('aborted', () => fail(new UploadError(400, 'BAD_REQUEST', 'The upload was interrupted.')));
      req.pipe(bb);
    });
  }

  /** Measures and cleans an image, puts the objects, then the row; a failure anywhere leaves neither behind. */
  private async store(em: EntityManager, viewer: User, tmp: string, received: { filename: string; type: string; size: number }): Promise<Upload> {
    const upload = em.create(Upload, { owner: viewer, filename: cleanFilename(received.filename, received.type), contentType: received.type, size: received.size });
    let thumbnail: Buffer | undefined;
    let cleaned: Buffer | undefined;
    if (IMAGE_TYPES.has(received.type)) {
      try {
        const image = await processImage(tmp, received.type);
        Object.assign(upload, { width: image.width, height: image.height, hasThumbnail: true });
        thumbnail = image.thumbnail;
        cleaned = image.cleaned;
        if (cleaned) upload.size = cleaned.length;
      } catch (err) {
        if (err instanceof ImageDecodeError) throw new UploadError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The image could not be decoded.');
        throw err;
      }
    }
    const put: string[] = [];
    try {
      await this.storage.put(upload.id, cleaned ?? createReadStream(tmp), upload.size, upload.contentType);
      put.push(upload.id);
      if (thumbnail) {
        await this.storage.put(`${upload.id}.thumb.webp`, thumbnail, thumbnail.length, 'image/webp');
        put.push(`${upload.id}.thumb.webp`);
      }
    } catch (err) {
      this.logger.error({ err, uploadId: upload.id, storage: this.storage.kind }, 'storing an upload failed');
      await this.removeObjects(put);
      throw new UploadError(503, 'STORAGE_UNAVAILABLE', 'File storage is unavailable; try again later.');
    }
    try {
      await em.flush();
    } catch (err) {
      await this.removeObjects(put);
      throw err;
    }
    return upload;
  }

  /** Deletes the objects of a failed store; a failure is logged (nothing refers to them). */
  private async removeObjects(keys: string[]): Promise<void> {
    if (!keys.length) return;
    try {
      await this.storage.delete(keys);
    } catch (err) {
      this.logger.error({ err, keys }, 'deleting stored files failed');
    }
  }

  /** The viewer's own unattached uploads with these ids, in that order, or BAD_USER_INPUT (field attachmentIds). */
  async assertAttachable(em: EntityManager, ownerId: string, ids: string[]): Promise<void> {
    const found = await em.find(Upload, { id: { $in: ids }, owner: ownerId, message: null }, { fields: ['id'] });
    if (found.length !== ids.length) throw new BadInputError('attachmentIds', 'Attach only your own uploads that are not attached to a message yet.');
  }

  /**
   * Takes the uploads for a new message, in the given order (a claim of the send's atomic write): it returns one row
   * per upload it took, and the send writes nothing unless it took them all. An upload another send took, or the
   * sweep claimed (owner cleared), is not taken: the row lock and re-check of the WHERE make the later writer see it.
   */
  attachStatement(messageId: string, ownerId: string, ids: string[], condition?: NativeStatement): NativeStatement {
    const cases = ids.map(() => 'when ? then ?').join(' ');
    const positions = ids.flatMap((id, i) => [id, i]);
    return {
      sql: `update uploads set message_id = ?, position = case id ${cases} end where id in (${ids.map(() => '?').join(', ')}) and owner_id = ? and message_id is null${condition ? ` and ${condition.sql}` : ''} returning id`,
      params: [messageId, ...positions, ...ids, ownerId, ...(condition?.params ?? [])],
    };
  }

  /**
   * Lets go of uploads in the caller's transaction: of one message, of every message of a room, or a departing
   * owner's unattached ones. They become nobody's (no message, no owner): nothing can serve or attach them any more,
   * and they are what `purge` (after commit) and the sweep delete. Returns them for `purge`.
   */
  async release(tx: EntityManager, of: { messageId: string } | { roomId: string } | { ownerId: string }): Promise<Released[]> {
    const where = 'messageId' in of ? { message: of.messageId } : 'roomId' in of ? { message: { room: of.roomId } } : { owner: of.ownerId, message: null };
    const uploads: Released[] = await tx.find(Upload, where, { fields: ['id', 'hasThumbnail'] });
    for (const ids of chunks(uploads.map((u) => u.id))) await tx.nativeUpdate(Upload, { id: { $in: ids } }, { message: null, owner: null });
    return uploads.map((u) => ({ id: u.id, hasThumbnail: u.hasThumbnail }));
  }

  /**
   * Deletes released uploads: their objects first, then their rows. Never throws: the write that released them has
   * committed, and a storage failure leaves the rows for the sweep to try again. Returns how many it deleted.
   */
  async purge(uploads: Released[]): Promise<number> {
    let purged = 0;
    for (let i = 0; i < uploads.length; i += PURGE_BATCH) {
      const batch = uploads.slice(i, i + PURGE_BATCH);
      try {
        await this.storage.delete(batch.flatMap(storageKeys));
        purged += await this.orm.em.fork().nativeDelete(Upload, { id: { $in: batch.map((u) => u.id) }, owner: null, message: null });
      } catch (err) {
        this.logger.error({ err, uploadIds: batch.map((u) => u.id), storage: this.storage.kind }, 'deleting stored files failed; the sweep will try again');
        break;
      }
    }
    return purged;
  }

  /** What `GET /files/:id` serves, when the signature holds and its viewer may still read the message. */
  async open(id: string, query: SignedQuery): Promise<{ upload: Upload; variant: 'file' | 'thumb'; body: Readable }> {
    const signed = this.urls.verify(id, query);
    if (!signed.ok) throw new UploadError(403, 'FORBIDDEN', signed.reason);
    const em = this.orm.em.fork();
    const upload = await em.findOne(Upload, { id }, { populate: ['message'] });
    const message = upload?.message;
    if (!upload || !message || message.deletedAt) throw new UploadError(404, 'NOT_FOUND', 'File not found.');
    const viewer = await em.findOne(User, { id: signed.userId });
    const moderator = viewer?.role === Role.ADMIN || viewer?.role === Role.MODERATOR;
    const member = viewer && !moderator ? await em.count(Membership, { room: message.room.id, user: viewer.id }) : 0;
    if (!viewer || viewer.bannedAt || (!moderator && !member)) throw new UploadError(403, 'FORBIDDEN', 'You may not read this file.');
    if (signed.variant === 'thumb' && !upload.hasThumbnail) throw new UploadError(404, 'NOT_FOUND', 'This file has no thumbnail.');
    try {
      const body = await this.storage.get(signed.variant === 'thumb' ? `${id}.thumb.webp` : id);
      return { upload, variant: signed.variant, body };
    } catch (err) {
      if (err instanceof StorageNotFoundError) throw new UploadError(404, 'NOT_FOUND', 'File not found.');
      this.logger.error({ err, uploadId: id }, 'reading a stored file failed');
      throw new UploadError(503, 'STORAGE_UNAVAILABLE', 'File storage is unavailable; try again later.');
    }
  }

  /**
   * Deletes uploads nobody attached within the configured time (a day by default), and released ones whose files
   * could not be deleted before. Claims the stale ones first (clears their owner, only while unattached), so a send
   * attaches an upload or the sweep deletes it, never both. Returns how many it deleted.
   */
  async sweep(now = Date.now()): Promise<number> {
    const em = this.orm.em.fork();
    const cutoff = new Date(now - this.config.unattachedTtlSeconds * 1000);
    await em.nativeUpdate(Upload, { message: null, owner: { $ne: null }, createdAt: { $lt: cutoff } }, { owner: null });
    let removed = 0;
    for (;;) {
      const garbage = await em.find(Upload, { message: null, owner: null }, { fields: ['id', 'hasThumbnail'], limit: PURGE_BATCH, orderBy: { createdAt: 'asc' } });
      const purged = garbage.length ? await this.purge(garbage) : 0;
      removed += purged;
      if (purged < PURGE_BATCH) break;
    }
    if (removed) this.logger.info({ removed }, 'swept unattached uploads');
    return removed;
  }

  start() {
    this.sweepTimer = setInterval(() => {
      this.sweep().catch((err) => this.logger.error({ err }, 'upload sweep failed'));
    }, this.config.sweepIntervalSeconds * 1000);
    this.sweepTimer.unref();
  }

  stop() {
    clearInterval(this.sweepTimer);
  }
}
