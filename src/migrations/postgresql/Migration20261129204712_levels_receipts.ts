import { Migration } from '@mikro-orm/migrations';

/** Notification levels on memberships (null: the room kind's default) and the read-receipt switch on users. */
export class Migration20261129204712_levels_receipts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "memberships" add column "notification_level" text check ("notification_level" in ('ALL', 'MENTIONS', 'NONE')) null;`);
    this.addSql(`alter table "users" add column "share_read_receipts" boolean not null default true;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "memberships" drop column "notification_level";`);
    this.addSql(`alter table "users" drop column "share_read_receipts";`);
  }
}
