import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity.js';

export const AUDIT_ACTIONS = [
  'USER_REGISTERED',
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'LOGOUT',
  'TOKEN_REUSE_DETECTED',
  'PASSWORD_CHANGED',
  'PASSWORD_RESET_REQUESTED',
  'PASSWORD_RESET',
  'PROFILE_UPDATED',
  'ACCOUNT_DELETED',
  'ROOM_CREATED',
  'ROOM_UPDATED',
  'ROOM_DELETED',
  'MEMBER_ADDED',
  'MEMBER_JOINED',
  'MEMBER_REMOVED',
  'MEMBER_LEFT',
  'MEMBER_ROLE_CHANGED',
  'MESSAGE_DELETED_BY_MODERATOR',
  'MESSAGE_FILTERED',
  'USER_ROLE_CHANGED',
  'USER_BANNED',
  'USER_UNBANNED',
  'MEMBER_BANNED',
  'MEMBER_UNBANNED',
  'USER_BLOCKED',
  'USER_UNBLOCKED',
  'INVITE_LINK_CREATED',
  'INVITE_LINK_REVOKED',
  'INVITATION_SENT',
  'INVITATION_ACCEPTED',
  'INVITATION_DECLINED',
  'INVITATION_CANCELLED',
  'JOIN_REQUESTED',
  'JOIN_REQUEST_APPROVED',
  'JOIN_REQUEST_REJECTED',
  'ROOM_PASSWORD_FAILED',
  'CONTACT_REQUEST_SENT',
  'CONTACT_REQUEST_ACCEPTED',
  'CONTACT_REQUEST_DECLINED',
  'CONTACT_REMOVED',
  'ROOM_HIDDEN',
  'SESSION_REVOKED',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

@ObjectType({ description: 'One entry of the audit log: who did what to whom, and when. Readable by ADMIN and MODERATOR.' })
@Entity({ tableName: 'audit_events' })
@Index({ properties: ['createdAt'] })
@Index({ properties: ['action', 'createdAt'] })
@Index({ properties: ['actor', 'createdAt'] })
@Index({ properties: ['targetId', 'createdAt'] })
export class AuditEvent {
  @Field(() => ID, { description: 'Opaque, stable identifier.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Who acted; null for anonymous actions (a failed login for an unknown name) or deleted users. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  actor?: User | null;

  @Field(() => String, { description: 'What happened, e.g. LOGIN_SUCCEEDED, USER_BANNED, MESSAGE_FILTERED.' })
  @Property({ type: 'string', length: 48 })
  action!: AuditAction;

  @Field(() => String, { nullable: true, description: 'Kind of the thing acted on: USER, ROOM or MESSAGE.' })
  @Property({ type: 'string', length: 16, nullable: true })
  targetType?: string | null;

  @Field(() => ID, { nullable: true, description: 'Id of the thing acted on.' })
  @Property({ type: 'string', length: 64, nullable: true })
  targetId?: string | null;

  /** Extra facts (never secrets): reason, role changes, the identifier tried in a failed login. */
  @Property({ type: 'json', nullable: true })
  metadata?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Client IP address, when known.' })
  @Property({ type: 'string', length: 64, nullable: true })
  ip?: string | null;

  @Field(() => Date, { description: 'When it happened.' })
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
