import { Arg, Authorized, Ctx, ID, Mutation, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { TypingEvent } from './realtime.types.js';
import { TypingService, type TypingMessage } from './typing.service.js';

type Data = SubscribeResolverData<unknown, { roomId: string }, Context>;

@Resolver()
export class TypingResolver {
  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Tells the room\'s other members that the viewer started or stopped typing. Repeated starts within a few seconds are not re-broadcast; a start expires after about 6 seconds. Members only.',
  })
  setTyping(
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('isTyping', () => Boolean, { description: 'True when typing started, false when it stopped.' }) isTyping: boolean,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.app.services.typing.setTyping(ctx, roomId, isTyping);
  }

  @Authorized()
  @Subscription(() => TypingEvent, {
    description: "Fellow members starting and stopping typing in the room (never the viewer's own). Starts with who is typing right now, so a client that reconnects mid-sentence still shows the indicator. Members only; ends when the viewer loses access.",
    subscribe: ({ context, args }: Data) => context.app.services.typing.open(context, args.roomId),
  })
  typing(@Root() m: TypingMessage, @Arg('roomId', () => ID, { description: 'The room.' }) _roomId: string): TypingEvent {
    return TypingService.toEvent(m);
  }
}
