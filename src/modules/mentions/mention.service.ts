import type { EntityManager } from '@mikro-orm/core';
import { decodeCursor, encodeCursor, pageSize } from '../../common/connection.js';
import { dbValue, execute, mapJoinedRow, selectColumns, type NativeStatement } from '../../common/native-sql.js';
import { assertId } from '../../common/ids.js';
import type { DatabaseKind } from '../../config.js';
import type { Context } from '../../context.js';
import { BadInputError } from '../../errors.js';
import { Message } from '../messages/message.entity.js';
import { parseMentions } from './mention-parser.js';

export interface MentionSource {
  messageId: string;
  roomId: string;
  senderId: string;
  body: string;
  at: Date;
}

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * Mentions: which members a message names (`@username`; `@room` from a group's OWNER or ADMIN names every member),
 * written with the message in one statement, rewritten on edit; the viewer's mentions, newest first.
 */
export class MentionService {
  constructor(private readonly database: DatabaseKind) {}

  private kind(): DatabaseKind {
    return this.database;
  }

  /**
   * The insert of a message's mention rows, or null when the body mentions nobody. Only current members other than
   * the sender are mentioned, decided by the SQL itself. `seq` is an SQL expression; `guard` an extra condition.
   */
  insertStatement(src: MentionSource, seq: string, guard?: string): NativeStatement | null {
    const parsed = parseMentions(src.body);
    if (!parsed.usernames.length && !parsed.room) return null;
    const kind = this.kind();
    const bool = (b: boolean) => (kind === 'sqlite' ? (b ? '1' : '0') : b ? 'true' : 'false');
    const named = parsed.usernames.length ? `u.username_lower in (${list(parsed.usernames.length)})` : bool(false);
    const params: unknown[] = [src.messageId, src.roomId, dbValue(kind, src.at), src.roomId, src.senderId, ...parsed.usernames];
    let who = named;
    if (parsed.room) {
      who = `(${named} or exists (select 1 from memberships s join rooms r on r.id = s.room_id
               where s.room_id = ? and s.user_id = ? and s.role in ('OWNER', 'ADMIN') and r.kind = 'GROUP'))`;
      params.push(src.roomId, src.senderId);
    }
    const viaRoom = parsed.usernames.length ? `case when ${named} then ${bool(false)} else ${bool(true)} end` : bool(true);
    if (parsed.usernames.length) params.splice(2, 0, ...parsed.usernames);
    const sql =
      `insert into mentions (message_id, room_id, user_id, seq, via_room, created_at)
       select ?, ?, ms.user_id, ${seq}, ${viaRoom}, ? from memberships ms join users u on u.id = ms.user_id
        where ms.room_id = ? and ms.user_id <> ? and ${who}${guard ? ` and ${guard}` : ''}`;
    return { sql, params };
  }

  /** After an edit, in its transaction: the message's mentions as its new body says. */
  async rewrite(tx: EntityManager, message: Message): Promise<void> {
    await execute(tx, { sql: 'delete from mentions where message_id = ?', params: [message.id] });
    if (!message.sender) return;
    const statement = this.insertStatement(
      { messageId: message.id, roomId: message.room.id, senderId: message.sender.id, body: message.body, at: message.createdAt },
      String(Number(message.seq)),
    );
    if (statement) await execute(tx, statement);
  }

  /** Messages that mention the viewer in rooms they are still in, newest first, not deleted; keyset on (time, id). */
  async page(ctx: Context, first?: number | null, after?: string | null) {
    const viewerId = ctx.viewer!.id;
    const limit = pageSize(first);
    const kind = this.kind();
    const params: unknown[] = [viewerId];
    let keyset = '';
    if (after) {
      const [at, id] = decodeCursor(after, 'after', 2);
      if ((typeof at !== 'string' && typeof at !== 'number') || typeof id !== 'string') throw new BadInputError('after', '"after" is not a valid cursor.');
      keyset = kind === 'postgresql' ? ' and (mn.created_at, mn.message_id) < (?::timestamptz, ?::uuid)' : ' and (mn.created_at, mn.message_id) < (?, ?)';
      params.push(at, assertId(id, 'after'));
    }
    const at = kind === 'postgresql' ? 'mn.created_at::text' : 'mn.created_at';
    const rows = await execute(ctx.em, {
      sql: `select ${selectColumns(ctx.em, Message, 'm')}, ${at} as mention_at from mentions mn
              join memberships ms on ms.room_id = mn.room_id and ms.user_id = mn.user_id
              join messages m on m.id = mn.message_id
             where mn.user_id = ? and m.deleted_at is null${keyset}
             order by mn.created_at desc, mn.message_id desc limit ${limit + 1}`,
      params,
    });
    const more = rows.length > limit;
    const edges = rows.slice(0, limit).map((row) => {
      const { m } = mapJoinedRow(ctx.em, row, { m: Message });
      return { cursor: encodeCursor([row.mention_at, m.id]), node: m };
    });
    return { edges, hasNextPage: more, hasPreviousPage: !!after };
  }
}
