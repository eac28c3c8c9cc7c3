// Baseline for sending: raw `pg` doing what a send must do (room seq, message, event, sender's read marker, in one
// transaction) and a Redis PUBLISH of the event, with the same concurrency and a pool as large as the server's (10),
// kept open across runs as the server keeps its own.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { childMain } from '../lib/common.mjs';

// Kept across runs (the scenario runs this in rounds), like the server's pool; the process exits at the end.
let pool;
let redis;

childMain({
  async run(m) {
    pool ??= new pg.Pool({ connectionString: m.databaseUrl, max: 10, idleTimeoutMillis: 0 });
    redis ??= new Redis(m.redisUrl);
    const latencies = [];
    let ok = 0;
    let failed = 0;
    let firstError = null;
    const started = performance.now();
    const until = started + m.durationMs;
    await Promise.all(
      m.senders.map(async ({ userId, roomId }) => {
        let n = 0;
        while (performance.now() < until) {
          const t0 = performance.now();
          const c = await pool.connect();
          try {
            await c.query('begin');
            const now = new Date();
            const { rows } = await c.query('update rooms set last_seq = last_seq + 1, last_activity_at = $2 where id = $1 returning last_seq', [roomId, now]);
            const seq = rows[0].last_seq;
            const id = randomUUID();
            await c.query(
              `insert into messages (id, room_id, sender_id, seq, body, client_id, filtered, created_at, reactions) values ($1, $2, $3, $4, $5, $6, false, $7, '{}')`,
              [id, roomId, userId, seq, `Benchmark message ${++n}`, randomUUID(), now],
            );
            await c.query(`insert into room_events (id, room_id, seq, type, payload, created_at) values ($1, $2, $3, 'MessageAdded', $4, $5)`, [randomUUID(), roomId, seq, { messageId: id, senderId: userId }, now]);
            await c.query('update memberships set last_read_seq = $3 where room_id = $1 and user_id = $2 and last_read_seq < $3', [roomId, userId, seq]);
            await c.query('commit');
            c.release();
            await redis.publish(`${m.prefix}ROOM:${roomId}`, JSON.stringify({ roomId, seq, type: 'MessageAdded', payload: { messageId: id, senderId: userId }, at: now.toISOString() }));
            ok++;
            latencies.push(performance.now() - t0);
          } catch (e) {
            failed++;
            firstError ??= String(e.message ?? e);
            await c.query('rollback').catch(() => undefined);
            c.release();
          }
        }
      }),
    );
    return { type: 'done', ok, failed, firstError, ms: performance.now() - started, latencies };
  },
});
