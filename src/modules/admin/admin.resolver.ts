import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toConnection } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Message } from '../messages/message.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Role, User } from '../users/user.entity.js';
import { UserConnection } from '../users/user.types.js';
import { adminLoaders } from './admin.loaders.js';
import { AdminUserFilter, AuditEventConnection, AuditEventFilter, AuditTarget } from './admin.types.js';

const FIRST = { nullable: true, description: 'Page size, at most 100 (default 20).' } as const;
const AFTER = { nullable: true, description: 'Cursor to continue after (pageInfo.endCursor of the previous page).' } as const;

function isStaff(ctx: Context): boolean {
  const role = ctx.viewer?.role;
  return role === Role.ADMIN || role === Role.MODERATOR;
}

/** Admin views and moderation. Thin: the rules live in AdminService. */
@Resolver()
export class AdminResolver {
  @Authorized('ADMIN', 'MODERATOR')
  @Query(() => UserConnection, {
    description: 'ADMIN and MODERATOR only: every account, newest first, with optional filters that combine. totalCount counts every match.',
  })
  async adminUsers(
    @Ctx() ctx: Context,
    @Arg('filter', () => AdminUserFilter, { nullable: true, description: 'Optional filters; omitted fields do not filter.' }) filter?: AdminUserFilter,
    @Arg('first', () => Int, FIRST) first?: number,
    @Arg('after', () => String, AFTER) after?: string,
  ) {
    return toConnection(UserConnection, await ctx.app.services.admin.users(ctx.em, filter, first, after));
  }

  @Authorized('ADMIN', 'MODERATOR')
  @Query(() => AuditEventConnection, {
    description: 'ADMIN and MODERATOR only: the audit log, newest first, with optional filters that combine. totalCount counts every match.',
  })
  async auditEvents(
    @Ctx() ctx: Context,
    @Arg('filter', () => AuditEventFilter, { nullable: true, description: 'Optional filters; omitted fields do not filter.' }) filter?: AuditEventFilter,
    @Arg('first', () => Int, FIRST) first?: number,
    @Arg('after', () => String, AFTER) after?: string,
  ) {
    return toConnection(AuditEventConnection, await ctx.app.services.admin.auditEvents(ctx.em, filter, first, after));
  }

  @Authorized('ADMIN')
  @Mutation(() => User, {
    description:
      "ADMIN only: sets a user's global role and records USER_ROLE_CHANGED. FORBIDDEN when it would demote the last admin; NOT_FOUND for an unknown user. Setting the role a user already has changes nothing.",
  })
  setUserRole(
    @Arg('userId', () => ID, { description: 'The user whose role changes.' }) userId: string,
    @Arg('role', () => Role, { description: 'The new global role.' }) role: Role,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.admin.setUserRole(ctx, userId, role);
  }

  @Authorized('ADMIN', 'MODERATOR')
  @Mutation(() => User, {
    description:
      'ADMIN or MODERATOR: bans a user. Every session ends at once, live sockets close, and login is refused (FORBIDDEN, with the reason) until unbanUser. Records USER_BANNED. An admin may ban anyone but themselves; a moderator may ban only users with the USER role (FORBIDDEN otherwise).',
  })
  banUser(
    @Arg('userId', () => ID, { description: 'The user to ban.' }) userId: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why (up to 500 characters); shown to the user when login is refused, and kept in the audit log.' }) reason: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.admin.banUser(ctx, userId, reason);
  }

  @Authorized('ADMIN', 'MODERATOR')
  @Mutation(() => User, {
    description:
      'ADMIN or MODERATOR: lifts a ban so the user can sign in again, and records USER_UNBANNED. The same rank rules as banUser apply. Unbanning a user who is not banned changes nothing.',
  })
  unbanUser(@Arg('userId', () => ID, { description: 'The user to unban.' }) userId: string, @Ctx() ctx: Context) {
    return ctx.app.services.admin.unbanUser(ctx, userId);
  }
}

/**
 * Moderation fields on User. They are null (not an error) for everyone but admins and moderators, because users
 * appear everywhere (senders, members) and one hidden field must not break a whole query.
 */
@Resolver(() => User)
export class AdminUserFieldsResolver {
  @FieldResolver(() => Date, { nullable: true, description: 'When the user was banned; null when not banned. Visible to ADMIN and MODERATOR only: null for everyone else.' })
  bannedAt(@Root() user: User, @Ctx() ctx: Context): Date | null {
    return isStaff(ctx) ? (user.bannedAt ?? null) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why the user was banned, if a reason was given. Visible to ADMIN and MODERATOR only: null for everyone else.' })
  banReason(@Root() user: User, @Ctx() ctx: Context): string | null {
    return isStaff(ctx) ? (user.banReason ?? null) : null;
  }
}

/** Who did it and to what, for the audit log (reachable only through the admin-only auditEvents). */
@Resolver(() => AuditEvent)
export class AuditEventFieldsResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who acted; null for anonymous actions (a failed login for an unknown account), the admin CLI, or deleted users.' })
  actor(@Root() event: AuditEvent, @Ctx() ctx: Context): Promise<User | null> | null {
    return event.actor ? ctx.loaders.userById.load(event.actor.id) : null;
  }

  @FieldResolver(() => AuditTarget, { nullable: true, description: 'What was acted on (a User, Room or Message), or null when there is none or it has been deleted.' })
  async target(@Root() event: AuditEvent, @Ctx() ctx: Context): Promise<User | Room | Message | null> {
    if (!event.targetId) return null;
    switch (event.targetType) {
      case 'USER':
        return ctx.loaders.userById.load(event.targetId);
      case 'ROOM':
        return adminLoaders(ctx.em).roomById.load(event.targetId);
      case 'MESSAGE':
        return adminLoaders(ctx.em).messageById.load(event.targetId);
      default:
        return null;
    }
  }

  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Extra facts about the event, never secrets: e.g. reason for USER_BANNED, from/to for USER_ROLE_CHANGED, changed for PROFILE_UPDATED.',
  })
  metadata(@Root() event: AuditEvent): Record<string, unknown> | null {
    return event.metadata ?? null;
  }
}

/** Admin-only counters on Room. */
@Resolver(() => Room)
export class AdminRoomFieldsResolver {
  @Authorized('ADMIN', 'MODERATOR')
  @FieldResolver(() => Int, { nullable: true, description: 'ADMIN and MODERATOR only (FORBIDDEN for others): how many messages the room holds, deleted ones excluded.' })
  messageCount(@Root() room: Room, @Ctx() ctx: Context): Promise<number> {
    return adminLoaders(ctx.em).messageCount.load(room.id);
  }
}
