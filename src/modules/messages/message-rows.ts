import type { EntityManager } from '@mikro-orm/core';
import { mapRow } from '../../common/native-sql.js';
import type { SharedLoaders } from '../../loaders.js';
import type { LiveRows, RoomEventMessage } from '../rooms/room-event.payloads.js';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import { Message } from './message.entity.js';

/**
 * The rows a sent message's MessageAdded event carries on its topic (`RoomEventMessage.rows`), so that executing it
 * reads nothing its send already had: the message as written, its sender, its room after the send, that it mentions
 * nobody or has no attachments when so, and that nobody else has read it yet. Without them every instance read the
 * message, then its sender, room, mentions and attachments, then its read markers: three round trips to the
 * database before an event's first frame could leave (bench/NOTES.md, session 11). The rows are never stored: an
 * event replayed from the log loads what it needs.
 */
export function messageRows(
  message: Record<string, unknown>,
  sender: Record<string, unknown> | undefined,
  room: Room,
  roomRow: Record<string, unknown>,
  opts: { mentions: boolean; attachments: boolean },
): LiveRows {
  const rows: LiveRows = { message, sender };
  // A join password's hash never travels: such a room is read as before.
  if (!room.passwordHash) rows.room = roomRow;
  if (!opts.mentions) rows.noMentions = true;
  if (!opts.attachments) rows.noAttachments = true;
  rows.unread = true;
  return rows;
}

/** Messages primed from a live MessageAdded event that nobody but the sender had read at its seq. */
const unreadAtEvent = new WeakSet<Message>();

/**
 * Whether `m` is the message of a live MessageAdded event, which nobody but its sender had read at that seq: its
 * `seenBy` is then empty without reading markers (the members who read it later each come as a ReadMarkerMoved
 * event after it, live and on replay, so a client ends with the same list).
 */
export function unreadAtItsEvent(m: Message): boolean {
  return unreadAtEvent.has(m);
}

/**
 * Primes an event's shared loaders with the rows it carries, as a find of them would have loaded them. Over Redis the
 * rows come as JSON, PostgreSQL's dates as ISO strings: MikroORM's hydration (`mapRow`) makes them Dates again, as
 * test/message-rows.test.ts checks.
 */
export function primeMessageRows(em: EntityManager, loaders: SharedLoaders, event: RoomEventMessage): void {
  const rows = event.rows;
  if (event.type !== 'MessageAdded' || !rows?.message) return;
  const message = mapRow(em, Message, rows.message);
  if (message.id !== event.payload.messageId) return;
  loaders.messageById.prime(message.id, message);
  if (rows.unread) unreadAtEvent.add(message);
  if (rows.sender) {
    const sender = mapRow(em, User, rows.sender);
    if (sender.id === message.sender?.id) loaders.userById.prime(sender.id, sender);
  }
  if (rows.room) {
    const room = mapRow(em, Room, rows.room);
    if (room.id === event.roomId) loaders.roomById.prime(room.id, room);
  }
  if (rows.noMentions) loaders.mentionsByMessage.prime(message.id, []);
  if (rows.noAttachments) loaders.attachmentsByMessageId.prime(message.id, []);
}
