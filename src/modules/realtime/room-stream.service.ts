import type { MikroORM } from '@mikro-orm/core';
import { assertId } from '../../common/ids.js';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import { BadInputError } from '../../errors.js';
import { topics, type AppPubSub } from '../../pubsub.js';
import type { RoomEventMessage, RoomEventService } from '../rooms/room-events.service.js';
import type { RoomService } from '../rooms/room.service.js';
import type { ConnectionService } from './connection.service.js';
import { RoomEventStream, type RoomLog, type RoomStreamItem } from './room-event-stream.js';

export interface RoomStreamServiceDeps {
  config: Pick<Config, 'resyncBound'>;
  orm: MikroORM;
  pubsub: AppPubSub;
  rooms: RoomService;
  roomEvents: RoomEventService;
  connections: ConnectionService;
}

/** roomEvents: one ordered stream per subscriber (replay from afterSeq, then live), kept authorized while it lives. */
export class RoomStreamService implements RoomLog {
  constructor(private readonly deps: RoomStreamServiceDeps) {}

  /** The log every stream reads for replay and holes, each read on a fresh fork. */
  eventsAfter(roomId: string, afterSeq: number, limit: number): Promise<RoomEventMessage[]> {
    return this.deps.roomEvents.eventsAfter(this.deps.orm.em.fork(), roomId, afterSeq, limit);
  }

  async open(ctx: Context, roomId: string, afterSeq: number | null | undefined): Promise<AsyncIterableIterator<RoomStreamItem>> {
    const { orm, pubsub, rooms, connections, config } = this.deps;
    const viewer = connections.streamViewer(ctx);
    const id = assertId(roomId, 'roomId');
    if (afterSeq !== null && afterSeq !== undefined && (!Number.isInteger(afterSeq) || afterSeq < 0)) {
      throw new BadInputError('afterSeq', '"afterSeq" must be a non-negative whole number.');
    }
    // The stream's log and its release are objects it shares or holds, not closures per stream (an idle subscription
    // keeps them for as long as it lives).
    const rs = new RoomEventStream({ roomId: id, viewerId: viewer.id, log: this });
    // Subscribe first, then read where the room is: nothing published in between can be missed.
    const unsubscribe = await pubsub.subscribe(topics.room(id), rs.onLive);
    try {
      // The room row is read before the membership, so its lastSeq predates the check.
      const { room } = await rooms.assertMember(orm.em.fork(), id, viewer.id);
      if (afterSeq != null && afterSeq > room.lastSeq) {
        throw new BadInputError('afterSeq', `"afterSeq" is ahead of the room's latest seq (${room.lastSeq}).`);
      }
      rs.start(room.lastSeq, afterSeq ?? null, config.resyncBound);
    } catch (err) {
      await unsubscribe();
      throw err;
    }
    rs.unsubscribe = unsubscribe;
    rs.listedIn = connections.list(ctx, rs);
    return rs.stream;
  }
}
