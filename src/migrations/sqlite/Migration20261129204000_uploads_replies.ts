import { Migration } from '@mikro-orm/migrations';

/** Files attached to messages (uploads) and replies (messages.reply_to_id). */
export class Migration20261129204000_uploads_replies extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`uploads\` (\`id\` text not null, \`owner_id\` text null, \`message_id\` text null, \`position\` integer not null default 0, \`filename\` text not null, \`content_type\` text not null, \`size\` integer not null, \`width\` integer null, \`height\` integer null, \`has_thumbnail\` integer not null default false, \`created_at\` datetime not null, constraint \`uploads_owner_id_foreign\` foreign key(\`owner_id\`) references \`users\`(\`id\`) on delete set null on update cascade, constraint \`uploads_message_id_foreign\` foreign key(\`message_id\`) references \`messages\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`uploads_owner_id_created_at_index\` on \`uploads\` (\`owner_id\`, \`created_at\`);`);
    this.addSql(`create index \`uploads_message_id_position_index\` on \`uploads\` (\`message_id\`, \`position\`);`);
    this.addSql(`create index \`uploads_created_at_index\` on \`uploads\` (\`created_at\`);`);
    this.addSql(`alter table \`messages\` add column \`reply_to_id\` text null constraint \`messages_reply_to_id_foreign\` references \`messages\` (\`id\`) on delete set null on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`uploads\`;`);
    this.addSql(`alter table \`messages\` drop column \`reply_to_id\`;`);
  }
}
