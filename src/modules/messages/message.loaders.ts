import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { Message } from './message.entity.js';

/** Messages by id in one query (the originals that a page of replies quotes). */
export function createMessageLoaders(em: EntityManager) {
  return {
    messageById: new DataLoader<string, Message | null>(async (ids) => {
      const rows = await em.find(Message, { id: { $in: [...ids] } });
      const by = new Map(rows.map((m) => [m.id, m]));
      return ids.map((id) => by.get(id) ?? null);
    }),
  };
}
