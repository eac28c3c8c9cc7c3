import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import type { PresenceMessage } from './presence.service.js';
import type { RoomStreamItem } from './room-event-stream.js';
import { PresenceEvent, RoomEventBase, TypingEvent, ViewerEventBase } from './realtime.types.js';
import type { TypingMessage } from './typing.service.js';

type Args = Record<string, any>;
type Data = SubscribeResolverData<unknown, Args, Context>;
const service = ({ context }: Data) => context.app.services.realtime;

@Resolver()
export class RealtimeResolver {
  @Authorized()
  @Subscription(() => RoomEventBase, {
    description:
      "The room's events in seq order. With afterSeq, first replays the logged events after it, then goes live, with no gap and no duplicate across the switch; more than RESYNC_BOUND missed events give one ResyncRequired instead. Without afterSeq it starts live. Members only (NOT_FOUND for private rooms, FORBIDDEN for public ones); ends with AccessRevoked when the viewer loses access, and after RoomDeleted.",
    subscribe: (data: Data) => service(data).roomEvents(data.context, data.args.roomId, data.args.afterSeq),
  })
  roomEvents(
    @Root() item: RoomStreamItem,
    @Ctx() ctx: Context,
    @Arg('roomId', () => ID, { description: 'The room.' }) _roomId: string,
    @Arg('afterSeq', () => Int, { nullable: true, description: 'The last seq the client has; events after it are replayed first.' }) _afterSeq?: number,
  ): RoomEventBase {
    return ctx.app.services.realtime.toRoomEvent(ctx, item);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Tells the room\'s other members that the viewer started or stopped typing. Repeated starts within a few seconds are not re-broadcast; a start expires after about 6 seconds. Members only.',
  })
  setTyping(
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('isTyping', () => Boolean, { description: 'True when typing started, false when it stopped.' }) isTyping: boolean,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.app.services.realtime.setTyping(ctx, roomId, isTyping);
  }

  @Authorized()
  @Subscription(() => TypingEvent, {
    description: "Fellow members starting and stopping typing in the room (never the viewer's own). Starts with who is typing right now, so a client that reconnects mid-sentence still shows the indicator. Members only; ends when the viewer loses access.",
    subscribe: (data: Data) => service(data).typing(data.context, data.args.roomId),
  })
  typing(@Root() m: TypingMessage, @Ctx() ctx: Context, @Arg('roomId', () => ID, { description: 'The room.' }) _roomId: string): TypingEvent {
    return ctx.app.services.realtime.toTypingEvent(ctx, m);
  }

  @Authorized()
  @Subscription(() => PresenceEvent, {
    description: 'Fellow members of the room coming online (first live connection anywhere) and going offline (last one closed). Members only; ends when the viewer loses access.',
    subscribe: (data: Data) => service(data).presence(data.context, data.args.roomId),
  })
  presence(@Root() m: PresenceMessage, @Ctx() ctx: Context, @Arg('roomId', () => ID, { description: 'The room.' }) _roomId: string): PresenceEvent {
    return ctx.app.services.realtime.toPresenceEvent(ctx, m);
  }

  @Authorized()
  @Subscription(() => ViewerEventBase, {
    description: "News for the viewer's room list, without one subscription per room: added to a room, removed from one, or new activity (latest seq and unread count) in one of theirs.",
    subscribe: (data: Data) => service(data).viewerEvents(data.context),
  })
  viewerEvents(@Root() m: any, @Ctx() ctx: Context): Promise<ViewerEventBase> {
    return ctx.app.services.realtime.toViewerEvent(ctx, m);
  }
}
