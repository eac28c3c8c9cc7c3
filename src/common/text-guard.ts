import { BadInputError } from '../errors.js';

/**
 * Text that may span lines (message bodies, descriptions, ban reasons): tabs and line breaks are fine there, every
 * other control character is not. Every other text input is one line.
 */
const MULTI_LINE_FIELDS = new Set(['body', 'description', 'reason', 'banReason', 'contains']);
/** Names people read as someone's or something's name: bidi overrides would make "evil" read as "live". */
const NAME_FIELDS = new Set(['name', 'displayName', 'username', 'email', 'search']);
/** Secrets are hashed, never stored or shown as text: only what cannot be encoded faithfully is refused there. */
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword', 'token', 'refreshToken']);

/** C0 controls (but tab, LF, CR), DEL and C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** The leaf name of a dotted field path ("filter.search" is a search). */
function leaf(field: string): string {
  const i = field.lastIndexOf('.');
  return i < 0 ? field : field.slice(i + 1);
}

/** Why `value` is not acceptable text for `field`, or null when it is. */
export function textProblem(value: string, field: string): string | null {
  const name = leaf(field);
  // A lone surrogate cannot be encoded as UTF-8: PostgreSQL's JSON columns and every client would get something else.
  if (LONE_SURROGATE.test(value)) return `"${field}" contains an invalid character (a lone UTF-16 surrogate).`;
  if (value.includes('\u0000')) return `"${field}" must not contain a NUL character.`;
  if (SECRET_FIELDS.has(name)) return null;
  if (CONTROL.test(value)) return `"${field}" must not contain control characters.`;
  if (!MULTI_LINE_FIELDS.has(name) && LINE_BREAK_OR_TAB.test(value)) return `"${field}" must be a single line (no tabs or line breaks).`;
  if (NAME_FIELDS.has(name) && BIDI_CONTROL.test(value)) return `"${field}" must not contain text-direction override characters.`;
  return null;
}

/** Throws BAD_USER_INPUT naming the field when `value` is not acceptable text for it. */
export function assertText(value: string, field: string): string {
  const problem = textProblem(value, field);
  if (problem) throw new BadInputError(field, problem);
  return value;
}
