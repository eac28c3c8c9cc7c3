import { ManyToOne, PrimaryKey } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Room } from './room.entity.js';

/**
 * The columns rows about one person in one room (invitations, join requests, room bans) share: an id, and the room,
 * which takes them with it when deleted. A base class, not an entity: no table of its own, and each subclass's table
 * keeps exactly the columns it had (MikroORM copies these properties into each entity's metadata). GraphQL fields
 * stay on the subclasses (TypeGraphQL inherits fields only from a base that is itself an object type in the schema).
 */
export abstract class RoomRecord {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Room, { deleteRule: 'cascade' })
  room!: Room;
}
