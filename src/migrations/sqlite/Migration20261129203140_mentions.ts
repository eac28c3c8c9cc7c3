import { Migration } from '@mikro-orm/migrations';

/** Mentions: one row per (message, mentioned member), written with the message. */
export class Migration20261129203140_mentions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`mentions\` (\`message_id\` text not null, \`user_id\` text not null, \`room_id\` text not null, \`seq\` integer not null, \`via_room\` integer not null default false, \`created_at\` datetime not null, constraint \`mentions_message_id_foreign\` foreign key(\`message_id\`) references \`messages\`(\`id\`) on delete cascade on update cascade, constraint \`mentions_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`mentions_room_id_foreign\` foreign key(\`room_id\`) references \`rooms\`(\`id\`) on delete cascade on update cascade, primary key (\`message_id\`, \`user_id\`));`);
    this.addSql(`create index \`mentions_room_id_index\` on \`mentions\` (\`room_id\`);`);
    this.addSql(`create index \`mentions_user_id_room_id_seq_index\` on \`mentions\` (\`user_id\`, \`room_id\`, \`seq\`);`);
    this.addSql(`create index \`mentions_user_id_created_at_index\` on \`mentions\` (\`user_id\`, \`created_at\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`mentions\`;`);
  }
}
