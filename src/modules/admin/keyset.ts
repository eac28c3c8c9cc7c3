import { decodeTimeIdCursor, encodeCursor } from '../../common/connection.js';

/**
 * Keyset pagination over (time, id), newest first: the cursor is the last row's key, and the next page is
 * every row strictly "older" in that order. No OFFSET, so page 500 costs what page 1 costs.
 */
export interface Keyed {
  id: string;
}

export function keysetCursor(at: Date, id: string): string {
  return encodeCursor([at.getTime(), id]);
}

/** The condition "(field, id) < cursor" for a newest-first page, or undefined when there is no cursor. */
export function olderThan(after: string | null | undefined, field: string): Record<string, unknown> | undefined {
  if (!after) return undefined;
  const { at, id } = decodeTimeIdCursor(after, 'after');
  // The redundant "field <= at" gives the planner an index range to scan backwards from; the $or settles ties by id.
  return { [field]: { $lte: at }, $or: [{ [field]: { $lt: at } }, { [field]: at, id: { $lt: id } }] };
}

/** Joins conditions with AND, dropping empty ones. */
export function and(...conds: Array<Record<string, unknown> | undefined | null | false>): Record<string, unknown> {
  const list = conds.filter((c): c is Record<string, unknown> => !!c && Object.keys(c).length > 0);
  if (list.length === 0) return {};
  if (list.length === 1) return list[0];
  return { $and: list };
}

/** Builds a page from limit+1 rows (the extra row only says whether there is a next page). */
export function keysetPage<T extends Keyed>(rows: T[], limit: number, after: string | null | undefined, at: (row: T) => Date, totalCount: () => Promise<number>) {
  const nodes = rows.slice(0, limit);
  return {
    edges: nodes.map((node) => ({ cursor: keysetCursor(at(node), node.id), node })),
    hasNextPage: rows.length > limit,
    hasPreviousPage: !!after,
    totalCount,
  };
}
