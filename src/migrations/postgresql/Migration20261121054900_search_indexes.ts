import { Migration } from '@mikro-orm/migrations';

/**
 * Trigram indexes for the case-insensitive infix searches (users(search), publicRooms(search), the admin
 * filters over users, rooms and message bodies): without them each search scans its whole table.
 * gin_trgm_ops serves LIKE and ILIKE alike on the plain column. PostgreSQL only; SQLite's LIKE cannot use an index for '%term%' anyway. Entities cannot express these,
 * so scripts/create-migration.ts keeps generated migrations from dropping the *_trgm indexes.
 */
export class Migration20261121054900_search_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create index if not exists "users_username_lower_trgm" on "users" using gin ("username_lower" gin_trgm_ops);`);
    this.addSql(`create index if not exists "users_display_name_trgm" on "users" using gin ("display_name" gin_trgm_ops);`);
    this.addSql(`create index if not exists "users_email_trgm" on "users" using gin ("email" gin_trgm_ops);`);
    this.addSql(`create index if not exists "rooms_name_trgm" on "rooms" using gin ("name" gin_trgm_ops);`);
    this.addSql(`create index if not exists "messages_body_trgm" on "messages" using gin ("body" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    for (const name of ['users_username_lower_trgm', 'users_display_name_trgm', 'users_email_trgm', 'rooms_name_trgm', 'messages_body_trgm']) {
      this.addSql(`drop index if exists "${name}";`);
    }
  }
}
