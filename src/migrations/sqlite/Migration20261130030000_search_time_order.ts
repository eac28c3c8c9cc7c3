import { Migration } from '@mikro-orm/migrations';

/** Messages per millisecond of created_at that the search index can key: the low 20 bits of its rowid. */
export const SEARCH_KEY_BITS = 20;
const SPAN = 2 ** SEARCH_KEY_BITS;

/** The range of search-index rowids of the messages created in millisecond `at` (an SQL expression). */
const group = (at: string) => `rowid >= cast(${at} as integer) * ${SPAN} and rowid < (cast(${at} as integer) + 1) * ${SPAN}`;

/** Indexes a message (`new`) under the next free rowid of its created_at millisecond. */
const insertRow = `insert into \`message_search\` (rowid, body, message_id) values (
      coalesce((select max(rowid) + 1 from \`message_search\` where ${group('new.created_at')}), cast(new.created_at as integer) * ${SPAN}),
      new.body, new.id);`;
const deleteRow = `delete from \`message_search\` where ${group('old.created_at')} and message_id = old.id;`;

const TRIGGERS = ['messages_search_insert', 'messages_search_update', 'messages_search_delete'];

/**
 * The statements that re-key the search index's rows to `key` (an SQL expression over messages), kept by `triggers`.
 * Rows, not the table: in SQLite 3.44, once a table was altered (add column) in the transaction that created an FTS5
 * table, as on a fresh database where every migration runs in one, creating, renaming or dropping an FTS5 table there
 * fails with "SQL logic error". `optimize` then merges away what the deletes left in the index.
 */
function rekey(key: string, triggers: [insert: string, update: string, remove: string]): string[] {
  return [
    ...TRIGGERS.map((t) => `drop trigger if exists \`${t}\`;`),
    `delete from \`message_search\`;`,
    `insert into \`message_search\` (rowid, body, message_id) select ${key}, body, id from \`messages\`;`,
    `insert into \`message_search\` (\`message_search\`) values ('optimize');`,
    `create trigger \`messages_search_insert\` after insert on \`messages\` begin
      ${triggers[0]}
    end;`,
    `create trigger \`messages_search_update\` after update of ${triggers[1]} on \`messages\` begin
      ${triggers[2]}
      ${triggers[0]}
    end;`,
    `create trigger \`messages_search_delete\` after delete on \`messages\` begin
      ${triggers[2]}
    end;`,
  ];
}

/**
 * The FTS5 search index keyed by time: a message's rowid there is `created_at (epoch ms) * 2^20 + n`, n counting
 * the messages of that millisecond, instead of the message's own rowid (insertion order, which imports, concurrent
 * sends and seeded history do not keep in created_at order). Walking the index by rowid, newest first, is then
 * walking the messages by created_at, a millisecond at a time: the NEWEST search reads a page's worth of matches
 * instead of sorting all of them (SearchService). Within a millisecond the order is (created_at, id) in SQL.
 * Triggers find a message's row by its millisecond's range and message_id. Up to 2^20 messages per millisecond, and
 * created_at up to the year 2248.
 */
export class Migration20261130030000_search_time_order extends Migration {
  override async up(): Promise<void> {
    const at = 'cast(created_at as integer)';
    for (const sql of rekey(`${at} * ${SPAN} + row_number() over (partition by ${at} order by id) - 1`, [insertRow, 'body, created_at', deleteRow])) this.addSql(sql);
  }

  override async down(): Promise<void> {
    const insert = 'insert into `message_search` (rowid, body, message_id) values (new.rowid, new.body, new.id);';
    for (const sql of rekey('rowid', [insert, 'body', 'delete from `message_search` where rowid = old.rowid and message_id = old.id;'])) this.addSql(sql);
  }
}
