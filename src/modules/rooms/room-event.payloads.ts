import type { MemberRole } from './membership.entity.js';

/**
 * What each stored room event carries (the `payload` column of `room_events` and the room topic's messages): small,
 * JSON-safe, ids only; subscribers load the rest (a live event on the topic may also carry rows its writer had:
 * `LiveRows`). One entry per event type, used by the writer (`RoomEventService.append` only accepts the payload of
 * its type) and by the mapper (`realtime/room-event.mapper.ts` must map every type: its table is checked against
 * this one).
 *
 * Adding an event type: add its entry here; add its GraphQL type next to the others (realtime/realtime.types.ts) and
 * its line in the mapper's table (the compiler asks for it); append it where the change happens. Mark its fields
 * `@ViewerIndependent()` (or `@PerViewer()`, `@ShownTo()`: src/common/viewer-scope.ts) so shared delivery keeps sharing. The README's Development section has the same steps.
 */
export interface RoomEventPayloads {
  MessageAdded: { messageId: string; senderId?: string };
  MessageEdited: { messageId: string };
  MessageDeleted: { messageId: string; deletedById: string | null };
  ReactionChanged: { messageId: string; emoji: string; userId: string; added: boolean };
  MemberJoined: { userId: string; addedById: string | null };
  MemberLeft: { userId: string; removedById: string | null; accountDeleted?: boolean; banned?: boolean };
  MemberRoleChanged: { userId: string; role: MemberRole };
  RoomUpdated: { changed?: string[] };
  /** A member's read marker passed others' messages (direct rooms and groups, members sharing read receipts). */
  ReadMarkerMoved: { userId: string; lastReadSeq: number };
  /** Live only (the log goes with the room): who deleted it and who was a member, for their room lists. */
  RoomDeleted: { deletedById: string | null; memberIds: string[] };
}

export type RoomEventType = keyof RoomEventPayloads;

/** A stored event's type and payload, narrowed together by `type`. */
export type RoomEventData = { [K in RoomEventType]: { type: K; payload: RoomEventPayloads[K] } }[RoomEventType];

/**
 * Rows the writer of an event had at hand, as the database driver returned them (column names), carried on the
 * topic only, never stored: subscribers' executions on every instance use them instead of reading them back
 * (messages/message-rows.ts). A replayed event, read from the log, has none and loads what it needs.
 */
export interface LiveRows {
  /** The message a MessageAdded event adds, as written. */
  message?: Record<string, unknown>;
  /** Its sender's row as a find loads it (lazy columns, such as the password hash, are never loaded or carried). */
  sender?: Record<string, unknown>;
  /** The room's row after the event; left out for a room with a join password (its hash stays in the database). */
  room?: Record<string, unknown>;
  /** True when the message mentions nobody. */
  noMentions?: boolean;
  /** True when the message has no attachments. */
  noAttachments?: boolean;
  /**
   * True when nobody but its sender had read the message when it was added: read markers never pass a room's last
   * seq, so at the seq of its MessageAdded no other member's marker is at or past it.
   */
  unread?: boolean;
}

/** What travels on a room topic (DESIGN.md "Realtime semantics"): one logged event, narrowed by `type`. */
export type RoomEventMessage = RoomEventData & {
  roomId: string;
  seq: number;
  /** ISO time of the event. */
  at: string;
  /** Live only: rows its writer had at hand (never in the log). */
  rows?: LiveRows;
};
