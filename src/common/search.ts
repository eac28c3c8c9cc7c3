import type { DatabaseKind } from '../config.js';
import { BadInputError } from '../errors.js';

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A case-insensitive "contains" condition for a MikroORM where clause, or undefined for a blank term.
 * PostgreSQL: ILIKE with % and _ escaped (served by the trigram indexes). SQLite: LIKE is already
 * case-insensitive for ASCII and has no default escape, so a literal % or _ only widens the match.
 */
export function containsCondition(kind: DatabaseKind, raw: string | null | undefined, argName: string, max: number): Record<string, string> | undefined {
  const term = raw?.trim().toLowerCase();
  if (!term) return undefined;
  if (term.length > max) throw new BadInputError(argName, `"${argName}" must be at most ${max} characters.`);
  return kind === 'postgresql' ? { $ilike: `%${escapeLike(term)}%` } : { $like: `%${term}%` };
}
