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
