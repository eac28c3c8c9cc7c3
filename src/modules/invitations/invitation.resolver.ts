import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toConnection } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import { Invitation } from './invitation.entity.js';
import { InvitationConnection } from './invitation.types.js';

async function loadRoom(ctx: Context, id: string): Promise<Room> {
  const room = await ctx.loaders.roomById.load(id);
  if (!room) throw new NotFoundError('Room');
  return room;
}

@Resolver(() => Invitation)
export class InvitationResolver {
  @Authorized()
  @Mutation(() => Invitation, {
    description:
      'Invites a person into a group or public room; they accept or decline (live on their viewerEvents). Inviting again while pending changes nothing; after a decline it renews the invitation. Room OWNER or ADMIN only; CONFLICT for a member, BAD_USER_INPUT for someone banned from the room, FORBIDDEN when the person does not allow it.',
  })
  inviteToRoom(@Arg('roomId', () => ID, { description: 'The room.' }) roomId: string, @Arg('userId', () => ID, { description: 'The person to invite.' }) userId: string, @Ctx() ctx: Context) {
    return ctx.app.services.invitations.invite(ctx, roomId, userId);
  }

  @Authorized()
  @Query(() => InvitationConnection, { description: "The viewer's pending invitations, newest first." })
  async invitations(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string,
  ) {
    return toConnection(InvitationConnection, await ctx.app.services.invitations.page(ctx, first, after));
  }

  @Authorized()
  @Mutation(() => Room, {
    description: "Accepts one of the viewer's invitations and joins the room. Accepting twice returns the room again; CONFLICT once declined or cancelled; FORBIDDEN when banned from the room; NOT_FOUND for someone else's invitation.",
  })
  acceptInvitation(@Arg('id', () => ID, { description: 'The invitation.' }) id: string, @Ctx() ctx: Context) {
    return ctx.app.services.invitations.accept(ctx, id);
  }

  @Authorized()
  @Mutation(() => Invitation, { description: "Declines one of the viewer's pending invitations. CONFLICT when it is no longer pending; NOT_FOUND for someone else's." })
  declineInvitation(@Arg('id', () => ID, { description: 'The invitation.' }) id: string, @Ctx() ctx: Context) {
    return ctx.app.services.invitations.decline(ctx, id);
  }

  @Authorized()
  @Mutation(() => Invitation, {
    description:
      "Withdraws a pending invitation (it becomes CANCELLED; the invitee's pending invitation disappears live on their viewerEvents). Its inviter, while still a member, or the room's OWNER or ADMIN; FORBIDDEN for other members and for the invitee (decline it instead), NOT_FOUND for outsiders, CONFLICT once it is no longer pending.",
  })
  cancelInvitation(@Arg('id', () => ID, { description: 'The invitation.' }) id: string, @Ctx() ctx: Context) {
    return ctx.app.services.invitations.cancel(ctx, id);
  }

  @FieldResolver(() => Room, { description: 'The room it invites into (its name and description; members and messages only once joined).' })
  room(@Root() invitation: Invitation, @Ctx() ctx: Context) {
    return loadRoom(ctx, invitation.room.id);
  }

  @FieldResolver(() => User, { description: 'Who is invited.' })
  invitee(@Root() invitation: Invitation, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(invitation.invitee.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who invited them (null once that account is deleted).' })
  inviter(@Root() invitation: Invitation, @Ctx() ctx: Context) {
    return invitation.inviter ? ctx.loaders.userById.load(invitation.inviter.id) : null;
  }
}
