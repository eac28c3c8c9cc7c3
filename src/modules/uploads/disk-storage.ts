import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageNotFoundError, type FileStorage } from './storage.js';

const KEY_RE = /^[A-Za-z0-9_.-]{1,200}$/;

/** Files under one directory; a put writes a temporary file and renames it, so readers never see half a file. */
export class DiskStorage implements FileStorage {
  readonly kind = 'disk' as const;
  private ready?: Promise<unknown>;

  constructor(private readonly dir: string) {}

  private file(key: string): string {
    if (!KEY_RE.test(key) || key.startsWith('.')) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    return path.join(this.dir, key);
  }

  async put(key: string, body: Buffer | Readable): Promise<void> {
    const target = this.file(key);
    this.ready ??= mkdir(this.dir, { recursive: true });
    await this.ready;
    const tmp = path.join(this.dir, `.tmp-${randomBytes(8).toString('hex')}`);
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(tmp, { flags: 'wx' }));
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  get(key: string): Promise<Readable> {
    const stream = createReadStream(this.file(key));
    return new Promise((resolve, reject) => {
      stream.once('open', () => resolve(stream));
      stream.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new StorageNotFoundError(key) : err));
    });
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => rm(this.file(k), { force: true })));
  }
}
