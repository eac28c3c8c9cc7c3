import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

/** A shareable link into a room: whoever has its code may join, until it expires, runs out of uses or is revoked. */
@Entity({ tableName: 'invite_links' })
@Index({ properties: ['room', 'createdAt'] })
export class InviteLink {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The secret in the link: 22 url-safe characters (128 random bits). */
  @Property({ type: 'string', length: 32, unique: true })
  code!: string;

  @ManyToOne(() => Room, { deleteRule: 'cascade' })
  room!: Room;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: User | null;

  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  /** Null: unlimited. Counted down atomically by each join. */
  @Property({ type: 'integer', nullable: true })
  usesLeft?: number | null;

  @Property({ type: 'integer', default: 0 })
  uses: number & Opt = 0;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
