import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { MessageSearchConnection, SearchOrder } from './search.types.js';

@Resolver()
export class SearchResolver {
  @Authorized()
  @Query(() => MessageSearchConnection, {
    description:
      'Searches the messages of the rooms the viewer is a member of (never others; deleted messages never match). Syntax: words, "quoted phrases", -excluded (word or "phrase"), from:<username>, in:<room name> (quote names with spaces), before:<YYYY-MM-DD> (before that day), after:<YYYY-MM-DD> (after that day). Words match whole, ignoring case and accents. BAD_USER_INPUT (field query) when nothing is left to search for.',
  })
  searchMessages(
    @Ctx() ctx: Context,
    @Arg('query', () => String, { description: 'What to search for, up to 500 characters (see the syntax above).' }) query: string,
    @Arg('roomId', () => ID, { nullable: true, description: 'Only this room (the viewer must be a member).' }) roomId?: string,
    @Arg('orderBy', () => SearchOrder, { nullable: true, description: 'RELEVANCE (default) or NEWEST.' }) orderBy?: SearchOrder,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after (pageInfo.endCursor of the same search).' }) after?: string,
  ): Promise<MessageSearchConnection> {
    return ctx.app.services.search.searchMessages(ctx, { query, roomId, orderBy, first, after });
  }
}
