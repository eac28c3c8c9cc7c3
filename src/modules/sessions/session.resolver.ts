import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { DeviceSession } from './session.types.js';

@Resolver(() => DeviceSession)
export class SessionResolver {
  @Authorized()
  @Query(() => [DeviceSession], { description: "The viewer's signed-in devices (live sessions, at most 100), the current one first, then by last use." })
  sessions(@Ctx() ctx: Context) {
    return ctx.app.services.sessions.list(ctx);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: "Signs one of the viewer's devices out: its access and refresh tokens stop working and its sockets close (its streams end with AccessRevoked SIGNED_OUT). May be the current session. NOT_FOUND for a session that is not the viewer's or has ended.",
  })
  revokeSession(@Arg('id', () => ID, { description: 'The session.' }) id: string, @Ctx() ctx: Context) {
    return ctx.app.services.sessions.revoke(ctx, id);
  }
}
