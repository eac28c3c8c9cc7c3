import type { ParsedQuery } from './query-parser.js';
import { tokenize } from './query-parser.js';

export interface Range {
  start: number;
  end: number;
}

/**
 * The parts of a body that the query's words and phrases matched, as [start, end) offsets in UTF-16 code units
 * (JavaScript string indexes), sorted and merged. With a stemming language a word also matches the words that
 * share its stem's first letters (the database matched on stems; this approximates them for display).
 */
export function highlights(body: string, q: ParsedQuery, language = 'simple'): Range[] {
  const tokens = tokenize(body);
  const stem = language !== 'simple';
  const same = (token: string, word: string) => {
    if (token === word) return true;
    if (!stem) return false;
    const n = Math.max(3, word.length - 2);
    return word.length >= 3 && token.length >= n && token.slice(0, n) === word.slice(0, n);
  };
  const ranges: Range[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (q.words.some((w) => same(tokens[i].token, w))) ranges.push({ start: tokens[i].start, end: tokens[i].end });
    for (const phrase of q.phrases) {
      if (i + phrase.length > tokens.length) continue;
      if (phrase.every((w, j) => same(tokens[i + j].token, w))) ranges.push({ start: tokens[i].start, end: tokens[i + phrase.length - 1].end });
    }
  }
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}
