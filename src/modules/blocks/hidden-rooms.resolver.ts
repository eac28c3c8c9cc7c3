import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';

@Resolver()
export class HiddenRoomResolver {
  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Hides a direct room from the viewer's room list until its next message (or until the viewer opens it again with createDirectRoom); nothing changes for the other person. Other sessions get RemovedFromRoom (reason HIDDEN). Members only; BAD_USER_INPUT for groups and public rooms.",
  })
  hideRoom(@Arg('roomId', () => ID, { description: 'The direct room.' }) roomId: string, @Ctx() ctx: Context) {
    return ctx.app.services.hiddenRooms.hide(ctx, roomId);
  }
}
