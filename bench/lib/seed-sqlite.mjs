// The SQLite copy of a seeded PostgreSQL room, for the figures issue 16 wants on both databases: a fresh SQLite file
// migrated with the production build's migrate script, the same users and sessions (so the same access tokens work),
// the same room and memberships, and the same message bodies (the corpus generator with the same seed). Seeded in
// batches through json_each; the FTS5 index is built once at the end, as the migration builds it for existing rows.
import { rmSync } from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { RUN_ID, WORK, migrate, progress } from './common.mjs';

const open = (file) => new Promise((res, rej) => { const db = new sqlite3.Database(file, (e) => (e ? rej(e) : res(db))); });
const run = (db, sql, params = []) => new Promise((res, rej) => db.run(sql, params, (e) => (e ? rej(e) : res())));
const all = (db, sql, params = []) => new Promise((res, rej) => db.all(sql, params, (e, rows) => (e ? rej(e) : res(rows))));
const exec = (db, sql) => new Promise((res, rej) => db.exec(sql, (e) => (e ? rej(e) : res())));
const ms = (d) => (d instanceof Date ? d.getTime() : d == null ? null : new Date(d).getTime());

/** A migrated SQLite database file; `{ name, url, file, drop() }` like createDatabase's. */
export async function createSqliteDatabase(tag) {
  const name = `parley_bench_${tag}_${RUN_ID}_sqlite`.toLowerCase();
  const file = path.join(WORK, `${name}.db`);
  const db = { name, url: `sqlite:${file}`, file, async drop() { for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true }); } };
  await migrate(db);
  return db;
}

/** Copies users, sessions, one room and its memberships from PostgreSQL (`pgc`), then `count` messages from `body`. */
export async function copyRoom(pgc, target, roomId, count, body) {
  const db = await open(target.file);
  try {
    await exec(db, 'pragma journal_mode = wal; pragma synchronous = off;');
    const { rows: members } = await pgc.query('select * from memberships where room_id = $1', [roomId]);
    const userIds = members.map((m) => m.user_id);
    const { rows: users } = await pgc.query('select * from users where id = any($1::uuid[])', [userIds]);
    const { rows: sessions } = await pgc.query('select * from sessions where user_id = any($1::uuid[])', [userIds]);
    const { rows: [room] } = await pgc.query('select * from rooms where id = $1', [roomId]);
    await exec(db, 'begin');
    for (const u of users) {
      await run(db, 'insert into users (id, email, username, username_lower, password_hash, display_name, role, is_online, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)', [u.id, u.email, u.username, u.username_lower, u.password_hash, u.display_name, u.role, ms(u.created_at), ms(u.updated_at)]);
    }
    for (const s of sessions) {
      await run(db, 'insert into sessions (id, user_id, refresh_token_hash, created_at, expires_at, last_used_at) values (?, ?, ?, ?, ?, ?)', [s.id, s.user_id, s.refresh_token_hash, ms(s.created_at), ms(s.expires_at), ms(s.last_used_at)]);
    }
    await run(db, 'insert into rooms (id, kind, name, created_by_id, last_seq, last_activity_at, created_at, updated_at) values (?, ?, ?, ?, 0, ?, ?, ?)', [room.id, room.kind, room.name, room.created_by_id, Date.now(), ms(room.created_at), ms(room.updated_at)]);
    for (const m of members) {
      await run(db, 'insert into memberships (id, room_id, user_id, role, joined_at, last_read_seq) values (?, ?, ?, ?, ?, 0)', [m.id, m.room_id, m.user_id, m.role, ms(m.joined_at)]);
    }
    await exec(db, 'commit');
    // Messages without the search triggers (the index is built in one pass below, as the migration does).
    const [{ sql: indexTrigger }] = await all(db, "select sql from sqlite_master where type = 'trigger' and name = 'messages_search_insert'");
    await exec(db, 'drop trigger messages_search_insert');
    const now = Date.now();
    const BATCH = 20000;
    for (let from = 1; from <= count; from += BATCH) {
      const to = Math.min(count, from + BATCH - 1);
      const texts = Array.from({ length: to - from + 1 }, () => body());
      await exec(db, 'begin');
      await run(
        db,
        `insert into messages (id, room_id, sender_id, seq, body, client_id, filtered, created_at, reactions)
         select lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
                ?, json_extract(?, '$[' || ((? + key) % ?) || ']'), ? + key, value, null, 0, ? - (? - (? + key)) * 1000, '{}'
           from json_each(?)`,
        [roomId, JSON.stringify(userIds), from, userIds.length, from, now, count, from, JSON.stringify(texts)],
      );
      await run(
        db,
        `insert into room_events (id, room_id, seq, type, payload, created_at)
         select lower(hex(randomblob(16))), room_id, seq, 'MessageAdded', json_object('messageId', id, 'senderId', sender_id), created_at
           from messages where room_id = ? and seq between ? and ?`,
        [roomId, from, to],
      );
      await exec(db, 'commit');
      progress(`seeding SQLite messages ${to}/${count}`);
    }
    progress('building the SQLite full-text index');
    // Keyed by time as Migration20261130030000_search_time_order keys it: created_at (ms) * 2^20 + n within the ms.
    await exec(db, `insert into message_search (rowid, body, message_id)
      select created_at * 1048576 + row_number() over (partition by created_at order by id) - 1, body, id from messages`);
    await exec(db, indexTrigger);
    await run(db, 'update rooms set last_seq = ?, last_activity_at = ? where id = ?', [count, now, roomId]);
    await exec(db, 'analyze');
  } finally {
    await new Promise((r) => db.close(r));
  }
}
