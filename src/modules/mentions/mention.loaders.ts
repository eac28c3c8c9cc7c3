import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { execute } from '../../common/native-sql.js';

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export interface MentionRow {
  userId: string;
  viaRoom: boolean;
}

/** Per-request loaders for mention fields: one statement per field for a whole page of messages or rooms. */
export function createMentionLoaders(em: EntityManager) {
  return {
    /** Every member each message mentions (by name or through @room). */
    mentionsByMessage: new DataLoader<string, MentionRow[]>(async (ids) => {
      const rows = await execute<Array<{ message_id: string; user_id: string; via_room: unknown }>>(em, {
        sql: `select message_id, user_id, via_room from mentions where message_id in (${list(ids.length)}) order by message_id, user_id`,
        params: [...ids],
      });
      const by = new Map<string, MentionRow[]>();
      for (const r of rows) {
        const l = by.get(r.message_id) ?? [];
        l.push({ userId: r.user_id, viaRoom: r.via_room === true || r.via_room === 1 });
        by.set(r.message_id, l);
      }
      return ids.map((id) => by.get(id) ?? []);
    }),
  };
}

/** The viewer's own mention counts. */
export function createViewerMentionLoaders(em: EntityManager, viewerId: string | null) {
  return {
    /** Messages mentioning the viewer above their read marker, not deleted, per room. */
    mentionCount: new DataLoader<string, number>(async (roomIds) => {
      if (!viewerId) return roomIds.map(() => 0);
      const rows = await execute<Array<{ room_id: string; n: number | string }>>(em, {
        sql: `select mn.room_id as room_id, count(*) as n from mentions mn
                join memberships ms on ms.room_id = mn.room_id and ms.user_id = mn.user_id
                join messages m on m.id = mn.message_id
               where mn.user_id = ? and mn.room_id in (${list(roomIds.length)}) and mn.seq > ms.last_read_seq and m.deleted_at is null
               group by mn.room_id`,
        params: [viewerId, ...roomIds],
      });
      const by = new Map(rows.map((r) => [r.room_id, Number(r.n)]));
      return roomIds.map((id) => by.get(id) ?? 0);
    }),
  };
}
