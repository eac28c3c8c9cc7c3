import { Arg, Authorized, ID, Int, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { toRoomEvent } from './room-event.mapper.js';
import type { RoomStreamItem } from './room-event-stream.js';
import { RoomEventBase } from './realtime.types.js';

type Data = SubscribeResolverData<unknown, { roomId: string; afterSeq?: number | null }, Context>;

@Resolver()
export class RoomEventsResolver {
  @Authorized()
  @Subscription(() => RoomEventBase, {
    description:
      "The room's events in seq order. With afterSeq, first replays the logged events after it, then goes live, with no gap and no duplicate across the switch; more than RESYNC_BOUND missed events give one ResyncRequired instead. Without afterSeq it starts live. Members only (NOT_FOUND for private rooms, FORBIDDEN for public ones); ends with AccessRevoked when the viewer loses access, and after RoomDeleted.",
    subscribe: ({ context, args }: Data) => context.app.services.roomStreams.open(context, args.roomId, args.afterSeq),
  })
  roomEvents(
    @Root() item: RoomStreamItem,
    @Arg('roomId', () => ID, { description: 'The room.' }) _roomId: string,
    @Arg('afterSeq', () => Int, { nullable: true, description: 'The last seq the client has; events after it are replayed first.' }) _afterSeq?: number,
  ): RoomEventBase {
    return toRoomEvent(item);
  }
}
