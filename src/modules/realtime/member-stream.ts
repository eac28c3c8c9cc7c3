import type { MikroORM } from '@mikro-orm/core';
import { assertId } from '../../common/ids.js';
import type { Context } from '../../context.js';
import { topics, type AppPubSub, type Topic, type Unsubscribe } from '../../pubsub.js';
import type { RoomService } from '../rooms/room.service.js';
import type { ConnectionService } from './connection.service.js';
import { QueueStream } from './stream.js';

export interface MemberStreamDeps {
  orm: MikroORM;
  pubsub: AppPubSub;
  rooms: RoomService;
  connections: ConnectionService;
}

export interface MemberStreamOptions<M, T> {
  roomId: string;
  topic: (roomId: string) => Topic<M>;
  /** What the viewer gets for one message, or null for nothing (their own typing, say). */
  map: (msg: M, viewerId: string) => T | null;
  /** The current state to start with (read after the topic is live); `key` drops what live news already covered. */
  snapshot?: { read: (roomId: string) => Promise<M[]>; key: (msg: M) => string };
}

/**
 * A member-only stream of a room topic (typing, presence), ending when the viewer leaves or is removed, the room is
 * deleted, or the session ends.
 */
export async function openMemberStream<M, T>(deps: MemberStreamDeps, ctx: Context, opts: MemberStreamOptions<M, T>): Promise<AsyncIterableIterator<T>> {
  const viewer = deps.connections.streamViewer(ctx);
  const id = assertId(opts.roomId, 'roomId');
  const unsubs: Unsubscribe[] = [];
  let unregister = () => {};
  const q = new QueueStream<T>(async () => {
    unregister();
    await Promise.allSettled(unsubs.map((u) => u()));
  });
  try {
    unsubs.push(
      await deps.pubsub.subscribe(topics.room(id), (e) => {
        if (e.type === 'RoomDeleted' || (e.type === 'MemberLeft' && e.payload.userId === viewer.id)) q.end();
      }),
    );
    const seenLive = new Set<string>();
    const { snapshot, map } = opts;
    unsubs.push(
      await deps.pubsub.subscribe(opts.topic(id), (msg) => {
        if (snapshot) seenLive.add(snapshot.key(msg));
        const value = map(msg, viewer.id);
        if (value !== null) q.push(value);
      }),
    );
    await deps.rooms.assertMember(deps.orm.em.fork(), id, viewer.id);
    if (snapshot) {
      for (const msg of await snapshot.read(id)) {
        if (seenLive.has(snapshot.key(msg))) continue;
        const value = map(msg, viewer.id);
        if (value !== null) q.push(value);
      }
    }
  } catch (err) {
    await q.stream.finish();
    throw err;
  }
  unregister = deps.connections.register(ctx, { roomId: id, revoke: () => q.end(), finished: () => q.stream.ended });
  return q.stream;
}
