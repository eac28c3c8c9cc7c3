import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { execute } from '../../common/native-sql.js';

export interface Marker {
  userId: string;
  lastReadSeq: number;
}

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Per request: the read markers of each room's members who share receipts, in join order. */
export function createReceiptLoaders(em: EntityManager) {
  return {
    readMarkers: new DataLoader<string, Marker[]>(async (roomIds) => {
      const rows = await execute<Array<{ room_id: string; user_id: string; last_read_seq: number | string }>>(em, {
        sql: `select ms.room_id, ms.user_id, ms.last_read_seq from memberships ms join users u on u.id = ms.user_id
               where ms.room_id in (${list(roomIds.length)}) and u.share_read_receipts = ? order by ms.joined_at, ms.id`,
        params: [...roomIds, true],
      });
      const by = new Map<string, Marker[]>();
      for (const r of rows) {
        const l = by.get(r.room_id) ?? [];
        l.push({ userId: r.user_id, lastReadSeq: Number(r.last_read_seq) });
        by.set(r.room_id, l);
      }
      return roomIds.map((id) => by.get(id) ?? []);
    }),
  };
}
