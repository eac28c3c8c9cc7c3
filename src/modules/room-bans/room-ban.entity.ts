import { Entity, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { RoomRecord } from '../rooms/room-record.entity.js';
import { User } from '../users/user.entity.js';

/** A room's block-list entry: the user may not come back (join, invite, link, add, request) until unbanned. */
@ObjectType('RoomBan', { description: 'A user banned from one room: removed from it and kept out until unbanned. Visible to the room OWNER and ADMINs.' })
@Entity({ tableName: 'room_bans' })
@Unique({ properties: ['room', 'user'] })
@Index({ properties: ['user'] })
export class RoomBan extends RoomRecord {
  @Field(() => ID, { description: 'Opaque, stable identifier.' })
  override id!: string;

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
