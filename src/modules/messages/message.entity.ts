import { ViewerIndependent } from '../../common/viewer-scope.js';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

/** emoji -> ids of the users who reacted with it. */
export type ReactionMap = Record<string, string[]>;

@ObjectType({ description: 'A chat message. Visible to members of its room.' })
@Entity({ tableName: 'messages' })
@Unique({ properties: ['room', 'seq'] })
@Unique({ properties: ['room', 'sender', 'clientId'] })
@Index({ properties: ['sender', 'createdAt'] })
@Index({ properties: ['room', 'createdAt'] })
@Index({ properties: ['createdAt'] })
export class Message {
  @ViewerIndependent()
  @Field(() => ID, { description: 'Opaque, stable identifier.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Room, { deleteRule: 'cascade' })
  room!: Room;

  /** Null once the sender deleted their account. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  sender?: User | null;

  @ViewerIndependent()
  @Field(() => Int, { description: "Position in the room's event log; messages are ordered by it." })
  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'text' })
  body!: string;

  @ViewerIndependent()
  @Field(() => String, { nullable: true, description: "The sender's idempotency key, as sent to sendMessage." })
  @Property({ type: 'string', length: 64, nullable: true })
  clientId?: string | null;

  /** True when the profanity filter masked part of the body. */
  @Property({ type: 'boolean', default: false })
  filtered: boolean & Opt = false;

  @ViewerIndependent()
  @Field(() => Date, { description: 'When the server accepted the message.' })
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @ViewerIndependent()
  @Field(() => Date, { nullable: true, description: 'When the body was last edited, if ever.' })
  @Property({ type: 'datetime', nullable: true })
  editedAt?: Date | null;

  @ViewerIndependent()
  @Field(() => Date, { nullable: true, description: 'When the message was deleted; a deleted message keeps its place but its body is empty.' })
  @Property({ type: 'datetime', nullable: true })
  deletedAt?: Date | null;

  @Property({ type: 'json' })
  reactions: ReactionMap & Opt = {};
}
