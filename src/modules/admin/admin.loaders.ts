import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Message } from '../messages/message.entity.js';
import { Room } from '../rooms/room.entity.js';

function byIds<T extends { id: string }>(em: EntityManager, entity: new () => T) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = (await em.find(entity as never, { id: { $in: [...ids] } } as never)) as T[];
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** Batching for the admin-only fields. Keyed by the request's EntityManager, so each request and subscription event gets fresh ones. */
function createAdminLoaders(em: EntityManager) {
  return {
    roomById: byIds(em, Room),
    messageById: byIds(em, Message),
    /** Messages per room, deleted ones excluded; one grouped query per batch, served by the (room_id, seq) index. */
    messageCount: new DataLoader<string, number>(async (roomIds) => {
      const rows = await (em as SqlEntityManager).execute<Array<{ room_id: string; n: number | string }>>(
        `select room_id, count(*) as n from messages where deleted_at is null and room_id in (${roomIds.map(() => '?').join(', ')}) group by room_id`,
        [...roomIds],
      );
      const counts = new Map(rows.map((r) => [String(r.room_id), Number(r.n)]));
      return roomIds.map((id) => counts.get(id) ?? 0);
    }),
  };
}

const cache = new WeakMap<EntityManager, ReturnType<typeof createAdminLoaders>>();

export function adminLoaders(em: EntityManager) {
  let loaders = cache.get(em);
  if (!loaders) {
    loaders = createAdminLoaders(em);
    cache.set(em, loaders);
  }
  return loaders;
}
