import { Entity, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { Message } from '../messages/message.entity.js';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

/**
 * One member mentioned by one message (`@username`, or everyone through `@room`). Written with the message (at send
 * and at each edit), in the same statement or transaction. `seq` is the message's, so unread mentions compare it with
 * the member's read marker without a join to messages.
 */
@Entity({ tableName: 'mentions' })
@Index({ properties: ['room'] })
@Index({ properties: ['user', 'createdAt'] })
@Index({ properties: ['user', 'room', 'seq'] })
export class Mention {
  @ManyToOne(() => Message, { primary: true, deleteRule: 'cascade' })
  message!: Message;

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user!: User;

  @ManyToOne(() => Room, { deleteRule: 'cascade' })
  room!: Room;

  @Property({ type: 'integer' })
  seq!: number;

  /** True when the user was mentioned only through `@room`. */
  @Property({ type: 'boolean', default: false })
  viaRoom: boolean & Opt = false;

  /** The message's time: the mentions list is ordered by it. */
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
