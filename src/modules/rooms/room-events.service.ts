import { DeadlockException, ForeignKeyConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { AppPubSub } from '../../pubsub.js';
import { execute, insertStatement, returningColumns, withStatements, type NativeStatement } from '../../common/native-sql.js';
import { topics } from '../../pubsub.js';
import { NO_DIRECT_BLOCK_SQL } from '../reach/reach.service.js';
import { RoomEvent } from './room-event.entity.js';
import type { RoomEventData, RoomEventMessage, RoomEventPayloads, RoomEventType } from './room-event.payloads.js';
import { Room } from './room.entity.js';

export type { RoomEventMessage } from './room-event.payloads.js';

/** A claim of appendAtomically took fewer rows than it needed: its transaction rolls back. */
class ClaimLost extends Error {}

export function toMessage(e: RoomEvent): RoomEventMessage {
  // The row's type and payload were written together by `append`, so they match.
  return { roomId: e.room.id, seq: e.seq, ...({ type: e.type, payload: e.payload } as RoomEventData), at: e.createdAt.toISOString() };
}

export interface RoomEventServiceDeps {
  config: Config;
  pubsub: AppPubSub;
  logger: Logger;
}

/**
 * The room's ordered log: allocates gapless seqs and appends events inside the caller's transaction,
 * then publishes them once that transaction has committed (persist, then publish).
 */
export class RoomEventService {
  /** Post-commit listeners (the realtime module adds viewer notifications here). */
  readonly afterPublish: Array<(events: RoomEventMessage[]) => Promise<void>> = [];

  constructor(private readonly deps: RoomEventServiceDeps) {}

  /**
   * Takes the room's next seq with one atomic UPDATE ... RETURNING: on PostgreSQL the row lock it takes
   * serializes concurrent writers to the room until commit, so seqs are gapless and strictly increasing;
   * SQLite serializes every write transaction anyway.
   */
  async nextSeq(tx: EntityManager, roomId: string, at: Date, activity = true): Promise<number> {
    const rows = await execute<Array<{ last_seq: number }>>(tx, this.seqStatement(roomId, at, undefined, undefined, activity));
    if (!rows.length) throw new Error(`room ${roomId} vanished while appending an event`);
    return Number(rows[0].last_seq);
  }

  /**
   * The room's row lock, the one a new seq takes, held until commit. It serializes changes to who is in a room (a
   * ban and a join of the same room never interleave: whichever locks second sees the other), and it is the first
   * lock of every transaction that writes a room's log and its members' rows: the room, then the memberships.
   * Sending a message takes the room (its seq), then updates the sender's read marker; a transaction that updated a
   * membership first and then took a seq (moving a read marker, removing a member, changing a role) could hold what
   * the send waits for while waiting for what the send holds, and PostgreSQL would cancel one of them as a deadlock
   * (the user saw "Something went wrong" on a send). SQLite runs one write transaction at a time: nothing to order.
   */
  async lockRoom(tx: EntityManager, roomId: string): Promise<void> {
    if (this.deps.config.database.kind === 'postgresql') await execute(tx, { sql: 'select id from rooms where id = ? for update', params: [roomId] });
  }

  /** The seq UPDATE; with `memberId`, only when that user is a member (else no row), returning the room too. */
  private seqStatement(roomId: string, at: Date, memberId?: string, em?: EntityManager, activity = true, extra?: string): NativeStatement {
    const sqlite = this.deps.config.database.kind === 'sqlite';
    const params: unknown[] = activity ? [sqlite ? at.getTime() : at, roomId] : [roomId];
    let sql = `update rooms set last_seq = last_seq + 1${activity ? ', last_activity_at = ?' : ''} where id = ?`;
    if (memberId) {
      const may = this.maySend(roomId, memberId);
      sql += ` and ${may.sql}`;
      params.push(...may.params);
    }
    if (extra) sql += ` and ${extra}`;
    sql += ` returning last_seq${memberId && em ? `, ${returningColumns(em, Room, 'r')}` : ''}`;
    return { sql, params };
  }

  /** A member, and not in a direct room with someone either of them blocked (ReachService explains a refusal). */
  private maySend(roomId: string, memberId: string): NativeStatement {
    return { sql: `exists (select 1 from memberships where room_id = ? and user_id = ?) and ${NO_DIRECT_BLOCK_SQL}`, params: [roomId, memberId, memberId, memberId, memberId] };
  }

  /**
   * Appends one event with the room's next seq, in the caller's transaction (flushes it). `activity: false` leaves
   * the room's lastActivityAt (and so its place in room lists) as it is, for events that are not news (read markers).
   */
  async append<K extends RoomEventType>(tx: EntityManager, roomId: string, type: K, payload: RoomEventPayloads[K], opts: { activity?: boolean } = {}): Promise<RoomEvent> {
    const at = new Date();
    const seq = await this.nextSeq(tx, roomId, at, opts.activity ?? true);
    const event = tx.create(RoomEvent, { room: tx.getReference(Room, roomId), seq, type, payload, createdAt: at });
    await tx.flush();
    return event;
  }

  /**
   * `append` for hot paths (sending a message), atomic on its own: takes the room's next seq, logs the event and
   * runs `withSeq(seq, guard)`'s statements (rows that carry the same seq, side effects) all or nothing, in native SQL
   * without entities or a unit of work. `seq` is an SQL expression for the new seq; inserts take `guard` as their
   * condition (insertStatement's `where`). On PostgreSQL it is all one statement (data-modifying CTEs: one round
   * trip, no BEGIN/COMMIT, the room's row lock held until it ends); on SQLite a short transaction.
   * With `memberId`, nothing happens unless that user is a member of the room, and no block stands between the two
   * people of a direct room: then it resolves to null (the caller
   * finds out why); otherwise to the event as published (publish it once this resolves) and the room's row after
   * the update (`r__<column>`, for mapJoinedRow).
   * With `claim`, an UPDATE ... RETURNING (given an extra condition to AND in, or none) that must return `rows` rows
   * for anything to be written, e.g. taking uploads that a concurrent send may take first: it resolves to null too
   * when it took fewer (the caller finds out why). On PostgreSQL the claim runs first (its row locks order concurrent
   * claimers, and the loser's re-checked WHERE no longer matches) and the seq is taken only when it took them all;
   * on SQLite it runs last in the transaction, which a short claim rolls back.
   */
  async appendAtomically<K extends RoomEventType>(
    em: EntityManager,
    roomId: string,
    type: K,
    payload: RoomEventPayloads[K],
    at: Date,
    withSeq: (seq: string, guard?: string) => NativeStatement[],
    opts: { memberId?: string; claim?: { statement: (condition?: NativeStatement) => NativeStatement; rows: number } } = {},
  ): Promise<{ event: RoomEventMessage; room: Record<string, unknown> } | null> {
    const kind = this.deps.config.database.kind;
    const { claim } = opts;
    const event = (seq: string, guard?: string) => insertStatement(kind, 'room_events', { id: randomUUID(), room_id: roomId, type, payload, created_at: at }, { seq }, guard);
    let row: Record<string, unknown> | undefined;
    if (kind === 'postgresql') {
      const seq = '(select last_seq from next_seq)';
      const guard = 'exists (select 1 from next_seq)';
      const next = this.seqStatement(roomId, at, opts.memberId, em, true, claim ? `(select count(*) from claimed) = ${Number(claim.rows)}` : undefined);
      // The claim is held to the send's own conditions, so it never takes anything for a message that is not written.
      const may = opts.memberId ? this.maySend(roomId, opts.memberId) : { sql: 'true', params: [] };
      const condition = { sql: `exists (select 1 from rooms where rooms.id = ? and ${may.sql})`, params: [roomId, ...may.params] };
      const leading: Array<[string, NativeStatement]> = claim ? [['claimed', claim.statement(condition)]] : [];
      try {
        const rows = await execute(em, withStatements([event(seq, guard), ...withSeq(seq, guard)], 'select * from next_seq', [...leading, ['next_seq', next]]));
        row = rows[0];
      } catch (err) {
        // Two sends claiming the same rows in different orders: PostgreSQL cancels one, which is the loser. Or the room
        // was deleted while this waited for its row: the claim pointed at a message that was then not written.
        if (claim && (err instanceof DeadlockException || err instanceof ForeignKeyConstraintViolationException)) return null;
        throw err;
      }
    } else {
      const next = this.seqStatement(roomId, at, opts.memberId, em);
      try {
        row = await em.fork().transactional(async (tx) => {
          const [taken] = await execute(tx, next);
          if (!taken) return undefined;
          for (const statement of [event(String(taken.last_seq)), ...withSeq(String(taken.last_seq))]) await execute(tx, statement);
          if (claim && (await execute<unknown[]>(tx, claim.statement())).length !== claim.rows) throw new ClaimLost();
          return taken;
        });
      } catch (err) {
        if (err instanceof ClaimLost) return null;
        throw err;
      }
    }
    if (!row) {
      if (opts.memberId || claim) return null;
      throw new Error(`room ${roomId} vanished while appending an event`);
    }
    return { event: { roomId, seq: Number(row.last_seq), ...({ type, payload } as RoomEventData), at: at.toISOString() }, room: row };
  }

  /** Publishes committed events in seq order. Call it only after the transaction that appended them committed. */
  async publish(events: Array<RoomEvent | RoomEventMessage>): Promise<void> {
    const messages = events.map((e) => (e instanceof RoomEvent ? toMessage(e) : e)).sort((a, b) => a.seq - b.seq);
    for (const m of messages) await this.deps.pubsub.publish(topics.room(m.roomId), m);
    for (const listener of this.afterPublish) {
      try {
        await listener(messages);
      } catch (err) {
        this.deps.logger.error({ err }, 'room event listener failed');
      }
    }
  }

  /** Logged events after `afterSeq`, up to `limit`, in order (for resume). */
  async eventsAfter(em: EntityManager, roomId: string, afterSeq: number, limit: number): Promise<RoomEventMessage[]> {
    const rows = await em.find(RoomEvent, { room: roomId, seq: { $gt: afterSeq } }, { orderBy: { seq: 'asc' }, limit });
    return rows.map(toMessage);
  }
}
