import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import { JoinRequest } from './invitation.entity.js';

@Resolver(() => JoinRequest)
export class JoinRequestResolver {
  @Authorized()
  @Mutation(() => JoinRequest, {
    description:
      "Asks to join a discoverable group; its OWNER and ADMINs approve or reject (live on viewerEvents for both sides). Asking again while pending updates the message. NOT_FOUND for private groups, CONFLICT for a member, FORBIDDEN when banned from the room, RATE_LIMITED after many requests.",
  })
  requestToJoin(
    @Arg('roomId', () => ID, { description: 'The discoverable group.' }) roomId: string,
    @Arg('message', () => String, { nullable: true, description: 'A note for the managers (up to 500 characters).' }) message: string | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.joinRequests.request(ctx, roomId, message);
  }

  @Authorized()
  @Mutation(() => JoinRequest, { description: 'Approves a pending join request: the requester joins. Room OWNER or ADMIN only; CONFLICT once answered; BAD_USER_INPUT when the requester is banned.' })
  approveJoinRequest(@Arg('id', () => ID, { description: 'The request.' }) id: string, @Ctx() ctx: Context) {
    return ctx.app.services.joinRequests.approve(ctx, id);
  }

  @Authorized()
  @Mutation(() => JoinRequest, { description: 'Rejects a pending join request. Room OWNER or ADMIN only; CONFLICT once answered.' })
  rejectJoinRequest(@Arg('id', () => ID, { description: 'The request.' }) id: string, @Ctx() ctx: Context) {
    return ctx.app.services.joinRequests.reject(ctx, id);
  }

  @FieldResolver(() => Room, { description: 'The group asked about.' })
  async room(@Root() request: JoinRequest, @Ctx() ctx: Context) {
    const room = await ctx.loaders.roomById.load(request.room.id);
    if (!room) throw new NotFoundError('Room');
    return room;
  }

  @FieldResolver(() => User, { description: 'Who asked.' })
  user(@Root() request: JoinRequest, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(request.user.id);
  }
}
