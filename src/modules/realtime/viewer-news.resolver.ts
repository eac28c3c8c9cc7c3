import { Authorized, Ctx, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { ViewerEventBase } from './realtime.types.js';
import type { ViewerNewsItem } from './viewer-news.service.js';

type Data = SubscribeResolverData<unknown, Record<string, never>, Context>;

@Resolver()
export class ViewerNewsResolver {
  @Authorized()
  @Subscription(() => ViewerEventBase, {
    description: "News for the viewer, without one subscription per room: added to a room, removed from one (or hid it), new activity (latest seq and unread count) in one of theirs; invitations, join requests (the viewer's own, and those of rooms they manage) and contact requests changing. Not replayed: refetch the lists after a reconnect.",
    subscribe: ({ context }: Data) => context.app.services.viewerNews.open(context),
  })
  viewerEvents(@Root() m: ViewerNewsItem, @Ctx() ctx: Context): Promise<ViewerEventBase> {
    return ctx.app.services.viewerNews.toEvent(ctx, m);
  }
}
