import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../../auth-checker.js';
import { toConnection } from '../../common/connection.js';
import { assertId } from '../../common/ids.js';
import type { Context } from '../../context.js';
import { Role, User } from './user.entity.js';
import { UpdateProfileInput, UserConnection } from './user.types.js';

@Resolver(() => User)
export class UserResolver {
  @Authorized()
  @Query(() => User, { description: 'The signed-in user. UNAUTHENTICATED without a valid access token.' })
  async me(@Ctx() ctx: Context): Promise<User> {
    const viewer = requireViewer(ctx);
    // A socket keeps only what its operations check (id, role...: src/ws.ts), not the profile as it was at connect:
    // its `me` reads the profile as it is now, as HTTP does.
    if (!ctx.connection) return viewer;
    return (await ctx.loaders.userById.load(viewer.id)) ?? viewer;
  }

  @Authorized()
  @Query(() => User, { nullable: true, description: 'A user by id, or null when there is none. Signed-in users only.' })
  async user(@Arg('id', () => ID, { description: 'The user id.' }) id: string, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.userById.load(assertId(id, 'id'));
  }

  @Authorized()
  @Query(() => UserConnection, { description: 'Everyone, by username, for picking people to chat with. Filters by username or display name. Signed-in users only.' })
  async users(
    @Ctx() ctx: Context,
    @Arg('search', () => String, { nullable: true, description: 'Part of a username or display name (case-insensitive).' }) search?: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after (pageInfo.endCursor).' }) after?: string,
  ) {
    return toConnection(UserConnection, await ctx.app.services.users.search(ctx.em, search, first, after));
  }

  @FieldResolver(() => String, { nullable: true, description: "Email address: only in the viewer's own profile and for admins and moderators; null otherwise." })
  email(@Root() user: User, @Ctx() ctx: Context): string | null {
    if (ctx.actingUserId === user.id) return user.email;
    const viewer = ctx.viewer;
    if (!viewer) return null;
    if (viewer.id === user.id || viewer.role === Role.ADMIN || viewer.role === Role.MODERATOR) return user.email;
    return null;
  }

  @Authorized()
  @Mutation(() => User, { description: "Updates the viewer's display name, username or email." })
  updateProfile(@Arg('input', () => UpdateProfileInput, { description: 'Fields to change.' }) input: UpdateProfileInput, @Ctx() ctx: Context) {
    return ctx.app.services.users.updateProfile(ctx, input);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Deletes the viewer's account after checking the password. Messages stay, with a null sender; sessions end." })
  deleteAccount(@Arg('password', () => String, { description: 'The current password, to confirm.' }) password: string, @Ctx() ctx: Context) {
    return ctx.app.services.users.deleteAccount(ctx, password);
  }
}
