import { Migration } from '@mikro-orm/migrations';

export class Migration20261121050823_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`users\` (\`id\` text not null, \`email\` text not null, \`username\` text not null, \`username_lower\` text not null, \`password_hash\` text not null, \`display_name\` text null, \`role\` text check (\`role\` in ('USER', 'MODERATOR', 'ADMIN')) not null default 'USER', \`is_online\` integer not null default false, \`last_seen_at\` datetime null, \`banned_at\` datetime null, \`ban_reason\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);
    this.addSql(`create unique index \`users_username_lower_unique\` on \`users\` (\`username_lower\`);`);
    this.addSql(`create index \`users_role_index\` on \`users\` (\`role\`);`);
    this.addSql(`create index \`users_created_at_index\` on \`users\` (\`created_at\`);`);

    this.addSql(`create table \`sessions\` (\`id\` text not null, \`user_id\` text not null, \`refresh_token_hash\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`revoked_at\` datetime null, \`revoked_reason\` text null, \`last_used_at\` datetime null, \`user_agent\` text null, \`ip\` text null, constraint \`sessions_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`sessions_user_id_index\` on \`sessions\` (\`user_id\`);`);
    this.addSql(`create index \`sessions_user_id_revoked_at_index\` on \`sessions\` (\`user_id\`, \`revoked_at\`);`);

    this.addSql(`create table \`rooms\` (\`id\` text not null, \`kind\` text check (\`kind\` in ('DIRECT', 'GROUP', 'PUBLIC')) not null, \`name\` text null, \`description\` text null, \`created_by_id\` text null, \`last_seq\` integer not null default 0, \`last_activity_at\` datetime not null, \`direct_key\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`rooms_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`rooms_created_by_id_index\` on \`rooms\` (\`created_by_id\`);`);
    this.addSql(`create unique index \`rooms_direct_key_unique\` on \`rooms\` (\`direct_key\`);`);
    this.addSql(`create index \`rooms_last_activity_at_index\` on \`rooms\` (\`last_activity_at\`);`);
    this.addSql(`create index \`rooms_kind_last_activity_at_index\` on \`rooms\` (\`kind\`, \`last_activity_at\`);`);

    this.addSql(`create table \`room_events\` (\`id\` text not null, \`room_id\` text not null, \`seq\` integer not null, \`type\` text not null, \`payload\` json not null, \`created_at\` datetime not null, constraint \`room_events_room_id_foreign\` foreign key(\`room_id\`) references \`rooms\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`room_events_room_id_index\` on \`room_events\` (\`room_id\`);`);
    this.addSql(`create unique index \`room_events_room_id_seq_unique\` on \`room_events\` (\`room_id\`, \`seq\`);`);

    this.addSql(`create table \`password_resets\` (\`id\` text not null, \`user_id\` text not null, \`token_hash\` text not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`created_at\` datetime not null, constraint \`password_resets_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`password_resets_user_id_index\` on \`password_resets\` (\`user_id\`);`);
    this.addSql(`create unique index \`password_resets_token_hash_unique\` on \`password_resets\` (\`token_hash\`);`);

    this.addSql(`create table \`messages\` (\`id\` text not null, \`room_id\` text not null, \`sender_id\` text null, \`seq\` integer not null, \`body\` text not null, \`client_id\` text null, \`filtered\` integer not null default false, \`created_at\` datetime not null, \`edited_at\` datetime null, \`deleted_at\` datetime null, \`reactions\` json not null, constraint \`messages_room_id_foreign\` foreign key(\`room_id\`) references \`rooms\`(\`id\`) on delete cascade on update cascade, constraint \`messages_sender_id_foreign\` foreign key(\`sender_id\`) references \`users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`messages_room_id_index\` on \`messages\` (\`room_id\`);`);
    this.addSql(`create index \`messages_sender_id_index\` on \`messages\` (\`sender_id\`);`);
    this.addSql(`create index \`messages_created_at_index\` on \`messages\` (\`created_at\`);`);
    this.addSql(`create index \`messages_sender_id_created_at_index\` on \`messages\` (\`sender_id\`, \`created_at\`);`);
    this.addSql(`create unique index \`messages_room_id_sender_id_client_id_unique\` on \`messages\` (\`room_id\`, \`sender_id\`, \`client_id\`);`);
    this.addSql(`create unique index \`messages_room_id_seq_unique\` on \`messages\` (\`room_id\`, \`seq\`);`);

    this.addSql(`create table \`memberships\` (\`id\` text not null, \`room_id\` text not null, \`user_id\` text not null, \`role\` text check (\`role\` in ('OWNER', 'ADMIN', 'MEMBER')) not null default 'MEMBER', \`joined_at\` datetime not null, \`last_read_seq\` integer not null default 0, constraint \`memberships_room_id_foreign\` foreign key(\`room_id\`) references \`rooms\`(\`id\`) on delete cascade on update cascade, constraint \`memberships_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`memberships_room_id_index\` on \`memberships\` (\`room_id\`);`);
    this.addSql(`create index \`memberships_user_id_index\` on \`memberships\` (\`user_id\`);`);
    this.addSql(`create index \`memberships_user_id_room_id_index\` on \`memberships\` (\`user_id\`, \`room_id\`);`);
    this.addSql(`create unique index \`memberships_room_id_user_id_unique\` on \`memberships\` (\`room_id\`, \`user_id\`);`);

    this.addSql(`create table \`audit_events\` (\`id\` text not null, \`actor_id\` text null, \`action\` text not null, \`target_type\` text null, \`target_id\` text null, \`metadata\` json null, \`ip\` text null, \`created_at\` datetime not null, constraint \`audit_events_actor_id_foreign\` foreign key(\`actor_id\`) references \`users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`audit_events_actor_id_index\` on \`audit_events\` (\`actor_id\`);`);
    this.addSql(`create index \`audit_events_target_id_created_at_index\` on \`audit_events\` (\`target_id\`, \`created_at\`);`);
    this.addSql(`create index \`audit_events_actor_id_created_at_index\` on \`audit_events\` (\`actor_id\`, \`created_at\`);`);
    this.addSql(`create index \`audit_events_action_created_at_index\` on \`audit_events\` (\`action\`, \`created_at\`);`);
    this.addSql(`create index \`audit_events_created_at_index\` on \`audit_events\` (\`created_at\`);`);
  }

}
