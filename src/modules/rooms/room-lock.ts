import type { EntityManager } from '@mikro-orm/core';
import type { DatabaseKind } from '../../config.js';
import { execute } from '../../common/native-sql.js';

/**
 * The room's row lock, the one a new seq takes (`update rooms set last_seq = ...`), held until commit.
 *
 * Lock order for every transaction that writes a room's log and its members' rows: the room first, then the
 * memberships. Sending a message takes the room (its seq), then updates the sender's read marker; a transaction that
 * updated a membership first and then took a seq (moving a read marker, removing a member, changing a role) could
 * hold what the send waits for while waiting for what the send holds, and PostgreSQL would cancel one of them as a
 * deadlock (the user saw "Something went wrong" on a send). SQLite runs one write transaction at a time, so there
 * is nothing to order there.
 */
export async function lockRoomRow(kind: DatabaseKind, tx: EntityManager, roomId: string): Promise<void> {
  if (kind === 'postgresql') await execute(tx, { sql: 'select id from rooms where id = ? for update', params: [roomId] });
}
