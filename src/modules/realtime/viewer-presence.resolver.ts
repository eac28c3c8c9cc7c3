import { Authorized, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { PresenceService, type PresenceMessage } from './presence.service.js';
import { PresenceEvent } from './realtime.types.js';

type Data = SubscribeResolverData<unknown, Record<string, never>, Context>;

@Resolver()
export class ViewerPresenceResolver {
  @Authorized()
  @Subscription(() => PresenceEvent, {
    description:
      "The people the viewer shares a direct room with coming online (first live connection anywhere) and going offline (last one closed), on one stream for the whole room list; each event's roomId is that direct room. Nobody else's changes are sent.",
    subscribe: ({ context }: Data) => context.app.services.viewerPresence.open(context),
  })
  viewerPresence(@Root() m: PresenceMessage): PresenceEvent {
    return PresenceService.toEvent(m);
  }
}
