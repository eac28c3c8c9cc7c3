import { Migration } from '@mikro-orm/migrations';

/** Files attached to messages (uploads) and replies (messages.reply_to_id). */
export class Migration20261129204000_uploads_replies extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "uploads" ("id" uuid not null, "owner_id" uuid null, "message_id" uuid null, "position" int not null default 0, "filename" varchar(255) not null, "content_type" varchar(100) not null, "size" int not null, "width" int null, "height" int null, "has_thumbnail" boolean not null default false, "created_at" timestamptz not null, constraint "uploads_pkey" primary key ("id"));`);
    this.addSql(`create index "uploads_owner_id_created_at_index" on "uploads" ("owner_id", "created_at");`);
    this.addSql(`create index "uploads_message_id_position_index" on "uploads" ("message_id", "position");`);
    this.addSql(`create index "uploads_created_at_index" on "uploads" ("created_at");`);
    this.addSql(`alter table "uploads" add constraint "uploads_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "uploads" add constraint "uploads_message_id_foreign" foreign key ("message_id") references "messages" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "messages" add column "reply_to_id" uuid null;`);
    this.addSql(`alter table "messages" add constraint "messages_reply_to_id_foreign" foreign key ("reply_to_id") references "messages" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "messages" drop constraint "messages_reply_to_id_foreign";`);
    this.addSql(`alter table "messages" drop column "reply_to_id";`);
    this.addSql(`drop table if exists "uploads" cascade;`);
  }
}
