import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { UploadConfig } from '../../config.js';
import { StorageNotFoundError, type FileStorage } from './storage.js';

/** Objects in one S3 bucket (AWS or any S3-compatible server), so every instance reads what any other stored. */
export class S3Storage implements FileStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: NonNullable<UploadConfig['s3']>) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
      // Plain signed PUTs with a Content-Length (no aws-chunked trailers): every S3-compatible server takes them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
    });
  }

  async put(key: string, body: Buffer | Readable, size: number, contentType: string): Promise<void> {
    // A single PUT is atomic: the object appears whole or not at all.
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentLength: size, ContentType: contentType }));
  }

  async get(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body as Readable;
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) throw new StorageNotFoundError(key);
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    // One DeleteObject per key (an upload has one or two): DeleteObjects needs checksums some compatible servers lack.
    // allSettled, not all: a failure is reported only once every request has ended, so no retry of another key is
    // still in flight (and may yet succeed) after the caller has been told the delete failed.
    const results = await Promise.allSettled(keys.map((Key) => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }))));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
