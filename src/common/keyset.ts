import type { EntityManager } from '@mikro-orm/core';
import { decodeCursor, encodeCursor } from './connection.js';

/** A newest-first page of rows with createdAt and id (keyset on both), as a connection's parts. */
export async function keysetPage<T extends { id: string; createdAt: Date }>(em: EntityManager, entity: new () => T, base: Record<string, unknown>, limit: number, after?: string | null) {
  let where: Record<string, unknown> = base;
  if (after) {
    const [ms, id] = decodeCursor(after, 'after', 2) as [number, string];
    const at = new Date(ms);
    where = { $and: [base, { $or: [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }] }] };
  }
  const rows = await em.find(entity, where as never, { orderBy: { createdAt: 'desc', id: 'desc' } as never, limit: limit + 1 });
  const nodes = rows.slice(0, limit);
  return {
    edges: nodes.map((n) => ({ cursor: encodeCursor([n.createdAt.getTime(), n.id]), node: n })),
    hasNextPage: rows.length > limit,
    hasPreviousPage: !!after,
    totalCount: () => em.fork().count(entity, base as never),
  };
}
