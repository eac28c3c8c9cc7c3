import { createHash, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface AccessClaims {
  sub: string;
  sid: string;
}

const ALGORITHM = 'HS256' as const;

/**
 * The secret as a KeyObject, made once: given a string, jsonwebtoken first tries it as a PEM public (or private) key
 * and builds the secret key from the thrown error, on every call (about 1 ms of CPU per request in the benchmark).
 */
const keys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret))));
  return key;
}

export function signAccessToken(claims: AccessClaims, secret: string, ttlSeconds: number): { token: string; expiresAt: Date } {
  const token = jwt.sign({ sid: claims.sid, typ: 'access' }, secretKey(secret), {
    algorithm: ALGORITHM,
    subject: claims.sub,
    expiresIn: ttlSeconds,
    issuer: 'parley',
  });
  const { exp } = jwt.decode(token) as { exp: number };
  return { token, expiresAt: new Date(exp * 1000) };
}

export type VerifyResult = { ok: true; claims: AccessClaims; expiresAt: Date } | { ok: false; reason: 'expired' | 'invalid' };

/** Verifies with the algorithm pinned, so `alg: none` and RS/HS confusion are refused. */
export function verifyAccessToken(token: string, secret: string): VerifyResult {
  try {
    const payload = jwt.verify(token, secretKey(secret), { algorithms: [ALGORITHM], issuer: 'parley' }) as jwt.JwtPayload;
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') {
      return { ok: false, reason: 'invalid' };
    }
    return { ok: true, claims: { sub: payload.sub, sid: payload.sid }, expiresAt: new Date(payload.exp * 1000) };
  } catch (err) {
    return { ok: false, reason: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The MAC that makes a refresh token verifiable without the database: only this server can have issued it. */
function refreshMac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(`refresh:${body}`).digest('base64url').slice(0, 32);
}

/**
 * Refresh tokens are `<sessionId>.<random>.<mac>`: the session is found by id, the whole token checked by hash, and
 * the MAC tells a token this server issued (a rotated-out one coming back is reuse: the session ends) from anything
 * else that carries a session id (the id is readable in every access token: that must never end a session).
 */
export function newRefreshToken(sessionId: string, secret: string, from?: { presented: string; attempt: string }): { token: string; hash: string } {
  // With an attempt id the secret part is derived (keyed by the server's secret) from the token it replaces and the
  // attempt: the same refresh retried with the same attempt yields the same token (see AuthService.refresh).
  const secretPart = from ? createHmac('sha256', secret).update(`rotate:${from.presented}:${from.attempt}`).digest('base64url').slice(0, 43) : randomToken(32);
  const body = `${sessionId}.${secretPart}`;
  const token = `${body}.${refreshMac(body, secret)}`;
  return { token, hash: sha256(token) };
}

/** The session a refresh token names, and whether this server issued it (its MAC verifies). */
export function parseRefreshToken(token: string, secret: string): { sessionId: string; issuedHere: boolean } | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 200) return null;
  const last = token.lastIndexOf('.');
  const issuedHere = last > dot && hashesEqual(refreshMac(token.slice(0, last), secret), token.slice(last + 1));
  return { sessionId: token.slice(0, dot), issuedHere };
}

export function hashesEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
