import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { toConnection } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { Room, RoomKind } from '../rooms/room.entity.js';
import { Invitation, InvitationStatus, JoinRequest } from './invitation.entity.js';
import { InvitationConnection, InviteLinkConnection, JoinRequestConnection, JoinState } from './invitation.types.js';

const PAGE_ARGS = { first: 'Page size, at most 100 (default 20).', after: 'Cursor to continue after.' };

@Resolver(() => Room)
export class RoomInvitationFieldsResolver {
  @FieldResolver(() => InviteLinkConnection, { description: "The room's usable invite links (not revoked, expired or used up), newest first. Room OWNER and ADMINs only." })
  async inviteLinks(
    @Root() room: Room,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: PAGE_ARGS.first }) first?: number,
    @Arg('after', () => String, { nullable: true, description: PAGE_ARGS.after }) after?: string,
  ) {
    return toConnection(InviteLinkConnection, await ctx.app.services.inviteLinks.page(ctx, room, first, after));
  }

  @FieldResolver(() => InvitationConnection, { description: "The room's pending personal invitations, newest first. Room OWNER and ADMINs only." })
  async pendingInvitations(
    @Root() room: Room,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: PAGE_ARGS.first }) first?: number,
    @Arg('after', () => String, { nullable: true, description: PAGE_ARGS.after }) after?: string,
  ) {
    return toConnection(InvitationConnection, await ctx.app.services.invitations.roomPage(ctx, room, first, after));
  }

  @FieldResolver(() => JoinRequestConnection, { description: "The group's pending join requests, newest first. Room OWNER and ADMINs only." })
  async joinRequests(
    @Root() room: Room,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: PAGE_ARGS.first }) first?: number,
    @Arg('after', () => String, { nullable: true, description: PAGE_ARGS.after }) after?: string,
  ) {
    return toConnection(JoinRequestConnection, await ctx.app.services.joinRequests.roomPage(ctx, room, first, after));
  }

  @FieldResolver(() => JoinRequest, { nullable: true, description: "The viewer's own latest request to join this room (any status), or null." })
  myJoinRequest(@Root() room: Room, @Ctx() ctx: Context) {
    return ctx.app.services.joinRequests.mine(ctx, room);
  }

  @FieldResolver(() => JoinState, { description: 'How the viewer stands towards the room: member, banned, invited, or which way in is open.' })
  async joinState(@Root() room: Room, @Ctx() ctx: Context): Promise<JoinState> {
    if (await ctx.loaders.myMembership.load(room.id)) return JoinState.MEMBER;
    const viewerId = ctx.viewer?.id;
    if (!viewerId) return room.kind === RoomKind.GROUP ? JoinState.REQUEST : room.passwordHash ? JoinState.PASSWORD : JoinState.OPEN;
    if ((await ctx.app.services.reach.bannedAmong(ctx.em, room.id, [viewerId])).size) return JoinState.BANNED;
    if (await ctx.em.count(Invitation, { room: room.id, invitee: viewerId, status: InvitationStatus.PENDING })) return JoinState.INVITED;
    if (room.kind === RoomKind.GROUP) {
      return (await ctx.em.count(JoinRequest, { room: room.id, user: viewerId, status: InvitationStatus.PENDING })) ? JoinState.REQUESTED : JoinState.REQUEST;
    }
    return room.passwordHash ? JoinState.PASSWORD : JoinState.OPEN;
  }
}
