import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { AppParts } from '../../context.js';
import { topics } from '../../pubsub.js';
import { RoomEvent, type RoomEventType } from './room-event.entity.js';
import { Room } from './room.entity.js';

/** What travels on a room topic: small, JSON-safe, ids only (DESIGN.md "Realtime semantics"). */
export interface RoomEventMessage {
  roomId: string;
  seq: number;
  type: RoomEventType;
  payload: Record<string, unknown>;
  /** ISO time of the event. */
  at: string;
}

export function toMessage(e: RoomEvent): RoomEventMessage {
  return { roomId: e.room.id, seq: e.seq, type: e.type, payload: e.payload, at: e.createdAt.toISOString() };
}

/**
 * The room's ordered log: allocates gapless seqs and appends events inside the caller's transaction,
 * then publishes them once that transaction has committed (persist, then publish).
 */
export class RoomEventService {
  /** Post-commit listeners (the realtime module adds viewer notifications here). */
  readonly afterPublish: Array<(events: RoomEventMessage[]) => Promise<void>> = [];

  constructor(private readonly app: () => AppParts) {}

  /**
   * Takes the room's next seq with one atomic UPDATE ... RETURNING: on PostgreSQL the row lock it takes
   * serializes concurrent writers to the room until commit, so seqs are gapless and strictly increasing;
   * SQLite serializes every write transaction anyway.
   */
  async nextSeq(tx: EntityManager, roomId: string, at: Date): Promise<number> {
    const sqlite = this.app().config.database.kind === 'sqlite';
    const rows = await (tx as SqlEntityManager).execute<Array<{ last_seq: number }>>(
      'update rooms set last_seq = last_seq + 1, last_activity_at = ? where id = ? returning last_seq',
      [sqlite ? at.getTime() : at, roomId],
    );
    if (!rows.length) throw new Error(`room ${roomId} vanished while appending an event`);
    return Number(rows[0].last_seq);
  }

  /** Appends one event with the room's next seq, in the caller's transaction (flushes it). */
  async append(tx: EntityManager, roomId: string, type: RoomEventType, payload: Record<string, unknown> = {}): Promise<RoomEvent> {
    const at = new Date();
    const seq = await this.nextSeq(tx, roomId, at);
    const event = tx.create(RoomEvent, { room: tx.getReference(Room, roomId), seq, type, payload, createdAt: at });
    await tx.flush();
    return event;
  }

  /** Publishes committed events in seq order. Call it only after the transaction that appended them committed. */
  async publish(events: Array<RoomEvent | RoomEventMessage>): Promise<void> {
    const messages = events.map((e) => (e instanceof RoomEvent ? toMessage(e) : e)).sort((a, b) => a.seq - b.seq);
    for (const m of messages) await this.app().pubsub.publish(topics.room(m.roomId), m);
    for (const listener of this.afterPublish) {
      try {
        await listener(messages);
      } catch (err) {
        this.app().logger.error({ err }, 'room event listener failed');
      }
    }
  }

  /** Logged events after `afterSeq`, up to `limit`, in order (for resume). */
  async eventsAfter(em: EntityManager, roomId: string, afterSeq: number, limit: number): Promise<RoomEventMessage[]> {
    const rows = await em.find(RoomEvent, { room: roomId, seq: { $gt: afterSeq } }, { orderBy: { seq: 'asc' }, limit });
    return rows.map(toMessage);
  }
}
