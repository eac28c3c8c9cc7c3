import { Migration } from '@mikro-orm/migrations';

export class Migration20261121050823_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "users" ("id" uuid not null, "email" varchar(254) not null, "username" varchar(32) not null, "username_lower" varchar(32) not null, "password_hash" varchar(255) not null, "display_name" varchar(64) null, "role" text check ("role" in ('USER', 'MODERATOR', 'ADMIN')) not null default 'USER', "is_online" boolean not null default false, "last_seen_at" timestamptz null, "banned_at" timestamptz null, "ban_reason" varchar(500) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`alter table "users" add constraint "users_username_lower_unique" unique ("username_lower");`);
    this.addSql(`create index "users_role_index" on "users" ("role");`);
    this.addSql(`create index "users_created_at_index" on "users" ("created_at");`);

    this.addSql(`create table "sessions" ("id" uuid not null, "user_id" uuid not null, "refresh_token_hash" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" varchar(64) null, "last_used_at" timestamptz null, "user_agent" varchar(512) null, "ip" varchar(64) null, constraint "sessions_pkey" primary key ("id"));`);
    this.addSql(`create index "sessions_user_id_revoked_at_index" on "sessions" ("user_id", "revoked_at");`);

    this.addSql(`create table "rooms" ("id" uuid not null, "kind" text check ("kind" in ('DIRECT', 'GROUP', 'PUBLIC')) not null, "name" varchar(80) null, "description" varchar(500) null, "created_by_id" uuid null, "last_seq" int not null default 0, "last_activity_at" timestamptz not null, "direct_key" varchar(80) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "rooms_pkey" primary key ("id"));`);
    this.addSql(`alter table "rooms" add constraint "rooms_direct_key_unique" unique ("direct_key");`);
    this.addSql(`create index "rooms_last_activity_at_index" on "rooms" ("last_activity_at");`);
    this.addSql(`create index "rooms_kind_last_activity_at_index" on "rooms" ("kind", "last_activity_at");`);

    this.addSql(`create table "room_events" ("id" uuid not null, "room_id" uuid not null, "seq" int not null, "type" varchar(32) not null, "payload" jsonb not null, "created_at" timestamptz not null, constraint "room_events_pkey" primary key ("id"));`);
    this.addSql(`alter table "room_events" add constraint "room_events_room_id_seq_unique" unique ("room_id", "seq");`);

    this.addSql(`create table "password_resets" ("id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null, constraint "password_resets_pkey" primary key ("id"));`);
    this.addSql(`alter table "password_resets" add constraint "password_resets_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "messages" ("id" uuid not null, "room_id" uuid not null, "sender_id" uuid null, "seq" int not null, "body" text not null, "client_id" varchar(64) null, "filtered" boolean not null default false, "created_at" timestamptz not null, "edited_at" timestamptz null, "deleted_at" timestamptz null, "reactions" jsonb not null, constraint "messages_pkey" primary key ("id"));`);
    this.addSql(`create index "messages_created_at_index" on "messages" ("created_at");`);
    this.addSql(`create index "messages_sender_id_created_at_index" on "messages" ("sender_id", "created_at");`);
    this.addSql(`alter table "messages" add constraint "messages_room_id_sender_id_client_id_unique" unique ("room_id", "sender_id", "client_id");`);
    this.addSql(`alter table "messages" add constraint "messages_room_id_seq_unique" unique ("room_id", "seq");`);

    this.addSql(`create table "memberships" ("id" uuid not null, "room_id" uuid not null, "user_id" uuid not null, "role" text check ("role" in ('OWNER', 'ADMIN', 'MEMBER')) not null default 'MEMBER', "joined_at" timestamptz not null, "last_read_seq" int not null default 0, constraint "memberships_pkey" primary key ("id"));`);
    this.addSql(`create index "memberships_user_id_room_id_index" on "memberships" ("user_id", "room_id");`);
    this.addSql(`alter table "memberships" add constraint "memberships_room_id_user_id_unique" unique ("room_id", "user_id");`);

    this.addSql(`create table "audit_events" ("id" uuid not null, "actor_id" uuid null, "action" varchar(48) not null, "target_type" varchar(16) null, "target_id" varchar(64) null, "metadata" jsonb null, "ip" varchar(64) null, "created_at" timestamptz not null, constraint "audit_events_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_events_target_id_created_at_index" on "audit_events" ("target_id", "created_at");`);
    this.addSql(`create index "audit_events_actor_id_created_at_index" on "audit_events" ("actor_id", "created_at");`);
    this.addSql(`create index "audit_events_action_created_at_index" on "audit_events" ("action", "created_at");`);
    this.addSql(`create index "audit_events_created_at_index" on "audit_events" ("created_at");`);

    this.addSql(`alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "rooms" add constraint "rooms_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "room_events" add constraint "room_events_room_id_foreign" foreign key ("room_id") references "rooms" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "password_resets" add constraint "password_resets_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "messages" add constraint "messages_room_id_foreign" foreign key ("room_id") references "rooms" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "messages" add constraint "messages_sender_id_foreign" foreign key ("sender_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "memberships" add constraint "memberships_room_id_foreign" foreign key ("room_id") references "rooms" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "memberships" add constraint "memberships_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "audit_events" add constraint "audit_events_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);

    this.addSql(`alter table "rooms" drop constraint "rooms_created_by_id_foreign";`);

    this.addSql(`alter table "password_resets" drop constraint "password_resets_user_id_foreign";`);

    this.addSql(`alter table "messages" drop constraint "messages_sender_id_foreign";`);

    this.addSql(`alter table "memberships" drop constraint "memberships_user_id_foreign";`);

    this.addSql(`alter table "audit_events" drop constraint "audit_events_actor_id_foreign";`);

    this.addSql(`alter table "room_events" drop constraint "room_events_room_id_foreign";`);

    this.addSql(`alter table "messages" drop constraint "messages_room_id_foreign";`);

    this.addSql(`alter table "memberships" drop constraint "memberships_room_id_foreign";`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop table if exists "rooms" cascade;`);

    this.addSql(`drop table if exists "room_events" cascade;`);

    this.addSql(`drop table if exists "password_resets" cascade;`);

    this.addSql(`drop table if exists "messages" cascade;`);

    this.addSql(`drop table if exists "memberships" cascade;`);

    this.addSql(`drop table if exists "audit_events" cascade;`);
  }

}
