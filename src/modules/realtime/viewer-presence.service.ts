import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context.js';
import { topics, type AppPubSub, type Unsubscribe } from '../../pubsub.js';
import type { ConnectionService } from './connection.service.js';
import type { PresenceMessage } from './presence.service.js';
import { QueueStream } from './stream.js';

export interface ViewerPresenceDeps {
  orm: MikroORM;
  pubsub: AppPubSub;
  connections: ConnectionService;
}

/**
 * Presence for a room list on one stream: when a user goes online or offline, each person who shares a direct room
 * with them is told on their own topic (with the direct room's id), so a client follows all its direct chats'
 * online dots with one subscription instead of one `presence` per room. Computed when the change happens, so a
 * direct room opened after the stream started is covered, and nobody else hears of it.
 */
export class ViewerPresenceService {
  constructor(private readonly deps: ViewerPresenceDeps) {}

  /** The other member of each direct room of the user, with that room. */
  async partnersOf(userId: string): Promise<Array<{ userId: string; roomId: string }>> {
    const em = this.deps.orm.em.fork() as SqlEntityManager;
    const rows = await em.execute<Array<{ user_id: string; room_id: string }>>(
      `select other.user_id, other.room_id from memberships mine
         join rooms r on r.id = mine.room_id and r.kind = 'DIRECT'
         join memberships other on other.room_id = mine.room_id and other.user_id <> mine.user_id
       where mine.user_id = ?`,
      [userId],
    );
    return rows.map((r) => ({ userId: r.user_id, roomId: r.room_id }));
  }

  /** Called by presence after a user's transition: tells each direct-room partner. */
  async changed(userId: string, isOnline: boolean, lastSeenAt: string | null): Promise<void> {
    for (const p of await this.partnersOf(userId)) {
      const message: PresenceMessage = { userId, roomId: p.roomId, isOnline, lastSeenAt };
      await this.deps.pubsub.publish(topics.viewerPresence(p.userId), message);
    }
  }

  /** The viewer's stream; it ends when the session does (revoked with the socket's other streams). */
  async open(ctx: Context): Promise<AsyncIterableIterator<PresenceMessage>> {
    const viewer = this.deps.connections.streamViewer(ctx);
    let unsubscribe: Unsubscribe = async () => {};
    let unregister = () => {};
    const q = new QueueStream<PresenceMessage>(async () => {
      unregister();
      await unsubscribe();
    }, 200);
    unsubscribe = await this.deps.pubsub.subscribe(topics.viewerPresence(viewer.id), (m) => q.push(m));
    unregister = this.deps.connections.register(ctx, { roomId: null, revoke: () => q.end(), finished: () => q.stream.ended });
    return q.stream;
  }
}
