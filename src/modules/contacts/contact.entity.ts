import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../users/user.entity.js';

/** One side of an agreed contact: a pair of contacts is two rows, one per person, written together. */
@Entity({ tableName: 'contacts' })
@Unique({ properties: ['owner', 'contact'] })
@Index({ properties: ['owner', 'createdAt'] })
export class Contact {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  owner!: User;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  contact!: User;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}

export enum ContactRequestStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(ContactRequestStatus, {
  name: 'ContactRequestStatus',
  description: 'Where a contact request stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for the recipient.' },
    ACCEPTED: { description: 'The recipient accepted: the two are contacts.' },
    DECLINED: { description: 'The recipient declined.' },
    CANCELLED: { description: 'Withdrawn: the sender removed it, or one of them blocked the other.' },
  },
});

@ObjectType('ContactRequest', { description: 'A request from one person to another to become contacts; both sides see it while it is pending.' })
@Entity({ tableName: 'contact_requests' })
@Unique({ properties: ['fromUser', 'toUser'] })
@Index({ properties: ['toUser', 'status'] })
export class ContactRequest {
  @Field(() => ID, { description: 'Opaque, stable identifier.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  fromUser!: User;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  toUser!: User;

  @Field(() => ContactRequestStatus, { description: 'Pending, accepted, declined or cancelled.' })
  @Enum({ items: () => ContactRequestStatus })
  status!: ContactRequestStatus;

  @Field(() => Date, { description: 'When it was (last) sent.' })
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Field(() => Date, { nullable: true, description: 'When the recipient answered.' })
  @Property({ type: 'datetime', nullable: true })
  respondedAt?: Date | null;
}
