import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { toConnection } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import { RoomBan } from './room-ban.entity.js';
import { RoomBanConnection } from './room-ban.types.js';

@Resolver(() => RoomBan)
export class RoomBanResolver {
  @Authorized()
  @Mutation(() => Room, {
    description:
      'Bans a user from a group or public room: removes them if they are a member (their live streams end with AccessRevoked, reason BANNED), cancels their pending invitation and join request, and keeps them out (joining, invite links, invitations, requests, being added) until unbanned. Works on non-members too. Room OWNER, or ADMIN for members and outsiders; banning again changes nothing.',
  })
  banFromRoom(
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('userId', () => ID, { description: 'The user to ban.' }) userId: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why (up to 500 characters); shown to the room\'s owners and admins only.' }) reason: string | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.roomBans.ban(ctx, roomId, userId, reason);
  }

  @Authorized()
  @Mutation(() => Room, { description: 'Lifts a room ban (the user is not added back; they may join again). Room OWNER or ADMIN; NOT_FOUND when the user is not banned.' })
  unbanFromRoom(@Arg('roomId', () => ID, { description: 'The room.' }) roomId: string, @Arg('userId', () => ID, { description: 'The banned user.' }) userId: string, @Ctx() ctx: Context) {
    return ctx.app.services.roomBans.unban(ctx, roomId, userId);
  }

  @FieldResolver(() => User, { description: 'The banned user.' })
  user(@Root() ban: RoomBan, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(ban.user.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who banned them (null once that account is deleted).' })
  bannedBy(@Root() ban: RoomBan, @Ctx() ctx: Context) {
    return ban.bannedBy ? ctx.loaders.userById.load(ban.bannedBy.id) : null;
  }
}

@Resolver(() => Room)
export class RoomBansFieldResolver {
  @FieldResolver(() => RoomBanConnection, { description: "The room's bans, newest first. Room OWNER and ADMINs only (FORBIDDEN otherwise)." })
  async bans(
    @Root() room: Room,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string,
  ) {
    return toConnection(RoomBanConnection, await ctx.app.services.roomBans.page(ctx, room, first, after));
  }
}
