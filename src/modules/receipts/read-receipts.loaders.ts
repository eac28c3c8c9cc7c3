import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { execute } from '../../common/native-sql.js';

export interface Marker {
  userId: string;
  lastReadSeq: number;
  /** False for a member who turned read receipts off: their marker is never shown. */
  sharesReceipts: boolean;
}

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * Per request (or per room event, for every group's execution): the read markers of each room's members, in join
 * order, with whether each shares receipts. The same for every viewer; it also tells whether the viewer is a member.
 */
export function createReceiptLoaders(em: EntityManager) {
  return {
    readMarkers: new DataLoader<string, Marker[]>(async (roomIds) => {
      const rows = await execute<Array<{ room_id: string; user_id: string; last_read_seq: number | string; share_read_receipts: unknown }>>(em, {
        sql: `select ms.room_id, ms.user_id, ms.last_read_seq, u.share_read_receipts from memberships ms join users u on u.id = ms.user_id
               where ms.room_id in (${list(roomIds.length)}) order by ms.joined_at, ms.id`,
        params: [...roomIds],
      });
      const by = new Map<string, Marker[]>();
      for (const r of rows) {
        const l = by.get(r.room_id) ?? [];
        l.push({ userId: r.user_id, lastReadSeq: Number(r.last_read_seq), sharesReceipts: r.share_read_receipts === true || r.share_read_receipts === 1 });
        by.set(r.room_id, l);
      }
      return roomIds.map((id) => by.get(id) ?? []);
    }),
  };
}
