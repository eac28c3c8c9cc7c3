import { PerViewer, ViewerIndependent } from '../../common/viewer-scope.js';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { toConnection } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { Message } from '../messages/message.entity.js';
import { MessageConnection } from '../messages/message.types.js';
import { RoomActivityEvent } from '../realtime/realtime.types.js';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import type { MentionRow } from './mention.loaders.js';

/**
 * A message object's mention rows, kept with the object: the rows are the same for every viewer, so the per-viewer
 * overlay of a shared room-event execution (`mentionsMe` resolved again with each subscriber's context) reuses what
 * the execution loaded instead of one query per subscriber. An object lives as long as its request or event.
 */
const rowsByMessage = new WeakMap<Message, Promise<MentionRow[]>>();
/** The rows once loaded, so the overlay reads them without a promise per subscriber. */
const loadedRows = new WeakMap<Message, MentionRow[]>();
function mentionRows(m: Message, ctx: Context): Promise<MentionRow[]> {
  let rows = rowsByMessage.get(m);
  if (!rows) {
    rows = ctx.loaders.mentionsByMessage.load(m.id);
    rowsByMessage.set(m, rows);
    rows.then(
      (loaded) => loadedRows.set(m, loaded),
      () => rowsByMessage.delete(m),
    );
  }
  return rows;
}

/** Whether `m` mentions `viewer`, from what is known without a query; undefined until its mention rows are loaded. */
function mentionsViewer(m: Message, viewer: User | null): boolean | undefined {
  if (!viewer || m.deletedAt) return false;
  return loadedRows.get(m)?.some((r) => r.userId === viewer.id);
}

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
  @ViewerIndependent()
  @FieldResolver(() => [User], { description: 'The members this message mentions by @username (not those reached only through @room), in no particular order; empty once deleted.' })
  async mentions(@Root() m: Message, @Ctx() ctx: Context): Promise<User[]> {
    if (m.deletedAt) return [];
    const rows = (await mentionRows(m, ctx)).filter((r) => !r.viaRoom);
    const users = await ctx.loaders.userById.loadMany(rows.map((r) => r.userId));
    return users.filter((u): u is User => !!u && !(u instanceof Error));
  }

  @PerViewer<Message>(mentionsViewer)
  @FieldResolver(() => Boolean, { description: 'Whether this message mentions the viewer, by @username or through @room.' })
  mentionsMe(@Root() m: Message, @Ctx() ctx: Context): boolean | Promise<boolean> {
    const known = mentionsViewer(m, ctx.viewer);
    if (known !== undefined) return known;
    // mentionRows stores the loaded rows (loadedRows) before this continuation runs: one check, mentionsViewer's.
    return mentionRows(m, ctx).then(() => mentionsViewer(m, ctx.viewer) ?? false);
  }
}

@Resolver(() => Room)
export class RoomMentionsResolver {
  @PerViewer()
  @FieldResolver(() => Int, { description: "Unread messages that mention the viewer (above the viewer's lastReadSeq, not deleted); 0 for non-members." })
  mentionCount(@Root() room: Room, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.mentionCount.load(room.id);
  }
}

@Resolver(() => RoomActivityEvent)
export class RoomActivityMentionsResolver {
  @PerViewer()
  @FieldResolver(() => Int, { description: 'Unread messages that mention the viewer in this room, as now.' })
  mentionCount(@Root() e: RoomActivityEvent, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.mentionCount.load(e.roomId);
  }
}
