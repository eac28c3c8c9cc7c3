import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { Upload } from './upload.entity.js';

/** Attachments of many messages in one query, each message's in their order. */
export function createUploadLoaders(em: EntityManager) {
  return {
    attachmentsByMessageId: new DataLoader<string, Upload[]>(async (ids) => {
      const rows = await em.find(Upload, { message: { $in: [...ids] } }, { orderBy: { position: 'asc' } });
      const by = new Map<string, Upload[]>();
      for (const u of rows) {
        const list = by.get(u.message!.id) ?? [];
        list.push(u);
        by.set(u.message!.id, list);
      }
      return ids.map((id) => by.get(id) ?? []);
    }),
  };
}
