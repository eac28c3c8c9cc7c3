import { Migration } from '@mikro-orm/migrations';

export class Migration20261129202016_people extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`room_bans\` (\`id\` text not null, \`room_id\` text not null, \`user_id\` text not null, \`banned_by_id\` text null, \`reason\` text null, \`created_at\` datetime not null, constraint \`room_bans_room_id_foreign\` foreign key(\`room_id\`) references \`rooms\`(\`id\`) on delete cascade on update cascade, constraint \`room_bans_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`room_bans_banned_by_id_foreign\` foreign key(\`banned_by_id\`) references \`users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`room_bans_room_id_index\` on \`room_bans\` (\`room_id\`);`);
    this.addSql(`create index \`room_bans_banned_by_id_index\` on \`room_bans\` (\`banned_by_id\`);`);
    this.addSql(`create index \`room_bans_user_id_index\` on \`room_bans\` (\`user_id\`);`);
    this.addSql(`create unique index \`room_bans_room_id_user_id_unique\` on \`room_bans\` (\`room_id\`, \`user_id\`);`);

    this.addSql(`create table \`join_requests\` (\`id\` text not null, \`room_id\` text not null, \`user_id\` text not null, \`message\` text null, \`status\` text check (\`status\` in ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED')) not null, \`decided_by_id\` text null, \`created_at\` datetime not null, \`decided_at\` datetime null, constraint \`join_requests_room_id_foreign\` foreign key(\`room_id\`) references \`rooms\`(\`id\`) on delete cascade on update cascade, constraint \`join_requests_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`join_requests_decided_by_id_foreign\` foreign key(\`decided_by_id\`) references \`users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`join_requests_room_id_index\` on \`join_requests\` (\`room_id\`);`);
    this.addSql(`create index \`join_requests_user_id_index\` on \`join_requests\` (\`user_id\`);`);
    this.addSql(`create index \`join_requests_decided_by_id_index\` on \`join_requests\` (\`decided_by_id\`);`);
    this.addSql(`create index \`join_requests_room_id_status_created_at_index\` on \`join_requests\` (\`room_id\`, \`status\`, \`created_at\`);`);
    this.addSql(`create unique index \`join_requests_room_id_user_id_unique\` on \`join_requests\` (\`room_id\`, \`user_id\`);`);

    this.addSql(`create table \`invite_links\` (\`id\` text not null, \`code\` text not null, \`room_id\` text not null, \`created_by_id\` text null, \`expires_at\` datetime null, \`uses_left\` integer null, \`uses\` integer not null default 0, \`revoked_at\` datetime null, \`created_at\` datetime not null, constraint \`invite_links_room_id_foreign\` foreign key(\`room_id\`) references \`rooms\`(\`id\`) on delete cascade on update cascade, constraint \`invite_links_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`invite_links_code_unique\` on \`invite_links\` (\`code\`);`);
    this.addSql(`create index \`invite_links_room_id_index\` on \`invite_links\` (\`room_id\`);`);
    this.addSql(`create index \`invite_links_created_by_id_index\` on \`invite_links\` (\`created_by_id\`);`);
    this.addSql(`create index \`invite_links_room_id_created_at_index\` on \`invite_links\` (\`room_id\`, \`created_at\`);`);

    this.addSql(`create table \`invitations\` (\`id\` text not null, \`room_id\` text not null, \`invitee_id\` text not null, \`inviter_id\` text null, \`status\` text check (\`status\` in ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED')) not null, \`created_at\` datetime not null, \`responded_at\` datetime null, constraint \`invitations_room_id_foreign\` foreign key(\`room_id\`) references \`rooms\`(\`id\`) on delete cascade on update cascade, constraint \`invitations_invitee_id_foreign\` foreign key(\`invitee_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`invitations_inviter_id_foreign\` foreign key(\`inviter_id\`) references \`users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`invitations_room_id_index\` on \`invitations\` (\`room_id\`);`);
    this.addSql(`create index \`invitations_invitee_id_index\` on \`invitations\` (\`invitee_id\`);`);
    this.addSql(`create index \`invitations_inviter_id_index\` on \`invitations\` (\`inviter_id\`);`);
    this.addSql(`create index \`invitations_invitee_id_status_created_at_index\` on \`invitations\` (\`invitee_id\`, \`status\`, \`created_at\`);`);
    this.addSql(`create unique index \`invitations_room_id_invitee_id_unique\` on \`invitations\` (\`room_id\`, \`invitee_id\`);`);

    this.addSql(`create table \`contact_requests\` (\`id\` text not null, \`from_user_id\` text not null, \`to_user_id\` text not null, \`status\` text check (\`status\` in ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED')) not null, \`created_at\` datetime not null, \`responded_at\` datetime null, constraint \`contact_requests_from_user_id_foreign\` foreign key(\`from_user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`contact_requests_to_user_id_foreign\` foreign key(\`to_user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`contact_requests_from_user_id_index\` on \`contact_requests\` (\`from_user_id\`);`);
    this.addSql(`create index \`contact_requests_to_user_id_index\` on \`contact_requests\` (\`to_user_id\`);`);
    this.addSql(`create index \`contact_requests_to_user_id_status_index\` on \`contact_requests\` (\`to_user_id\`, \`status\`);`);
    this.addSql(`create unique index \`contact_requests_from_user_id_to_user_id_unique\` on \`contact_requests\` (\`from_user_id\`, \`to_user_id\`);`);

    this.addSql(`create table \`contacts\` (\`id\` text not null, \`owner_id\` text not null, \`contact_id\` text not null, \`created_at\` datetime not null, constraint \`contacts_owner_id_foreign\` foreign key(\`owner_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`contacts_contact_id_foreign\` foreign key(\`contact_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`contacts_owner_id_index\` on \`contacts\` (\`owner_id\`);`);
    this.addSql(`create index \`contacts_contact_id_index\` on \`contacts\` (\`contact_id\`);`);
    this.addSql(`create index \`contacts_owner_id_created_at_index\` on \`contacts\` (\`owner_id\`, \`created_at\`);`);
    this.addSql(`create unique index \`contacts_owner_id_contact_id_unique\` on \`contacts\` (\`owner_id\`, \`contact_id\`);`);

    this.addSql(`create table \`user_blocks\` (\`id\` text not null, \`blocker_id\` text not null, \`blocked_id\` text not null, \`created_at\` datetime not null, constraint \`user_blocks_blocker_id_foreign\` foreign key(\`blocker_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`user_blocks_blocked_id_foreign\` foreign key(\`blocked_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`user_blocks_blocker_id_index\` on \`user_blocks\` (\`blocker_id\`);`);
    this.addSql(`create index \`user_blocks_blocked_id_index\` on \`user_blocks\` (\`blocked_id\`);`);
    this.addSql(`create unique index \`user_blocks_blocker_id_blocked_id_unique\` on \`user_blocks\` (\`blocker_id\`, \`blocked_id\`);`);

    this.addSql(`alter table \`users\` add column \`who_can_message_me\` text check (\`who_can_message_me\` in ('EVERYONE', 'CONTACTS')) not null default 'EVERYONE';`);

    this.addSql(`alter table \`rooms\` add column \`discoverable\` integer not null default false;`);
    this.addSql(`alter table \`rooms\` add column \`add_policy\` text check (\`add_policy\` in ('ADD', 'INVITE')) not null default 'ADD';`);
    this.addSql(`alter table \`rooms\` add column \`password_hash\` text null;`);

    this.addSql(`alter table \`memberships\` add column \`hidden_at_seq\` integer null;`);
  }

}
