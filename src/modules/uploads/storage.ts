import type { Readable } from 'node:stream';
import type { UploadConfig } from '../../config.js';
import { DiskStorage } from './disk-storage.js';
import { S3Storage } from './s3-storage.js';

/** Where file bytes live: local disk (one instance) or S3-compatible object storage (several instances share it). */
export interface FileStorage {
  readonly kind: 'disk' | 's3';
  /** Stores `body` under `key`, all or nothing: a failed put leaves no object behind. */
  put(key: string, body: Buffer | Readable, size: number, contentType: string): Promise<void>;
  /** The object's bytes; rejects with StorageNotFoundError when there is none. */
  get(key: string): Promise<Readable>;
  /** Removes objects; missing ones are not an error. */
  delete(keys: string[]): Promise<void>;
}

export class StorageNotFoundError extends Error {
  constructor(key: string) {
    super(`no stored object ${key}`);
    this.name = 'StorageNotFoundError';
  }
}

export function createStorage(config: UploadConfig): FileStorage {
  return config.s3 ? new S3Storage(config.s3) : new DiskStorage(config.dir);
}
