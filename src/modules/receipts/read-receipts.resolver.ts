import { sharesReadReceipts, ShownTo } from '../../common/viewer-scope.js';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageSize } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { Message } from '../messages/message.entity.js';
import { unreadAtItsEvent } from '../messages/message-rows.js';
import { RoomKind } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

@Resolver(() => Message)
export class ReadReceiptsResolver {
  // The same for every member who shares read receipts; nobody's for the others (@ShownTo applies the test).
  @ShownTo(sharesReadReceipts)
  @FieldResolver(() => [User], {
    description:
      "Who has read this message: members of a direct room or group whose read marker is at or past it, the sender excluded, in join order. Empty in public rooms, for non-members, and for viewers who turned read receipts off; members who turned them off never appear.",
  })
  async seenBy(
    @Root() m: Message,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'At most this many (at most 100, default 20).' }) first?: number,
  ): Promise<User[]> {
    const limit = pageSize(first);
    const viewer = ctx.viewer;
    // A live MessageAdded's message: nobody but its sender had read it at its seq (later readers come as events).
    if (!viewer || m.deletedAt || unreadAtItsEvent(m)) return [];
    const room = await ctx.loaders.roomById.load(m.room.id);
    if (!room || room.kind === RoomKind.PUBLIC) return [];
    const readers = await ctx.loaders.readersFrom.load({ roomId: room.id, seq: m.seq });
    // Members only (the viewer's own setting does not matter here: @ShownTo applies it).
    if (!readers.viewerIsMember) return [];
    const ids = readers.markers.filter((k) => k.sharesReceipts && k.userId !== m.sender?.id).slice(0, limit).map((k) => k.userId);
    const users = await ctx.loaders.userById.loadMany(ids);
    return users.filter((u): u is User => !!u && !(u instanceof Error));
  }
}

@Resolver(() => User)
export class ShareReadReceiptsResolver {
  @FieldResolver(() => Boolean, { nullable: true, description: "Whether this user shares read receipts: the viewer's own setting; null for anyone else." })
  shareReadReceipts(@Root() u: User, @Ctx() ctx: Context): boolean | null {
    return ctx.viewer?.id === u.id ? u.shareReadReceipts !== false : null;
  }
}
