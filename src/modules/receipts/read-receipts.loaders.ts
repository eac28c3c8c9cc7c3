import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { execute } from '../../common/native-sql.js';

export interface Marker {
  userId: string;
  lastReadSeq: number;
  /** False for a member who turned read receipts off: their marker is never shown. */
  sharesReceipts: boolean;
}

/** What Message.seenBy reads for one message: whether the viewer is a member, and the markers at or past it. */
export interface Readers {
  viewerIsMember: boolean;
  /** The members whose read marker is at or past the message, in join order, with whether each shares receipts. */
  markers: Marker[];
}

export interface ReadersKey {
  roomId: string;
  seq: number;
}

const NOBODY: Readers = { viewerIsMember: false, markers: [] };

/**
 * Per request (or per room event's execution): the readers of messages, batched per room. Only the markers at or
 * past the lowest seq asked for in each room are read, and the viewer's own row: a new message in a room of 1,000
 * members reads the few who are at the live edge, not all 1,000 markers (which every live event used to read and
 * parse: bench/NOTES.md, session 9).
 */
export function createViewerReceiptLoaders(em: EntityManager, viewerId: string | null) {
  return {
    readersFrom: new DataLoader<ReadersKey, Readers, string>(
      async (keys) => {
        if (!viewerId) return keys.map(() => NOBODY);
        const from = new Map<string, number>();
        for (const k of keys) from.set(k.roomId, Math.min(from.get(k.roomId) ?? Number.POSITIVE_INFINITY, k.seq));
        const rooms = [...from];
        const rows = await execute<Array<{ room_id: string; user_id: string; last_read_seq: number | string; share_read_receipts: unknown }>>(em, {
          sql: `select ms.room_id, ms.user_id, ms.last_read_seq, u.share_read_receipts from memberships ms join users u on u.id = ms.user_id
                 where ${rooms.map(() => '(ms.room_id = ? and (ms.last_read_seq >= ? or ms.user_id = ?))').join(' or ')}
                 order by ms.joined_at, ms.id`,
          params: rooms.flatMap(([roomId, seq]) => [roomId, seq, viewerId]),
        });
        const by = new Map<string, Marker[]>();
        for (const r of rows) {
          const l = by.get(r.room_id) ?? [];
          l.push({ userId: r.user_id, lastReadSeq: Number(r.last_read_seq), sharesReceipts: r.share_read_receipts === true || r.share_read_receipts === 1 });
          by.set(r.room_id, l);
        }
        return keys.map((k) => {
          const markers = by.get(k.roomId) ?? [];
          return { viewerIsMember: markers.some((m) => m.userId === viewerId), markers: markers.filter((m) => m.lastReadSeq >= k.seq) };
        });
      },
      { cacheKeyFn: (k) => `${k.roomId}|${k.seq}` },
    ),
  };
}
