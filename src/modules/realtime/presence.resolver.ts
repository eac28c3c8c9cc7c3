import { Arg, Authorized, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { PresenceService, type PresenceMessage } from './presence.service.js';
import { PresenceEvent } from './realtime.types.js';

type Data = SubscribeResolverData<unknown, { roomId: string }, Context>;

@Resolver()
export class PresenceResolver {
  @Authorized()
  @Subscription(() => PresenceEvent, {
    description: 'Fellow members of the room coming online (first live connection anywhere) and going offline (last one closed). Members only; ends when the viewer loses access.',
    subscribe: ({ context, args }: Data) => context.app.services.presence.open(context, args.roomId),
  })
  presence(@Root() m: PresenceMessage, @Arg('roomId', () => ID, { description: 'The room.' }) _roomId: string): PresenceEvent {
    return PresenceService.toEvent(m);
  }
}
