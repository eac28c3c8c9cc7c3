import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { RoomRecord } from '../rooms/room-record.entity.js';
import { User } from '../users/user.entity.js';

export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(InvitationStatus, {
  name: 'InvitationStatus',
  description: 'Where a personal invitation (or a join request) stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for an answer.' },
    ACCEPTED: { description: 'Accepted (or approved): the user joined the room.' },
    DECLINED: { description: 'Declined (or rejected).' },
    CANCELLED: { description: 'No longer applies: withdrawn by the inviter or a room manager (cancelInvitation), or the user was banned or joined another way.' },
  },
});

/** A personal invitation into a room, which the invitee accepts or declines. One row per (room, invitee); re-inviting renews it. */
@ObjectType('Invitation', { description: 'A personal invitation into a room. The invitee sees it in `invitations` and answers it; the room OWNER and ADMINs see pending ones in `Room.pendingInvitations`.' })
@Entity({ tableName: 'invitations' })
@Unique({ properties: ['room', 'invitee'] })
@Index({ properties: ['invitee', 'status', 'createdAt'] })
export class Invitation extends RoomRecord {
  @Field(() => ID, { description: 'Opaque, stable identifier.' })
  override id!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  invitee!: User;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  inviter?: User | null;

  @Field(() => InvitationStatus, { description: 'Pending, accepted, declined or cancelled.' })
  @Enum({ items: () => InvitationStatus })
  status!: InvitationStatus;

  @Field(() => Date, { description: 'When it was (last) sent.' })
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Field(() => Date, { nullable: true, description: 'When it was answered or cancelled.' })
  @Property({ type: 'datetime', nullable: true })
  respondedAt?: Date | null;
}

/** A request to join a discoverable group, which the room OWNER or an ADMIN approves or rejects. One row per (room, user). */
@ObjectType('JoinRequest', { description: 'A request to join a discoverable group. The requester sees it on the room (`Room.myJoinRequest`); the room OWNER and ADMINs see pending ones in `Room.joinRequests`.' })
@Entity({ tableName: 'join_requests' })
@Unique({ properties: ['room', 'user'] })
@Index({ properties: ['room', 'status', 'createdAt'] })
export class JoinRequest extends RoomRecord {
  @Field(() => ID, { description: 'Opaque, stable identifier.' })
  override id!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Field(() => String, { nullable: true, description: 'What the requester wrote (up to 500 characters).' })
  @Property({ type: 'string', length: 500, nullable: true })
  message?: string | null;

  @Field(() => InvitationStatus, { description: 'PENDING, ACCEPTED (approved), DECLINED (rejected) or CANCELLED.' })
  @Enum({ items: () => InvitationStatus })
  status!: InvitationStatus;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  decidedBy?: User | null;

  @Field(() => Date, { description: 'When it was (last) made.' })
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Field(() => Date, { nullable: true, description: 'When it was approved, rejected or cancelled.' })
  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;
}
