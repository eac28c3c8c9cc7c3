import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users/user.entity.js';

/** One person blocking another. Private: only the blocker ever reads it. */
@Entity({ tableName: 'user_blocks' })
@Unique({ properties: ['blocker', 'blocked'] })
@Index({ properties: ['blocked'] })
export class UserBlock {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  blocker!: User;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  blocked!: User;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
