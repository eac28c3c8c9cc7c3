import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { toConnection } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { MessageConnection } from '../messages/message.types.js';
import { RoomConnection } from '../rooms/room.types.js';
import { AdminMessageFilter, AdminRoomFilter } from './admin.types.js';

const FIRST = { nullable: true, description: 'Page size, at most 100 (default 20).' } as const;
const AFTER = { nullable: true, description: 'Cursor to continue after (pageInfo.endCursor of the previous page).' } as const;

/**
 * Admin views over rooms and messages, whatever their membership. Room and Message fields that are for members
 * (members, messages, lastMessage, unreadCount) keep their own rules; the admin-only counters are messageCount and
 * the lists here.
 */
@Resolver()
export class AdminContentResolver {
  @Authorized('ADMIN', 'MODERATOR')
  @Query(() => RoomConnection, {
    description:
      'ADMIN and MODERATOR only: every room of every kind, most recent activity first, with optional filters that combine. Select memberCount, messageCount and lastActivityAt for an overview; totalCount counts every match.',
  })
  async adminRooms(
    @Ctx() ctx: Context,
    @Arg('filter', () => AdminRoomFilter, { nullable: true, description: 'Optional filters; omitted fields do not filter.' }) filter?: AdminRoomFilter,
    @Arg('first', () => Int, FIRST) first?: number,
    @Arg('after', () => String, AFTER) after?: string,
  ) {
    return toConnection(RoomConnection, await ctx.app.services.admin.rooms(ctx.em, filter, first, after));
  }

  @Authorized('ADMIN', 'MODERATOR')
  @Query(() => MessageConnection, {
    description:
      'ADMIN and MODERATOR only: messages across every room, newest first, with optional filters that combine (deleted messages only with includeDeleted; their body is empty). Select room and sender for context; totalCount counts every match.',
  })
  async adminMessages(
    @Ctx() ctx: Context,
    @Arg('filter', () => AdminMessageFilter, { nullable: true, description: 'Optional filters; omitted fields do not filter.' }) filter?: AdminMessageFilter,
    @Arg('first', () => Int, FIRST) first?: number,
    @Arg('after', () => String, AFTER) after?: string,
  ) {
    return toConnection(MessageConnection, await ctx.app.services.admin.messages(ctx.em, filter, first, after));
  }
}
