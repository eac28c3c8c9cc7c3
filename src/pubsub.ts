import { RedisPubSub } from 'graphql-redis-subscriptions';
import { PubSub as MemoryPubSub } from 'graphql-subscriptions';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/** Topic names: per room and per user, never one global topic filtered per subscriber (DESIGN.md). */
export const topics = {
  room: (roomId: string) => `ROOM:${roomId}`,
  typing: (roomId: string) => `TYPING:${roomId}`,
  user: (userId: string) => `USER:${userId}`,
  presence: (userId: string) => `PRESENCE:${userId}`,
};

export type Unsubscribe = () => Promise<void>;

/**
 * The one PubSub the app uses, in-process or Redis-backed, with the same interface and semantics:
 * JSON payloads, per-topic handlers, and unsubscribing the Redis channel when its last local handler leaves
 * (graphql-redis-subscriptions does that bookkeeping).
 */
export interface AppPubSub {
  readonly kind: 'memory' | 'redis';
  publish(topic: string, payload: object): Promise<void>;
  subscribe(topic: string, onMessage: (payload: any) => void): Promise<Unsubscribe>;
  /** The Redis client for commands (presence counters, rate limits); undefined in memory mode. */
  readonly redis?: Redis;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

class MemoryAppPubSub implements AppPubSub {
  readonly kind = 'memory' as const;
  private readonly engine = new MemoryPubSub();

  async publish(topic: string, payload: object): Promise<void> {
    // Round-trip through JSON so memory mode sees exactly what Redis mode would.
    await this.engine.publish(topic, JSON.parse(JSON.stringify(payload)));
  }

  async subscribe(topic: string, onMessage: (payload: any) => void): Promise<Unsubscribe> {
    const id = await this.engine.subscribe(topic, onMessage);
    return async () => this.engine.unsubscribe(id);
  }

  async ping() {
    return true;
  }

  async close() {}
}

class RedisAppPubSub implements AppPubSub {
  readonly kind = 'redis' as const;
  readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private readonly engine: RedisPubSub;

  constructor(
    url: string,
    private readonly prefix: string,
    logger: Logger,
  ) {
    const options = { maxRetriesPerRequest: 3, enableReadyCheck: true, lazyConnect: false };
    this.redis = new Redis(url, options);
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const [name, client] of Object.entries({ command: this.redis, publisher: this.publisher, subscriber: this.subscriber })) {
      client.on('error', (err) => logger.warn({ err: { message: err.message }, client: name }, 'redis connection error'));
    }
    this.engine = new RedisPubSub({ publisher: this.publisher, subscriber: this.subscriber });
  }

  async publish(topic: string, payload: object): Promise<void> {
    await this.engine.publish(this.prefix + topic, payload);
  }

  async subscribe(topic: string, onMessage: (payload: any) => void): Promise<Unsubscribe> {
    const id = await this.engine.subscribe(this.prefix + topic, onMessage);
    return async () => this.engine.unsubscribe(id);
  }

  async ping() {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close() {
    this.engine.close();
    await Promise.allSettled([this.redis.quit(), this.publisher.quit(), this.subscriber.quit()]);
  }
}

export function createPubSub(config: Config, logger: Logger): AppPubSub {
  return config.redisUrl ? new RedisAppPubSub(config.redisUrl, config.redisPrefix, logger) : new MemoryAppPubSub();
}
