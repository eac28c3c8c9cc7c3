import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { toConnection } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { Message } from '../messages/message.entity.js';
import { MessageConnection } from '../messages/message.types.js';
import { RoomActivityEvent } from '../realtime/realtime.types.js';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

@Resolver()
export class MentionQueryResolver {
  @Authorized()
  @Query(() => MessageConnection, { description: 'Messages that mention the viewer (by @username, or @room), newest first, in rooms the viewer is still in; deleted ones drop out. Signed-in users only.' })
  async mentions(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after (pageInfo.endCursor).' }) after?: string,
  ) {
    return toConnection(MessageConnection, await ctx.app.services.mentions.page(ctx, first, after));
  }
}

@Resolver(() => Message)
export class MessageMentionsResolver {
  @FieldResolver(() => [User], { description: 'The members this message mentions by @username (not those reached only through @room), in no particular order; empty once deleted.' })
  async mentions(@Root() m: Message, @Ctx() ctx: Context): Promise<User[]> {
    if (m.deletedAt) return [];
    const rows = (await ctx.loaders.mentionsByMessage.load(m.id)).filter((r) => !r.viaRoom);
    const users = await ctx.loaders.userById.loadMany(rows.map((r) => r.userId));
    return users.filter((u): u is User => !!u && !(u instanceof Error));
  }

  @FieldResolver(() => Boolean, { description: 'Whether this message mentions the viewer, by @username or through @room.' })
  async mentionsMe(@Root() m: Message, @Ctx() ctx: Context): Promise<boolean> {
    const me = ctx.viewer?.id;
    if (!me || m.deletedAt) return false;
    return (await ctx.loaders.mentionsByMessage.load(m.id)).some((r) => r.userId === me);
  }
}

@Resolver(() => Room)
export class RoomMentionsResolver {
  @FieldResolver(() => Int, { description: "Unread messages that mention the viewer (above the viewer's lastReadSeq, not deleted); 0 for non-members." })
  mentionCount(@Root() room: Room, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.mentionCount.load(room.id);
  }
}

@Resolver(() => RoomActivityEvent)
export class RoomActivityMentionsResolver {
  @FieldResolver(() => Int, { description: 'Unread messages that mention the viewer in this room, as now.' })
  mentionCount(@Root() e: RoomActivityEvent, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.mentionCount.load(e.roomId);
  }
}
