import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../users/user.entity.js';
import { NotificationLevel } from './notification-level.js';
import { Room } from './room.entity.js';

export enum MemberRole {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
}

registerEnumType(MemberRole, {
  name: 'MemberRole',
  description: "A member's role within one room.",
  valuesConfig: {
    OWNER: { description: 'Created the room or was handed it: manages members and roles, may update and delete the room.' },
    ADMIN: { description: 'Manages members (adds, removes MEMBERs) and may delete any message in the room.' },
    MEMBER: { description: 'Reads and writes messages.' },
  },
});

@ObjectType('Member', { description: "A user's membership in a room." })
@Entity({ tableName: 'memberships' })
@Unique({ properties: ['room', 'user'] })
@Index({ properties: ['user', 'room'] })
export class Membership {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Room, { deleteRule: 'cascade' })
  room!: Rel<Room>; // Rel<>: Room and Membership import each other, so no runtime type metadata here

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Field(() => MemberRole, { description: 'Role in this room.' })
  @Enum({ items: () => MemberRole, default: MemberRole.MEMBER })
  role: MemberRole & Opt = MemberRole.MEMBER;

  @Field(() => Date, { description: 'When the user joined (or was added to) the room.' })
  @Property({ type: 'datetime' })
  joinedAt: Date & Opt = new Date();

  @Field(() => Int, { description: 'The highest seq this member has marked read.' })
  @Property({ type: 'integer', default: 0 })
  lastReadSeq: number & Opt = 0;

  /** The member's choice; null means the room kind's default (see defaultNotificationLevel). */
  @Enum({ items: () => NotificationLevel, nullable: true })
  notificationLevel?: NotificationLevel | null;

  /** hideRoom: the room's seq when this member hid it; off their list until a message above it arrives. */
  @Property({ type: 'integer', nullable: true })
  hiddenAtSeq?: number | null;
}
