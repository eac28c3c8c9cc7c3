import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type FileVariant = 'file' | 'thumb';

/** A signed URL's query, as parsed from the request. */
export interface SignedQuery {
  v?: unknown;
  u?: unknown;
  exp?: unknown;
  sig?: unknown;
}

/** URLs repeat within a window this long, so a browser's cache serves an image again instead of fetching it. */
const WINDOW_SECONDS = 300;

/**
 * Short-lived file URLs for one viewer: `/files/<id>?v=&u=&exp=&sig=`, an HMAC over all of them. The viewer's id is
 * in the URL so that `GET /files` checks that they may still read the message: a URL handed out before a member was
 * removed stops working at once. An `<img>` tag loads it without headers.
 */
export class FileUrlSigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    // A key of its own, derived from the server secret: a file signature is never a valid token signature.
    this.key = createHash('sha256').update(`parley-file-urls\0${secret}`).digest();
  }

  private mac(id: string, variant: FileVariant, userId: string, exp: number): string {
    return createHmac('sha256', this.key).update(`${id}\n${variant}\n${userId}\n${exp}`).digest('base64url');
  }

  url(id: string, variant: FileVariant, userId: string, now = Date.now()): string {
    const exp = Math.ceil((now / 1000 + this.ttlSeconds) / WINDOW_SECONDS) * WINDOW_SECONDS;
    const q = new URLSearchParams({ v: variant, u: userId, exp: String(exp), sig: this.mac(id, variant, userId, exp) });
    return `/files/${id}?${q}`;
  }

  /** The viewer and variant a URL was signed for, or why it is refused. */
  verify(id: string, q: SignedQuery, now = Date.now()): { ok: true; userId: string; variant: FileVariant } | { ok: false; reason: string } {
    const { v, u, exp, sig } = q;
    if ((v !== 'file' && v !== 'thumb') || typeof u !== 'string' || typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp)) {
      return { ok: false, reason: 'This file link is not signed.' };
    }
    const expected = Buffer.from(this.mac(id, v, u, Number(exp)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'This file link has a wrong signature.' };
    if (Number(exp) * 1000 < now) return { ok: false, reason: 'This file link has expired; reload to get a new one.' };
    return { ok: true, userId: u, variant: v };
  }
}
