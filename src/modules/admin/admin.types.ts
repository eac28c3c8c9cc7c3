import { createUnionType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../common/connection.js';
import { AUDIT_ACTIONS, AuditEvent, type AuditAction } from '../audit/audit-event.entity.js';
import { Message } from '../messages/message.entity.js';
import { Room, RoomKind } from '../rooms/room.entity.js';
import { Role, User } from '../users/user.entity.js';

/** What each audit action means, for the schema documentation (Sandbox shows it in the filter's enum). */
const AUDIT_ACTION_DESCRIPTIONS: Partial<Record<AuditAction, string>> = {
  USER_REGISTERED: 'An account was created (actor and target: the new user).',
  LOGIN_SUCCEEDED: 'A user signed in.',
  LOGIN_FAILED: 'A sign-in was refused: wrong password, unknown account (no actor, no target) or a banned account (metadata.banned).',
  LOGOUT: 'A user signed out of one session.',
  TOKEN_REUSE_DETECTED: 'A rotated-out refresh token was presented again; the session was ended.',
  PASSWORD_CHANGED: 'A user changed their password.',
  PASSWORD_RESET_REQUESTED: 'A password reset email was sent.',
  PASSWORD_RESET: 'A password was reset with an emailed token.',
  PROFILE_UPDATED: 'A user changed their profile (metadata.changed lists the fields).',
  ACCOUNT_DELETED: 'A user deleted their account (metadata.username keeps the old handle).',
  ROOM_CREATED: 'A room was created.',
  ROOM_UPDATED: 'A room was renamed or its description changed.',
  ROOM_DELETED: 'A room was deleted.',
  MEMBER_ADDED: 'Someone was added to a room.',
  MEMBER_JOINED: 'Someone joined a public room.',
  MEMBER_REMOVED: 'Someone was removed from a room.',
  MEMBER_LEFT: 'Someone left a room.',
  MEMBER_ROLE_CHANGED: "A member's role within a room changed.",
  MESSAGE_DELETED_BY_MODERATOR: 'A moderator, admin or room admin deleted somebody else\'s message.',
  MESSAGE_FILTERED: 'The profanity filter masked part of a message.',
  USER_ROLE_CHANGED: "A user's global role changed (metadata.from, metadata.to; metadata.via is \"cli\" for the admin command).",
  USER_BANNED: 'A user was banned (metadata.reason).',
  USER_UNBANNED: 'A ban was lifted (metadata.previousReason).',
};

function describeAction(action: string): string {
  const words = action.toLowerCase().replace(/_/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
}

/** The audit actions as a GraphQL enum, built from AUDIT_ACTIONS so a new action appears here by itself. */
export const AuditActionEnum = Object.fromEntries(AUDIT_ACTIONS.map((a) => [a, a])) as { [K in AuditAction]: K };

registerEnumType(AuditActionEnum, {
  name: 'AuditAction',
  description: 'The kinds of audit events, for filtering auditEvents.',
  valuesConfig: Object.fromEntries(AUDIT_ACTIONS.map((a) => [a, { description: AUDIT_ACTION_DESCRIPTIONS[a] ?? describeAction(a) }])),
});

export const AuditEventConnection = ConnectionType(AuditEvent, 'AuditEvent', 'audit event');
export type AuditEventConnection = InstanceType<typeof AuditEventConnection>;

export const AuditTarget = createUnionType({
  name: 'AuditTarget',
  description: 'What an audit event acted on: a user, a room or a message (null once it has been deleted).',
  types: () => [User, Room, Message] as const,
  resolveType: (value) => {
    if (value instanceof User) return User;
    if (value instanceof Room) return Room;
    if (value instanceof Message) return Message;
    return undefined;
  },
});

@InputType({ description: 'Filters for adminUsers. Every field is optional; given fields combine with AND.' })
export class AdminUserFilter {
  @Field(() => String, { nullable: true, description: 'Part of the username, display name or email (case-insensitive), at most 100 characters.' })
  search?: string | null;

  @Field(() => Role, { nullable: true, description: 'Only users with this global role.' })
  role?: Role | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only users online now; false: only users offline.' })
  isOnline?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only banned users; false: only users who are not banned.' })
  banned?: boolean | null;

  @Field(() => Date, { nullable: true, description: 'Only accounts created strictly after this instant.' })
  createdAfter?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only accounts created strictly before this instant.' })
  createdBefore?: Date | null;
}

@InputType({ description: 'Filters for adminRooms. Every field is optional; given fields combine with AND.' })
export class AdminRoomFilter {
  @Field(() => String, { nullable: true, description: 'Part of the room name (case-insensitive), at most 100 characters. Direct rooms have no name.' })
  search?: string | null;

  @Field(() => RoomKind, { nullable: true, description: 'Only rooms of this kind.' })
  kind?: RoomKind | null;
}

@InputType({ description: 'Filters for adminMessages. Every field is optional; given fields combine with AND.' })
export class AdminMessageFilter {
  @Field(() => ID, { nullable: true, description: 'Only messages in this room.' })
  roomId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only messages sent by this user.' })
  senderId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only messages whose body contains this text (case-insensitive), at most 200 characters.' })
  contains?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only messages sent at or after this instant.' })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only messages sent before this instant.' })
  until?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Include deleted messages too (default false: deleted messages are left out).' })
  includeDeleted?: boolean | null;
}

@InputType({ description: 'Filters for auditEvents. Every field is optional; given fields combine with AND.' })
export class AuditEventFilter {
  @Field(() => [AuditActionEnum], { nullable: true, description: 'Only events with one of these actions (at most 30).' })
  actions?: AuditAction[] | null;

  @Field(() => ID, { nullable: true, description: 'Only events performed by this user.' })
  actorId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only events about this user, room or message.' })
  targetId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only events at or after this instant.' })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only events before this instant.' })
  until?: Date | null;
}
