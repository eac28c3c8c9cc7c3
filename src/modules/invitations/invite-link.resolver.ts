import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import { InviteLink } from './invite-link.entity.js';
import { InvitePreview } from './invite-preview.types.js';

@Resolver(() => InviteLink)
export class InviteLinkResolver {
  @Authorized()
  @Mutation(() => InviteLink, { description: 'Makes an invite link into a group or public room. Room OWNER or ADMIN only.' })
  createInviteLink(
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('expiresInHours', () => Int, { nullable: true, description: 'Hours until it stops working (1-720); null for never.' }) expiresInHours: number | null | undefined,
    @Arg('maxUses', () => Int, { nullable: true, description: 'How many people may join through it (1-10000); null for unlimited.' }) maxUses: number | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.inviteLinks.create(ctx, roomId, expiresInHours, maxUses);
  }

  @Authorized()
  @Mutation(() => Room, {
    description:
      'Joins the room behind an invite link as a MEMBER (no password or request needed). Already a member: the room, and no use is spent. NOT_FOUND for an unknown or revoked code, FORBIDDEN when it expired or is used up (extensions.reason EXPIRED or USED_UP), or when the viewer is banned from the room.',
  })
  joinByInvite(@Arg('code', () => String, { description: "The link's code." }) code: string, @Ctx() ctx: Context) {
    return ctx.app.services.inviteLinks.join(ctx, code);
  }

  @Authorized()
  @Query(() => InvitePreview, {
    description:
      "The room behind an invite link, shown before joining: name, kind, description, member count, whether it has a password (the link needs none). Signed-in users only. NOT_FOUND for an unknown or revoked code, FORBIDDEN with extensions.reason EXPIRED or USED_UP for a link that no longer works, BAD_USER_INPUT for a malformed code, RATE_LIMITED after many look-ups.",
  })
  invitePreview(@Arg('code', () => String, { description: "The link's code (the last part of /invite/<code>)." }) code: string, @Ctx() ctx: Context) {
    return ctx.app.services.inviteLinks.preview(ctx, code);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Revokes an invite link: it stops working at once. Room OWNER or ADMIN only; NOT_FOUND for others.' })
  revokeInviteLink(@Arg('code', () => String, { description: "The link's code." }) code: string, @Ctx() ctx: Context) {
    return ctx.app.services.inviteLinks.revoke(ctx, code);
  }

  @FieldResolver(() => String, { description: "The link's path in the web app (/invite/<code>); prefix it with the app's origin to share it." })
  url(@Root() link: InviteLink): string {
    return `/invite/${link.code}`;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who made it (null once that account is deleted).' })
  createdBy(@Root() link: InviteLink, @Ctx() ctx: Context) {
    return link.createdBy ? ctx.loaders.userById.load(link.createdBy.id) : null;
  }
}
