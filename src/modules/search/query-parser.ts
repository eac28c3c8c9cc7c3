import { BadInputError } from '../../errors.js';

/** A search query taken apart: full-text terms and the filters that narrow which messages are searched. */
export interface ParsedQuery {
  /** Single words that must all occur (already tokenized: lower-cased letters and digits). */
  words: string[];
  /** Phrases whose words must occur next to each other, in order (each at least one token). */
  phrases: string[][];
  /** Words or phrases that must not occur. */
  excluded: string[][];
  /** from:<username>, lower-cased (any of them). */
  from: string[];
  /** in:<room name>, lower-cased (any of them). */
  in: string[];
  /** before:<date>: created strictly before this instant (the start of that day, UTC, for a plain date). */
  before: Date | null;
  /** after:<date>: created at or after this instant (the end of that day, UTC, for a plain date). */
  after: Date | null;
}

export const MAX_QUERY_LENGTH = 500;
const MAX_TERMS = 32;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The words of a text as both databases' tokenizers see them (PostgreSQL's `simple` parser and FTS5's unicode61):
 * runs of letters, marks and digits, lower-cased and without diacritics. Used for queries and for highlights.
 */
export function tokenize(text: string): Array<{ token: string; start: number; end: number }> {
  const out: Array<{ token: string; start: number; end: number }> = [];
  const re = /[\p{L}\p{M}\p{N}]+/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ token: normalize(m[0]), start: m.index, end: m.index + m[0].length });
  return out;
}

export function normalize(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

function parseDate(value: string, name: 'before' | 'after'): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) {
      // after:2026-11-29 means after that day: from the next midnight on.
      return name === 'after' ? new Date(date.getTime() + DAY_MS) : date;
    }
  } else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new BadInputError('query', `"${name}:" takes a date such as 2026-11-29 (or an ISO time with a zone).`);
}

/**
 * Parses the search syntax: words, "quoted phrases", -excluded (a word or a "phrase"), from:<username>,
 * in:<room name> (quote names with spaces), before:<date>, after:<date>. Words are matched whole, case- and
 * accent-insensitively. BAD_USER_INPUT (field `query`) when nothing is left to search for.
 */
export function parseQuery(raw: string): ParsedQuery {
  if (typeof raw !== 'string') throw new BadInputError('query', 'A search query is required.');
  const text = raw.trim();
  if (!text) throw new BadInputError('query', 'A search query cannot be empty.');
  if (text.length > MAX_QUERY_LENGTH) throw new BadInputError('query', `A search query can be at most ${MAX_QUERY_LENGTH} characters.`);
  const q: ParsedQuery = { words: [], phrases: [], excluded: [], from: [], in: [], before: null, after: null };
  // -? then either key:"value", key:value, "phrase" or a bare word (up to whitespace).
  const re = /(-?)(?:(from|in|before|after):(?:"([^"]*)"?|(\S*))|"([^"]*)"?|(\S+))/giy;
  let pos = 0;
  while (pos < text.length) {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
    if (pos >= text.length) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) break;
    pos = re.lastIndex;
    const [, minus, key, keyQuoted, keyBare, phrase, bare] = m;
    if (key) {
      const value = (keyQuoted ?? keyBare ?? '').trim();
      const k = key.toLowerCase();
      if (!value) throw new BadInputError('query', `"${k}:" needs a value.`);
      if (minus) throw new BadInputError('query', `"${k}:" cannot be excluded.`);
      if (k === 'from') q.from.push(value.replace(/^@/, '').toLowerCase());
      else if (k === 'in') q.in.push(value.replace(/^#/, '').toLowerCase());
      else if (k === 'before') q.before = parseDate(value, 'before');
      else q.after = parseDate(value, 'after');
      continue;
    }
    const tokens = tokenize(phrase ?? bare ?? '').map((t) => t.token);
    if (!tokens.length) continue;
    if (minus) q.excluded.push(tokens);
    else if (phrase !== undefined || tokens.length > 1) {
      if (tokens.length === 1) q.words.push(tokens[0]);
      else q.phrases.push(tokens);
    } else q.words.push(tokens[0]);
  }
  q.words = [...new Set(q.words)];
  if (q.words.length + q.phrases.length + q.excluded.length > MAX_TERMS) throw new BadInputError('query', `A search query can have at most ${MAX_TERMS} words and phrases.`);
  if (!hasText(q) && !q.from.length && !q.in.length && !q.before && !q.after) {
    throw new BadInputError('query', 'Give at least one word, "phrase" or filter (from:, in:, before:, after:) to search for.');
  }
  if (q.before && q.after && q.after.getTime() >= q.before.getTime()) throw new BadInputError('query', '"after:" must be earlier than "before:".');
  return q;
}

/** Whether the query has terms that must occur (as opposed to filters and exclusions only). */
export function hasText(q: ParsedQuery): boolean {
  return q.words.length > 0 || q.phrases.length > 0;
}
