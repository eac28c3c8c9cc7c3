import { Migration } from '@mikro-orm/migrations';

/**
 * Full-text search over message bodies: an FTS5 table (unicode61, diacritics folded) kept by triggers on messages,
 * filled from the messages already there. Its rowid is the message's rowid (so a trigger finds a row without a scan)
 * and `message_id` is what searches join on. db.ts keeps schema diffs away from it.
 */
export class Migration20261129203500_message_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create virtual table \`message_search\` using fts5(body, message_id unindexed, tokenize = 'unicode61 remove_diacritics 2');`);
    this.addSql(`insert into \`message_search\` (rowid, body, message_id) select rowid, body, id from \`messages\`;`);
    this.addSql(`create trigger \`messages_search_insert\` after insert on \`messages\` begin
      insert into \`message_search\` (rowid, body, message_id) values (new.rowid, new.body, new.id);
    end;`);
    this.addSql(`create trigger \`messages_search_update\` after update of body on \`messages\` begin
      delete from \`message_search\` where rowid = old.rowid and message_id = old.id;
      insert into \`message_search\` (rowid, body, message_id) values (new.rowid, new.body, new.id);
    end;`);
    this.addSql(`create trigger \`messages_search_delete\` after delete on \`messages\` begin
      delete from \`message_search\` where rowid = old.rowid and message_id = old.id;
    end;`);
  }

  override async down(): Promise<void> {
    for (const t of ['messages_search_insert', 'messages_search_update', 'messages_search_delete']) this.addSql(`drop trigger if exists \`${t}\`;`);
    this.addSql(`drop table if exists \`message_search\`;`);
  }
}
