import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

export enum InviteLinkChange {
  CREATED = 'CREATED',
  USED = 'USED',
  USED_UP = 'USED_UP',
  REVOKED = 'REVOKED',
}

registerEnumType(InviteLinkChange, {
  name: 'InviteLinkChange',
  description: 'What happened to an invite link (InviteLinkChanged).',
  valuesConfig: {
    CREATED: { description: 'An owner or admin made it.' },
    USED: { description: 'Someone joined through it; it still works.' },
    USED_UP: { description: 'Someone joined through it and that was its last use: it no longer works.' },
    REVOKED: { description: 'An owner or admin revoked it: it no longer works.' },
  },
});

/** A shareable link into a room: whoever has its code may join, until it expires, runs out of uses or is revoked. */
@ObjectType('InviteLink', { description: "A shareable link into a group or public room: whoever has it joins with joinByInvite(code) until it expires, is used up or is revoked. Visible to the room's OWNER and ADMINs." })
@Entity({ tableName: 'invite_links' })
@Index({ properties: ['room', 'createdAt'] })
export class InviteLink {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The secret in the link: 22 url-safe characters (128 random bits). */
  @Field(() => String, { description: 'The secret code: pass it to joinByInvite. Anyone holding it may join, so share it with care.' })
  @Property({ type: 'string', length: 32, unique: true })
  code!: string;

  @ManyToOne(() => Room, { deleteRule: 'cascade' })
  room!: Room;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: User | null;

  @Field(() => Date, { nullable: true, description: 'When the link stops working; null for never.' })
  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  /** Null: unlimited. Counted down atomically by each join. */
  @Field(() => Int, { nullable: true, description: 'Joins left before the link is used up; null for unlimited.' })
  @Property({ type: 'integer', nullable: true })
  usesLeft?: number | null;

  @Field(() => Int, { description: 'How many people joined through it.' })
  @Property({ type: 'integer', default: 0 })
  uses: number & Opt = 0;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  @Field(() => Date, { description: 'When it was made.' })
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
