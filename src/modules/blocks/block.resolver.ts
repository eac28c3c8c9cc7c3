import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toConnection } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { User } from '../users/user.entity.js';
import { UserConnection } from '../users/user.types.js';

@Resolver(() => User)
export class BlockResolver {
  @Authorized()
  @Mutation(() => User, {
    description:
      'Blocks a person: they can no longer open a direct room with the viewer, add or invite the viewer anywhere, or send in the direct room between you (nor can the viewer, until unblocking). Contacts between you end. Private: they are never told. Blocking twice changes nothing.',
  })
  blockUser(@Arg('userId', () => ID, { description: 'The person to block.' }) userId: string, @Ctx() ctx: Context) {
    return ctx.app.services.blocks.block(ctx, userId);
  }

  @Authorized()
  @Mutation(() => User, { description: 'Lifts a block. NOT_FOUND when the viewer had not blocked them.' })
  unblockUser(@Arg('userId', () => ID, { description: 'The blocked person.' }) userId: string, @Ctx() ctx: Context) {
    return ctx.app.services.blocks.unblock(ctx, userId);
  }

  @Authorized()
  @Query(() => UserConnection, { description: 'The people the viewer blocked, most recently blocked first.' })
  async blockedUsers(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string,
  ) {
    return toConnection(UserConnection, await ctx.app.services.blocks.blockedPage(ctx, first, after));
  }

  @FieldResolver(() => Boolean, { description: 'True when the viewer blocked this person (false for anonymous viewers). Whether they blocked the viewer is never told.' })
  blockedByMe(@Root() user: User, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.app.services.blocks.isBlockedByViewer(ctx, user.id);
  }
}
