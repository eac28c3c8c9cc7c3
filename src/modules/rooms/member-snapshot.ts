import type { EntityManager } from '@mikro-orm/core';
import { execute } from '../../common/native-sql.js';
import type { NotificationLevel } from './notification-level.js';
import { Membership, type MemberRole } from './membership.entity.js';
import type { Room } from './room.entity.js';
import type { User } from '../users/user.entity.js';

/**
 * One member's view of a room at one moment, JSON-safe: their membership and the counts their room list shows. The
 * viewer news fan-out reads it for every online member of a room in one statement and sends each member their own,
 * so a RoomActivity's execution needs no per-viewer query (src/modules/realtime/viewer-news.service.ts).
 */
export interface MemberSnapshot {
  /** The room's latest seq as the counts saw it (read in the same statement, so the two agree). */
  roomLastSeq: number;
  id: string;
  role: MemberRole;
  joinedAt: string;
  lastReadSeq: number;
  notificationLevel: NotificationLevel | null;
  hiddenAtSeq: number | null;
  /** As the unreadCount loader counts (room.loaders.ts): messages others sent above lastReadSeq, not deleted. */
  unread: number;
  /** As the mentionCount loader counts (mention.loaders.ts): messages mentioning the member above lastReadSeq, not deleted. */
  mentions: number;
}

/** Ids per statement (SQLite and PostgreSQL both take far more parameters; this keeps each statement modest). */
const CHUNK = 500;

/** The snapshots of `userIds`' memberships in one room (members only), by user id: one statement per 500 members. */
export async function memberSnapshots(em: EntityManager, roomId: string, userIds: string[]): Promise<Map<string, MemberSnapshot>> {
  const out = new Map<string, MemberSnapshot>();
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const ids = userIds.slice(i, i + CHUNK);
    const rows = await execute<Array<Record<string, unknown>>>(em, {
      sql: `select r.last_seq as room_last_seq, ms.id, ms.user_id, ms.role, ms.joined_at, ms.last_read_seq, ms.notification_level, ms.hidden_at_seq,
              (select count(*) from messages m
                where m.room_id = ms.room_id and m.seq > ms.last_read_seq and m.deleted_at is null
                  and (m.sender_id is null or m.sender_id <> ms.user_id)) as unread,
              (select count(*) from mentions mn join messages m on m.id = mn.message_id
                where mn.room_id = ms.room_id and mn.user_id = ms.user_id and mn.seq > ms.last_read_seq and m.deleted_at is null) as mentions
             from memberships ms join rooms r on r.id = ms.room_id where ms.room_id = ? and ms.user_id in (${ids.map(() => '?').join(', ')})`,
      params: [roomId, ...ids],
    });
    for (const r of rows) {
      out.set(String(r.user_id), {
        roomLastSeq: Number(r.room_last_seq),
        id: String(r.id),
        role: r.role as MemberRole,
        // SQLite keeps epoch milliseconds, PostgreSQL gives a Date: both become the same ISO string.
        joinedAt: new Date(r.joined_at as string | number | Date).toISOString(),
        lastReadSeq: Number(r.last_read_seq),
        notificationLevel: (r.notification_level as NotificationLevel | null) ?? null,
        hiddenAtSeq: r.hidden_at_seq === null || r.hidden_at_seq === undefined ? null : Number(r.hidden_at_seq),
        unread: Number(r.unread),
        mentions: Number(r.mentions),
      });
    }
  }
  return out;
}

/**
 * The viewer's Membership as the snapshot says, for reading (never persisted): made outside any identity map, so the
 * fork one batch of executions shares does not collect a membership per member.
 */
export function membershipFromSnapshot(s: MemberSnapshot, room: Room, viewer: User): Membership {
  return Object.assign(new Membership(), {
    id: s.id,
    room,
    user: viewer,
    role: s.role,
    joinedAt: new Date(s.joinedAt),
    lastReadSeq: s.lastReadSeq,
    notificationLevel: s.notificationLevel,
    hiddenAtSeq: s.hiddenAtSeq,
  });
}
