import { randomUUID } from 'node:crypto';
import { BadInputError } from '../errors.js';
import { fieldLabel } from './validation.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are opaque to clients; a malformed one is bad input, never a database error. */
export function assertId(id: string, field: string): string {
  if (typeof id !== 'string' || !UUID.test(id)) throw new BadInputError(field, `${fieldLabel(field)} is not valid: it looks mistyped or cut short.`);
  return id.toLowerCase();
}

export function isId(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}

/**
 * A string as one flat sequence. V8 keeps a string built by concatenation (a template literal, Node's randomUUID)
 * as a tree of cons strings, 32 bytes a piece, until something reads its characters: a random UUID is about eleven
 * of them (some 350 bytes). A string kept for a socket's or a subscription's lifetime is flattened once here.
 * (A UTF-8 round trip: lossless for well-formed text, which is all it is used for.)
 */
export function flat(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** A random UUID as one flat string (see `flat`). */
export function flatUuid(): string {
  return flat(randomUUID());
}
