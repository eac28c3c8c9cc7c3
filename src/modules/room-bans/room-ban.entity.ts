import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

/** A room's block-list entry: the user may not come back (join, invite, link, add, request) until unbanned. */
@ObjectType('RoomBan', { description: 'A user banned from one room: removed from it and kept out until unbanned. Visible to the room OWNER and ADMINs.' })
@Entity({ tableName: 'room_bans' })
@Unique({ properties: ['room', 'user'] })
@Index({ properties: ['user'] })
export class RoomBan {
  @Field(() => ID, { description: 'Opaque, stable identifier.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Room, { deleteRule: 'cascade' })
  room!: Room;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  bannedBy?: User | null;

  @Field(() => String, { nullable: true, description: 'Why, as the person who banned them wrote it (up to 500 characters).' })
  @Property({ type: 'string', length: 500, nullable: true })
  reason?: string | null;

  @Field(() => Date, { description: 'When the ban was made.' })
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
