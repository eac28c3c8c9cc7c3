// Bulk seeding straight into PostgreSQL: set-based INSERT ... SELECT over generate_series in batches, with a
// progress line. Seqs stay gapless (messages and room_events share them) and rooms.last_seq stays in step.
import argon2 from 'argon2';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { JWT_SECRET, progress } from './common.mjs';

export const PASSWORD = 'bench-password-1';

export async function connect(db) {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  return c;
}

let hashOnce;
/** One real argon2id hash (the server's default parameters) shared by every seeded user. */
export function passwordHash() {
  hashOnce ??= argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  return hashOnce;
}

/** `n` users named `<prefix><i>`; returns [{ id, username }] in order. */
export async function seedUsers(c, n, prefix = 'u') {
  const hash = await passwordHash();
  const out = [];
  const BATCH = 5000;
  for (let from = 1; from <= n; from += BATCH) {
    const to = Math.min(n, from + BATCH - 1);
    const { rows } = await c.query(
      `insert into users (id, email, username, username_lower, password_hash, display_name, role, is_online, created_at, updated_at)
       select gen_random_uuid(), $1 || g || '@bench.test', $1 || g, lower($1) || g, $2, 'Bench ' || g, 'USER', false, now(), now()
         from generate_series($3::int, $4::int) g
       returning id, username`,
      [prefix, hash, from, to],
    );
    rows.sort((a, b) => Number(a.username.slice(prefix.length)) - Number(b.username.slice(prefix.length)));
    out.push(...rows);
    if (n > BATCH) progress(`seeding users ${to}/${n}`);
  }
  return out;
}

/** One live session per user and a signed access token for it (as login would issue). */
export async function seedSessions(c, users) {
  const tokens = new Map();
  const BATCH = 5000;
  for (let i = 0; i < users.length; i += BATCH) {
    const part = users.slice(i, i + BATCH);
    const { rows } = await c.query(
      `insert into sessions (id, user_id, refresh_token_hash, created_at, expires_at, last_used_at)
       select gen_random_uuid(), u, md5(random()::text) || md5(random()::text), now(), now() + interval '1 day', now()
         from unnest($1::uuid[]) u
       returning id, user_id`,
      [part.map((u) => u.id)],
    );
    for (const r of rows) tokens.set(r.user_id, signToken(r.user_id, r.id));
    if (users.length > BATCH) progress(`seeding sessions ${Math.min(users.length, i + BATCH)}/${users.length}`);
  }
  return tokens;
}

export function signToken(userId, sessionId) {
  return jwt.sign({ sid: sessionId, typ: 'access' }, JWT_SECRET, { algorithm: 'HS256', subject: userId, expiresIn: 3600, issuer: 'parley' });
}

/** A GROUP room with these members (the first is OWNER); returns its id. */
export async function seedRoom(c, name, memberIds) {
  const { rows } = await c.query(
    `insert into rooms (id, kind, name, created_by_id, last_seq, last_activity_at, created_at, updated_at)
     values (gen_random_uuid(), 'GROUP', $1, $2, 0, now(), now(), now()) returning id`,
    [name, memberIds[0]],
  );
  const roomId = rows[0].id;
  await addMembers(c, [roomId], memberIds);
  return roomId;
}

/** Many GROUP rooms at once, each with the same members; returns ids in order. */
export async function seedRooms(c, count, prefix, memberIds, activityStepMs = 1000) {
  const { rows } = await c.query(
    `insert into rooms (id, kind, name, created_by_id, last_seq, last_activity_at, created_at, updated_at)
     select gen_random_uuid(), 'GROUP', $1 || g, $2, 0, now() - (g * $4::int) * interval '1 millisecond', now(), now()
       from generate_series(1, $3::int) g
     returning id, name`,
    [prefix, memberIds[0], count, activityStepMs],
  );
  rows.sort((a, b) => Number(a.name.slice(prefix.length)) - Number(b.name.slice(prefix.length)));
  const ids = rows.map((r) => r.id);
  await addMembers(c, ids, memberIds);
  return ids;
}

async function addMembers(c, roomIds, memberIds) {
  await c.query(
    `insert into memberships (id, room_id, user_id, role, joined_at, last_read_seq)
     select gen_random_uuid(), r, u.id, case when u.ord = 1 then 'OWNER' else 'MEMBER' end, now(), 0
       from unnest($1::uuid[]) r cross join unnest($2::uuid[]) with ordinality as u(id, ord)`,
    [roomIds, memberIds],
  );
}

/**
 * Appends `count` messages to a room (MessageAdded events with the same seqs), alternating the senders, in batches;
 * rooms.last_seq follows. Bodies come from `body` (a generator's `next`, e.g. bench/lib/corpus.mjs) when given,
 * else 'Seeded message number <seq>'. Returns the room's last seq.
 */
export async function seedMessages(c, roomId, senderIds, count, { batch = 100000, label = 'messages', quiet = false, body } = {}) {
  const { rows } = await c.query('select last_seq from rooms where id = $1', [roomId]);
  let seq = Number(rows[0].last_seq);
  const end = seq + count;
  if (body) batch = Math.min(batch, 50000);
  while (seq < end) {
    const from = seq + 1;
    const to = Math.min(end, seq + batch);
    const texts = body ? Array.from({ length: to - from + 1 }, () => body()) : null;
    await c.query('begin');
    await c.query(
      `with g as (select g, ${body ? '($5::text[])[g - $3 + 1]' : "'Seeded message number ' || g"} as body from generate_series($3::int, $4::int) g),
       m as (
         insert into messages (id, room_id, sender_id, seq, body, client_id, filtered, created_at, reactions)
         select gen_random_uuid(), $1, ($2::uuid[])[1 + (g % array_length($2::uuid[], 1))], g, g.body, null, false,
                now() - ($4::int - g) * interval '1 second', '{}'::jsonb
           from g
         returning id, seq, sender_id, created_at)
       insert into room_events (id, room_id, seq, type, payload, created_at)
       select gen_random_uuid(), $1, m.seq, 'MessageAdded', jsonb_build_object('messageId', m.id, 'senderId', m.sender_id), m.created_at from m`,
      body ? [roomId, senderIds, from, to, texts] : [roomId, senderIds, from, to],
    );
    await c.query('update rooms set last_seq = $2, last_activity_at = now() where id = $1', [roomId, to]);
    await c.query('commit');
    seq = to;
    if (!quiet) progress(`seeding ${label} ${seq - (end - count)}/${count}`);
  }
  return seq;
}

/** The same number of messages in each of many rooms, in one statement per batch of rooms. */
export async function seedMessagesInRooms(c, roomIds, senderIds, perRoom) {
  const BATCH = 50;
  for (let i = 0; i < roomIds.length; i += BATCH) {
    const part = roomIds.slice(i, i + BATCH);
    await c.query('begin');
    await c.query(
      `with m as (
         insert into messages (id, room_id, sender_id, seq, body, client_id, filtered, created_at, reactions)
         select gen_random_uuid(), r, ($2::uuid[])[1 + (g % array_length($2::uuid[], 1))], g, 'Seeded message number ' || g, null, false,
                now() - ($3::int - g) * interval '1 second', '{}'::jsonb
           from unnest($1::uuid[]) r cross join generate_series(1, $3::int) g
         returning id, room_id, seq, sender_id, created_at)
       insert into room_events (id, room_id, seq, type, payload, created_at)
       select gen_random_uuid(), m.room_id, m.seq, 'MessageAdded', jsonb_build_object('messageId', m.id, 'senderId', m.sender_id), m.created_at from m`,
      [part, senderIds, perRoom],
    );
    await c.query('update rooms set last_seq = $2 where id = any($1::uuid[])', [part, perRoom]);
    await c.query('commit');
    progress(`seeding messages in rooms ${Math.min(roomIds.length, i + BATCH)}/${roomIds.length}`);
  }
}
