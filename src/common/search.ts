import { raw } from '@mikro-orm/core';
import type { DatabaseKind } from '../config.js';
import { BadInputError } from '../errors.js';

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A case-insensitive "contains" condition on one or more properties (any of them matching), for a MikroORM where
 * clause, or undefined for a blank term. `%` and `_` in the term match themselves, never "anything":
 * PostgreSQL: ILIKE with them escaped (served by the trigram indexes; backslash is its default escape).
 * SQLite: LIKE has no default escape character, so the term is found with instr() on the lower-cased column instead
 * (lower() and LIKE both fold ASCII only, so the matches are the same).
 * `columns` maps each property to its column.
 */
export function containsWhere(kind: DatabaseKind, term: string | null | undefined, argName: string, max: number, columns: Record<string, string>): Record<string, unknown> | undefined {
  const t = term?.trim().toLowerCase();
  if (!t) return undefined;
  if (t.length > max) throw new BadInputError(argName, `"${argName}" must be at most ${max} characters.`);
  const conditions = Object.entries(columns).map(([property, column]): Record<string, unknown> =>
    kind === 'postgresql' ? { [property]: { $ilike: `%${escapeLike(t)}%` } } : { [raw((alias: string) => `instr(lower(${alias}.${column}), ?)`, [t])]: { $gt: 0 } },
  );
  return conditions.length === 1 ? conditions[0] : { $or: conditions };
}
