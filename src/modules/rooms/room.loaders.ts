import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Message } from '../messages/message.entity.js';
import { User } from '../users/user.entity.js';
import { Membership } from './membership.entity.js';
import { Room } from './room.entity.js';

function placeholders(n: number) {
  return Array.from({ length: n }, () => '?').join(', ');
}

/**
 * Per-request loaders for room fields, so a room list costs a constant number of statements
 * whatever its length (one per field, not one per room). These answer the same for every viewer, so one room
 * event's executions for different groups share them (src/loaders.ts); the viewer's own are createViewerRoomLoaders.
 */
export function createRoomLoaders(em: EntityManager, userById: DataLoader<string, User | null>) {
  const sql = em as SqlEntityManager;

  /**
   * Loads the users a batch will resolve next (senders, members) in the same batch and primes userById, so the
   * statement count does not depend on whether two loaders' user lookups happen to land in one tick.
   */
  const primeUsers = async (ids: Array<string | undefined | null>) => {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (!wanted.length) return;
    const users = await em.find(User, { id: { $in: wanted } });
    for (const u of users) userById.clear(u.id).prime(u.id, u);
  };

  return {
    roomById: new DataLoader<string, Room | null>(async (ids) => {
      const rooms = await em.find(Room, { id: { $in: [...ids] } });
      const byId = new Map(rooms.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),

    memberCount: new DataLoader<string, number>(async (roomIds) => {
      const rows = await sql.execute<Array<{ room_id: string; n: number | string }>>(
        `select room_id, count(*) as n from memberships where room_id in (${placeholders(roomIds.length)}) group by room_id`,
        [...roomIds],
      );
      const byRoom = new Map(rows.map((r) => [r.room_id, Number(r.n)]));
      return roomIds.map((id) => byRoom.get(id) ?? 0);
    }),

    /** The newest message of each room: one index probe per room through max(seq) on (room_id, seq). */
    lastMessage: new DataLoader<string, Message | null>(async (roomIds) => {
      const rows = await sql.execute<Array<Record<string, unknown>>>(
        `select m.* from messages m
          where m.room_id in (${placeholders(roomIds.length)})
            and m.seq = (select max(m2.seq) from messages m2 where m2.room_id = m.room_id)`,
        [...roomIds],
      );
      const byRoom = new Map<string, Message>();
      for (const row of rows) {
        const message = em.map(Message, row);
        byRoom.set(message.room.id, message);
      }
      await primeUsers([...byRoom.values()].map((m) => m.sender?.id));
      return roomIds.map((id) => byRoom.get(id) ?? null);
    }),

    /**
     * The first N members of many rooms at once (a window function per room), keyed "roomId|N".
     * Returns N+1 rows at most so the caller can tell whether there is a next page.
     */
    firstMembers: new DataLoader<string, Membership[]>(async (keys) => {
      const byLimit = new Map<number, string[]>();
      for (const key of keys) {
        const [roomId, n] = key.split('|');
        const list = byLimit.get(Number(n)) ?? [];
        list.push(roomId);
        byLimit.set(Number(n), list);
      }
      const result = new Map<string, Membership[]>();
      for (const [limit, roomIds] of byLimit) {
        const rows = await sql.execute<Array<Record<string, unknown>>>(
          `select * from (
             select ms.*, row_number() over (partition by ms.room_id order by ms.joined_at, ms.id) as rn
               from memberships ms where ms.room_id in (${placeholders(roomIds.length)})
           ) t where t.rn <= ? order by t.room_id, t.rn`,
          [...roomIds, limit + 1],
        );
        for (const row of rows) {
          delete row.rn;
          const m = em.map(Membership, row);
          const key = `${m.room.id}|${limit}`;
          const list = result.get(key) ?? [];
          list.push(m);
          result.set(key, list);
        }
      }
      await primeUsers([...result.values()].flat().map((m) => m.user.id));
      return keys.map((k) => result.get(k) ?? []);
    }),
  };
}

/** Per-request loaders for the viewer's own view of rooms (their membership, unread count, direct peer). */
export function createViewerRoomLoaders(em: EntityManager, viewerId: string | null) {
  const sql = em as SqlEntityManager;
  return {
    /** The viewer's own membership in each room (null when not a member). */
    myMembership: new DataLoader<string, Membership | null>(async (roomIds) => {
      if (!viewerId) return roomIds.map(() => null);
      const rows = await em.find(Membership, { user: viewerId, room: { $in: [...roomIds] } });
      const byRoom = new Map(rows.map((m) => [m.room.id, m]));
      return roomIds.map((id) => byRoom.get(id) ?? null);
    }),

    /** Messages others sent above the viewer's lastReadSeq, not deleted. */
    unreadCount: new DataLoader<string, number>(async (roomIds) => {
      if (!viewerId) return roomIds.map(() => 0);
      const rows = await sql.execute<Array<{ room_id: string; n: number | string }>>(
        `select m.room_id as room_id, count(*) as n from messages m
           join memberships ms on ms.room_id = m.room_id and ms.user_id = ?
          where m.room_id in (${placeholders(roomIds.length)})
            and m.seq > ms.last_read_seq and m.deleted_at is null
            and (m.sender_id is null or m.sender_id <> ?)
          group by m.room_id`,
        [viewerId, ...roomIds, viewerId],
      );
      const byRoom = new Map(rows.map((r) => [r.room_id, Number(r.n)]));
      return roomIds.map((id) => byRoom.get(id) ?? 0);
    }),

    /** For direct rooms: the id of the participant who is not the viewer (null once they deleted their account). */
    directPeerId: new DataLoader<string, string | null>(async (roomIds) => {
      if (!viewerId) return roomIds.map(() => null);
      const rows = await em.find(Membership, { room: { $in: [...roomIds] }, user: { $ne: viewerId } }, { fields: ['room', 'user'] });
      const byRoom = new Map(rows.map((m) => [m.room.id, m.user.id]));
      return roomIds.map((id) => byRoom.get(id) ?? null);
    }),
  };
}
