import { Migration } from '@mikro-orm/migrations';

/** adminMessages(filter: { roomId }) pages a room's messages by time: without this index it sorts the whole room. */
export class Migration20261121061500_message_room_time extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "messages_room_id_created_at_index" on "messages" ("room_id", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "messages_room_id_created_at_index";`);
  }
}
