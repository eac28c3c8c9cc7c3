import { ViewerIndependent } from '../../common/viewer-scope.js';
import { Entity, Enum, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { WhoCanMessageMe } from '../contacts/message-privacy.js';

export enum Role {
  USER = 'USER',
  MODERATOR = 'MODERATOR',
  ADMIN = 'ADMIN',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'A global role. USER is everyone; MODERATOR may delete any message and ban users; ADMIN may also change roles.',
  valuesConfig: {
    USER: { description: 'An ordinary account.' },
    MODERATOR: { description: 'May delete any message, read the admin views, and ban or unban users.' },
    ADMIN: { description: 'Everything a moderator may do, and may change global roles.' },
  },
});

@ObjectType({ description: 'A person with a Parley account.' })
@Entity({ tableName: 'users' })
@Index({ properties: ['createdAt'] })
@Index({ properties: ['role'] })
export class User {
  @ViewerIndependent()
  @Field(() => ID, { description: 'Opaque, stable identifier.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Lower-cased on write; unique. Exposed through UserResolver only to the owner and admins. */
  @Property({ type: 'string', length: 254, unique: true })
  email!: string;

  @ViewerIndependent()
  @Field(() => String, { description: 'Unique handle, 3-32 characters of letters, digits, _ . and -. Unique regardless of case.' })
  @Property({ type: 'string', length: 32 })
  username!: string;

  /** Lower-cased username, for case-insensitive uniqueness and search. */
  @Property({ type: 'string', length: 32, unique: true, hidden: true })
  usernameLower!: string;

  @Property({ type: 'string', length: 255, hidden: true, lazy: true })
  passwordHash!: string;

  @ViewerIndependent()
  @Field(() => String, { nullable: true, description: 'Name shown in the UI; falls back to username when empty.' })
  @Property({ type: 'string', length: 64, nullable: true })
  displayName?: string | null;

  @ViewerIndependent()
  @Field(() => Role, { description: 'Global role.' })
  @Enum({ items: () => Role, default: Role.USER })
  role: Role & Opt = Role.USER;

  @ViewerIndependent()
  @Field(() => Boolean, { description: 'True while the user holds at least one live connection (or, without sockets, an active session).' })
  @Property({ type: 'boolean', default: false })
  isOnline: boolean & Opt = false;

  @ViewerIndependent()
  @Field(() => Date, { nullable: true, description: 'When the user was last seen active (updated at most once a minute).' })
  @Property({ type: 'datetime', nullable: true })
  lastSeenAt?: Date | null;

  /** Set when an admin or moderator bans the user; login is refused while set. */
  @Property({ type: 'datetime', nullable: true })
  bannedAt?: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  banReason?: string | null;

  /** False when the user turned read receipts off: theirs are not shown, and they see nobody's. */
  @Property({ type: 'boolean', default: true })
  shareReadReceipts: boolean & Opt = true;

  /** Privacy: who may open a direct room with this user. A field only for the user themself (UserPrivacyResolver). */
  @Enum({ items: () => WhoCanMessageMe, default: WhoCanMessageMe.EVERYONE })
  whoCanMessageMe: WhoCanMessageMe & Opt = WhoCanMessageMe.EVERYONE;

  @ViewerIndependent()
  @Field(() => Date, { description: 'When the account was created.' })
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
