import { Migration } from '@mikro-orm/migrations';

export class Migration20261129202017_people extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "room_bans" ("id" uuid not null, "room_id" uuid not null, "user_id" uuid not null, "banned_by_id" uuid null, "reason" varchar(500) null, "created_at" timestamptz not null, constraint "room_bans_pkey" primary key ("id"));`);
    this.addSql(`create index "room_bans_user_id_index" on "room_bans" ("user_id");`);
    this.addSql(`alter table "room_bans" add constraint "room_bans_room_id_user_id_unique" unique ("room_id", "user_id");`);

    this.addSql(`create table "join_requests" ("id" uuid not null, "room_id" uuid not null, "user_id" uuid not null, "message" varchar(500) null, "status" text check ("status" in ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED')) not null, "decided_by_id" uuid null, "created_at" timestamptz not null, "decided_at" timestamptz null, constraint "join_requests_pkey" primary key ("id"));`);
    this.addSql(`create index "join_requests_room_id_status_created_at_index" on "join_requests" ("room_id", "status", "created_at");`);
    this.addSql(`alter table "join_requests" add constraint "join_requests_room_id_user_id_unique" unique ("room_id", "user_id");`);

    this.addSql(`create table "invite_links" ("id" uuid not null, "code" varchar(32) not null, "room_id" uuid not null, "created_by_id" uuid null, "expires_at" timestamptz null, "uses_left" int null, "uses" int not null default 0, "revoked_at" timestamptz null, "created_at" timestamptz not null, constraint "invite_links_pkey" primary key ("id"));`);
    this.addSql(`alter table "invite_links" add constraint "invite_links_code_unique" unique ("code");`);
    this.addSql(`create index "invite_links_room_id_created_at_index" on "invite_links" ("room_id", "created_at");`);

    this.addSql(`create table "invitations" ("id" uuid not null, "room_id" uuid not null, "invitee_id" uuid not null, "inviter_id" uuid null, "status" text check ("status" in ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED')) not null, "created_at" timestamptz not null, "responded_at" timestamptz null, constraint "invitations_pkey" primary key ("id"));`);
    this.addSql(`create index "invitations_invitee_id_status_created_at_index" on "invitations" ("invitee_id", "status", "created_at");`);
    this.addSql(`alter table "invitations" add constraint "invitations_room_id_invitee_id_unique" unique ("room_id", "invitee_id");`);

    this.addSql(`create table "contact_requests" ("id" uuid not null, "from_user_id" uuid not null, "to_user_id" uuid not null, "status" text check ("status" in ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED')) not null, "created_at" timestamptz not null, "responded_at" timestamptz null, constraint "contact_requests_pkey" primary key ("id"));`);
    this.addSql(`create index "contact_requests_to_user_id_status_index" on "contact_requests" ("to_user_id", "status");`);
    this.addSql(`alter table "contact_requests" add constraint "contact_requests_from_user_id_to_user_id_unique" unique ("from_user_id", "to_user_id");`);

    this.addSql(`create table "contacts" ("id" uuid not null, "owner_id" uuid not null, "contact_id" uuid not null, "created_at" timestamptz not null, constraint "contacts_pkey" primary key ("id"));`);
    this.addSql(`create index "contacts_owner_id_created_at_index" on "contacts" ("owner_id", "created_at");`);
    this.addSql(`alter table "contacts" add constraint "contacts_owner_id_contact_id_unique" unique ("owner_id", "contact_id");`);

    this.addSql(`create table "user_blocks" ("id" uuid not null, "blocker_id" uuid not null, "blocked_id" uuid not null, "created_at" timestamptz not null, constraint "user_blocks_pkey" primary key ("id"));`);
    this.addSql(`create index "user_blocks_blocked_id_index" on "user_blocks" ("blocked_id");`);
    this.addSql(`alter table "user_blocks" add constraint "user_blocks_blocker_id_blocked_id_unique" unique ("blocker_id", "blocked_id");`);

    this.addSql(`alter table "room_bans" add constraint "room_bans_room_id_foreign" foreign key ("room_id") references "rooms" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "room_bans" add constraint "room_bans_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "room_bans" add constraint "room_bans_banned_by_id_foreign" foreign key ("banned_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "join_requests" add constraint "join_requests_room_id_foreign" foreign key ("room_id") references "rooms" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "join_requests" add constraint "join_requests_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "join_requests" add constraint "join_requests_decided_by_id_foreign" foreign key ("decided_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "invite_links" add constraint "invite_links_room_id_foreign" foreign key ("room_id") references "rooms" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "invite_links" add constraint "invite_links_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "invitations" add constraint "invitations_room_id_foreign" foreign key ("room_id") references "rooms" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "invitations" add constraint "invitations_invitee_id_foreign" foreign key ("invitee_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "invitations" add constraint "invitations_inviter_id_foreign" foreign key ("inviter_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "contact_requests" add constraint "contact_requests_from_user_id_foreign" foreign key ("from_user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_requests" add constraint "contact_requests_to_user_id_foreign" foreign key ("to_user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "contacts" add constraint "contacts_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contacts" add constraint "contacts_contact_id_foreign" foreign key ("contact_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "user_blocks" add constraint "user_blocks_blocker_id_foreign" foreign key ("blocker_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "user_blocks" add constraint "user_blocks_blocked_id_foreign" foreign key ("blocked_id") references "users" ("id") on update cascade on delete cascade;`);


    this.addSql(`alter table "users" add column "who_can_message_me" text check ("who_can_message_me" in ('EVERYONE', 'CONTACTS')) not null default 'EVERYONE';`);


    this.addSql(`alter table "rooms" add column "discoverable" boolean not null default false, add column "add_policy" text check ("add_policy" in ('ADD', 'INVITE')) not null default 'ADD', add column "password_hash" varchar(255) null;`);


    this.addSql(`alter table "memberships" add column "hidden_at_seq" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "room_bans" cascade;`);

    this.addSql(`drop table if exists "join_requests" cascade;`);

    this.addSql(`drop table if exists "invite_links" cascade;`);

    this.addSql(`drop table if exists "invitations" cascade;`);

    this.addSql(`drop table if exists "contact_requests" cascade;`);

    this.addSql(`drop table if exists "contacts" cascade;`);

    this.addSql(`drop table if exists "user_blocks" cascade;`);

    this.addSql(`alter table "memberships" drop column "hidden_at_seq";`);

    this.addSql(`create index "messages_body_trgm" on "messages" ("body");`);

    this.addSql(`alter table "rooms" drop column "discoverable", drop column "add_policy", drop column "password_hash";`);

    this.addSql(`create index "rooms_name_trgm" on "rooms" ("name");`);

    this.addSql(`alter table "users" drop column "who_can_message_me";`);

    this.addSql(`create index "users_display_name_trgm" on "users" ("display_name");`);
    this.addSql(`create index "users_email_trgm" on "users" ("email");`);
    this.addSql(`create index "users_username_lower_trgm" on "users" ("username_lower");`);
  }

}
