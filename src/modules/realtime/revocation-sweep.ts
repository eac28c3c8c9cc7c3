import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { dbValue, execute } from '../../common/native-sql.js';
import type { DatabaseKind } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { AppPubSub } from '../../pubsub.js';
import { AccessRevokedReason } from './realtime.types.js';
import type { SessionEndReason } from '../auth/session-end-reason.js';
import { accessRevokedReason, type RealtimeConnection } from './connection.service.js';

/** What the sweep needs of the connection service. */
export interface SweptConnections {
  connectionsOf(): readonly RealtimeConnection[];
  endConnection(conn: RealtimeConnection, reason: AccessRevokedReason): Promise<void>;
}

interface Row {
  kind: string;
  a: string;
  b: string | null;
  live: number | string | boolean;
  banned: number | string | boolean;
}

const truthy = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';

/**
 * Revocation that does not depend on one message (DESIGN.md "Faults"): logout, bans, password changes and removals
 * publish news that ends the affected streams, but a publish can be lost in a Redis outage. So every instance re-checks
 * its own sockets against the database, on a short period and whenever its Redis connection comes back: the sessions
 * (revoked, expired, gone), the users' bans and, for room streams, the memberships. One query per sweep for all of
 * this instance's sockets, however many.
 */
export class RevocationSweep {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** Sweeps done (tests wait on it instead of sleeping). */
  sweeps = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly kind: DatabaseKind,
    private readonly pubsub: AppPubSub,
    private readonly connections: SweptConnections,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start() {
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
    this.pubsub.onReconnect(() => {
      // What was published while the connection was down is lost for this instance: room streams look in the log,
      // and revocations are read from the database.
      for (const conn of this.connections.connectionsOf().filter((c) => !c.ending)) for (const s of conn.streams) s.catchUp?.();
      void this.sweep();
    });
  }

  stop() {
    this.stopped = true;
    clearInterval(this.timer);
    return this.running;
  }

  /** One sweep (a sweep already running is joined, not repeated). */
  sweep(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.run()
      .catch((err) => this.logger.warn({ err: { message: (err as Error).message } }, 'revocation sweep failed'))
      .finally(() => {
        this.running = undefined;
        this.sweeps++;
      });
    return this.running;
  }

  private async run() {
    const conns = this.connections.connectionsOf().filter((c) => !c.ending);
    if (!conns.length) return;
    const sessionIds = [...new Set(conns.map((c) => c.sessionId))];
    const roomIds = new Set<string>();
    const userIds = new Set<string>();
    // The streams as of now: one opened while the query runs was checked when it opened, and is not in its result.
    const streamsOf = new Map(conns.map((c) => [c, [...c.streams]]));
    for (const c of conns) {
      for (const s of streamsOf.get(c)!) {
        if (s.roomId) {
          roomIds.add(s.roomId);
          userIds.add(c.userId);
        }
      }
    }
    const em: EntityManager = this.orm.em.fork();
    const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');
    const text = this.kind === 'postgresql' ? (col: string) => `cast(${col} as varchar)` : (col: string) => col;
    let sql =
      `select 'S' as kind, ${text('s.id')} as a, s.revoked_reason as b, ` +
      `case when s.revoked_at is null and s.expires_at > ? then 1 else 0 end as live, case when u.banned_at is null then 0 else 1 end as banned ` +
      `from sessions s join users u on u.id = s.user_id where s.id in (${list(sessionIds.length)})`;
    const params: unknown[] = [dbValue(this.kind, new Date()), ...sessionIds];
    if (roomIds.size) {
      sql += ` union all select 'M' as kind, ${text('m.room_id')} as a, ${text('m.user_id')} as b, 1 as live, 0 as banned from memberships m where m.room_id in (${list(roomIds.size)}) and m.user_id in (${list(userIds.size)})`;
      params.push(...roomIds, ...userIds);
    }
    const rows = await execute<Row[]>(em, { sql, params });
    if (this.stopped) return;
    const sessions = new Map<string, Row>();
    const memberships = new Set<string>();
    for (const r of rows) {
      if (r.kind === 'S') sessions.set(r.a.toLowerCase(), r);
      else memberships.add(`${r.a.toLowerCase()}|${String(r.b).toLowerCase()}`);
    }
    for (const conn of conns) {
      if (conn.ending) continue;
      const s = sessions.get(conn.sessionId.toLowerCase());
      if (!s || !truthy(s.live) || truthy(s.banned)) {
        const reason = !s ? AccessRevokedReason.SESSION_ENDED : truthy(s.banned) ? AccessRevokedReason.BANNED : accessRevokedReason(s.b as SessionEndReason);
        this.logger.debug({ userId: conn.userId, reason }, 'revocation sweep: ending a socket');
        void this.connections.endConnection(conn, reason);
        continue;
      }
      for (const stream of streamsOf.get(conn)!) {
        if (stream.roomId && !memberships.has(`${stream.roomId.toLowerCase()}|${conn.userId.toLowerCase()}`)) {
          this.logger.debug({ userId: conn.userId, roomId: stream.roomId }, 'revocation sweep: ending a room stream');
          stream.revoke(AccessRevokedReason.REMOVED);
        }
      }
    }
  }
}
