import { ViewerIndependent } from '../../common/viewer-scope.js';
import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../users/user.entity.js';
import { Membership } from './membership.entity.js';

export enum RoomKind {
  DIRECT = 'DIRECT',
  GROUP = 'GROUP',
  PUBLIC = 'PUBLIC',
}

registerEnumType(RoomKind, {
  name: 'RoomKind',
  description: 'What sort of room this is, which decides who may join and who manages members.',
  valuesConfig: {
    DIRECT: { description: 'A one-to-one conversation. Exactly one exists per pair of users; it has no member management.' },
    GROUP: { description: 'A private group. Its owner and admins add and remove members.' },
    PUBLIC: { description: 'A room anyone signed in can find with publicRooms and join.' },
  },
});

/** How a room's OWNER and ADMINs bring people in. */
export enum AddPolicy {
  ADD = 'ADD',
  INVITE = 'INVITE',
}

registerEnumType(AddPolicy, {
  name: 'AddPolicy',
  description: "How a room's OWNER and ADMINs bring people in.",
  valuesConfig: {
    ADD: { description: 'addMembers adds people at once (they may leave).' },
    INVITE: { description: 'People are invited (inviteToRoom) and join only if they accept; addMembers is refused.' },
  },
});

@ObjectType({ description: 'A conversation: direct, group or public. Visible only to its members (public rooms also to anyone via publicRooms).' })
@Entity({ tableName: 'rooms' })
@Index({ properties: ['kind', 'lastActivityAt'] })
@Index({ properties: ['lastActivityAt'] })
export class Room {
  @ViewerIndependent()
  @Field(() => ID, { description: 'Opaque, stable identifier.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ViewerIndependent()
  @Field(() => RoomKind, { description: 'Direct, group or public.' })
  @Enum({ items: () => RoomKind })
  kind!: RoomKind;

  @ViewerIndependent()
  @Field(() => String, { nullable: true, description: 'Room name (1-80 characters). Null for direct rooms: show the other person instead.' })
  @Property({ type: 'string', length: 80, nullable: true })
  name?: string | null;

  @ViewerIndependent()
  @Field(() => String, { nullable: true, description: 'Optional description, up to 500 characters.' })
  @Property({ type: 'string', length: 500, nullable: true })
  description?: string | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: User | null;

  @ViewerIndependent()
  @Field(() => Int, { description: 'The seq of the latest event in this room (0 when none). Use it as afterSeq to resume roomEvents.' })
  @Property({ type: 'integer', default: 0 })
  lastSeq: number & Opt = 0;

  @ViewerIndependent()
  @Field(() => Date, { description: 'When anything last happened in the room; rooms lists are ordered by it, newest first.' })
  @Property({ type: 'datetime' })
  lastActivityAt: Date & Opt = new Date();

  /** For DIRECT rooms: the two user ids, sorted and joined. Unique, so a duplicate pair is impossible even under races. */
  @Property({ type: 'string', length: 80, nullable: true, unique: true, hidden: true })
  directKey?: string | null;

  @ViewerIndependent()
  @Field(() => Date, { description: 'When the room was created.' })
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  @ViewerIndependent()
  @Field(() => Boolean, { description: 'For groups: listed in publicRooms, where people may ask to join (requestToJoin). Always false for other rooms.' })
  @Property({ type: 'boolean', default: false })
  discoverable: boolean & Opt = false;

  @ViewerIndependent()
  @Field(() => AddPolicy, { description: 'Whether OWNER and ADMINs add people directly or invite them.' })
  @Enum({ items: () => AddPolicy, default: AddPolicy.ADD })
  addPolicy: AddPolicy & Opt = AddPolicy.ADD;

  /** argon2id hash of a public room's join password; never a field (see Room.hasPassword). */
  @Property({ type: 'string', length: 255, nullable: true, hidden: true })
  passwordHash?: string | null;

  /** Inverse side only (no column): lets queries join a room to its members. */
  @OneToMany(() => Membership, (m) => m.room)
  memberships = new Collection<Membership>(this);
}
