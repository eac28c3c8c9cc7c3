import { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/** Topic names: per room and per user, never one global topic filtered per subscriber (DESIGN.md). */
export const topics = {
  /** RoomEventMessage for every logged change of the room (and the live-only RoomDeleted). */
  room: (roomId: string) => `ROOM:${roomId}`,
  /** Typing starts and stops in the room. */
  typing: (roomId: string) => `TYPING:${roomId}`,
  /** Presence changes of the room's members (fanned out per room when a user goes online or offline). */
  roomPresence: (roomId: string) => `PRESENCE:ROOM:${roomId}`,
  /** Control and list news for one user: SessionRevoked, UserBanned, viewer events. */
  user: (userId: string) => `USER:${userId}`,
  presence: (userId: string) => `PRESENCE:${userId}`,
};

export type Unsubscribe = () => Promise<void>;
const SUBSCRIBE_TIMEOUT_MS = 5000;
type Handler = (payload: any) => void;

/** What a PubSub holds locally: topics with at least one handler, and handlers in all (for leak checks). */
export interface PubSubStats {
  topics: number;
  handlers: number;
}

/**
 * The one PubSub the app uses, in-process or Redis-backed, with the same interface and semantics:
 * JSON payloads, per-topic handlers multiplexed locally, and the Redis channel unsubscribed as soon as its
 * last local handler leaves. `subscribe` resolves once the subscription is live (Redis acknowledged it),
 * so a caller may subscribe first and then read the database without missing what is published in between.
 */
export interface AppPubSub {
  readonly kind: 'memory' | 'redis';
  publish(topic: string, payload: object): Promise<void>;
  subscribe(topic: string, onMessage: (payload: any) => void): Promise<Unsubscribe>;
  /** The Redis client for commands (presence counters, rate limits); undefined in memory mode. */
  readonly redis?: Redis;
  /** The prefix of every Redis key and channel of this deployment ('' in memory mode). */
  readonly prefix: string;
  stats(): PubSubStats;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Local handler bookkeeping shared by both engines. */
abstract class Multiplexer {
  protected readonly handlers = new Map<string, { set: Set<Handler>; ready: Promise<void> }>();

  constructor(protected readonly logger: Logger) {}

  protected abstract attach(topic: string): Promise<void>;
  protected abstract detach(topic: string): Promise<void>;

  protected dispatch(topic: string, payload: unknown) {
    const entry = this.handlers.get(topic);
    if (!entry) return;
    for (const h of [...entry.set]) {
      try {
        h(payload);
      } catch (err) {
        this.logger.error({ err, topic }, 'pubsub handler failed');
      }
    }
  }

  async subscribe(topic: string, onMessage: Handler): Promise<Unsubscribe> {
    let entry = this.handlers.get(topic);
    if (!entry) {
      entry = { set: new Set(), ready: this.attach(topic) };
      this.handlers.set(topic, entry);
    }
    const own = entry;
    // A distinct function per subscription, so the same callback may subscribe twice.
    const handler: Handler = (p) => onMessage(p);
    own.set.add(handler);
    let done = false;
    const unsubscribe = async () => {
      if (done) return;
      done = true;
      own.set.delete(handler);
      if (own.set.size === 0 && this.handlers.get(topic) === own) {
        this.handlers.delete(topic);
        // Commands on one connection run in order, so a later re-subscribe to this topic lands after this one;
        // not awaited, so a caller cleaning up never waits on an unreachable Redis.
        void this.detach(topic).catch((err) => this.logger.warn({ err: { message: (err as Error).message }, topic }, 'pubsub unsubscribe failed'));
      }
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      // While Redis is unreachable a SUBSCRIBE waits in ioredis's offline queue: fail the caller instead of hanging it.
      await Promise.race([
        own.ready,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`pubsub subscribe to ${topic} timed out`)), SUBSCRIBE_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      await unsubscribe();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    return unsubscribe;
  }

  stats(): PubSubStats {
    let handlers = 0;
    for (const e of this.handlers.values()) handlers += e.set.size;
    return { topics: this.handlers.size, handlers };
  }
}

class MemoryAppPubSub extends Multiplexer implements AppPubSub {
  readonly kind = 'memory' as const;
  readonly prefix = '';

  protected async attach() {}
  protected async detach() {}

  async publish(topic: string, payload: object): Promise<void> {
    // Round-trip through JSON so memory mode sees exactly what Redis mode would; deliver on a later tick like Redis.
    const copy = JSON.parse(JSON.stringify(payload));
    setImmediate(() => this.dispatch(topic, copy));
  }

  async ping() {
    return true;
  }

  async close() {
    this.handlers.clear();
  }
}

class RedisAppPubSub extends Multiplexer implements AppPubSub {
  readonly kind = 'redis' as const;
  readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly publisher: Redis;

  constructor(
    url: string,
    readonly prefix: string,
    logger: Logger,
  ) {
    super(logger);
    const options = { maxRetriesPerRequest: 3, enableReadyCheck: true, lazyConnect: false };
    this.redis = new Redis(url, options);
    this.publisher = new Redis(url, options);
    // The subscriber re-subscribes its channels by itself after a reconnect (ioredis autoResubscribe).
    this.subscriber = new Redis(url, { ...options, maxRetriesPerRequest: null });
    for (const [name, client] of Object.entries({ command: this.redis, publisher: this.publisher, subscriber: this.subscriber })) {
      client.on('error', (err) => logger.warn({ err: { message: err.message }, client: name }, 'redis connection error'));
    }
    this.subscriber.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(this.prefix)) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message);
      } catch {
        logger.warn({ channel }, 'dropping a non-JSON pubsub message');
        return;
      }
      this.dispatch(channel.slice(this.prefix.length), payload);
    });
  }

  protected async attach(topic: string) {
    await this.subscriber.subscribe(this.prefix + topic);
  }

  protected async detach(topic: string) {
    await this.subscriber.unsubscribe(this.prefix + topic);
  }

  async publish(topic: string, payload: object): Promise<void> {
    await this.publisher.publish(this.prefix + topic, JSON.stringify(payload));
  }

  async ping() {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close() {
    this.handlers.clear();
    await Promise.allSettled([this.redis.quit(), this.publisher.quit(), this.subscriber.quit()]);
  }
}

export function createPubSub(config: Config, logger: Logger): AppPubSub {
  return config.redisUrl ? new RedisAppPubSub(config.redisUrl, config.redisPrefix, logger) : new MemoryAppPubSub(logger);
}
