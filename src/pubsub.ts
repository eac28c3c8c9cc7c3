import { PubSub as MemoryPubSub } from 'graphql-subscriptions';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { Multiplexer } from './pubsub-multiplexer.js';
import type { OutboxStats } from './pubsub-outbox.js';
import { RedisAppPubSub } from './pubsub-redis.js';
import type { Topic } from './topics.js';

export { topics, type Topic } from './topics.js';

export type Unsubscribe = () => Promise<void>;

/** What a PubSub holds locally: topics with at least one handler, and handlers in all (for leak checks). */
export interface PubSubStats {
  topics: number;
  handlers: number;
  /** Redis engine: publishes Redis did not take, and what became of them (see pubsub-outbox.ts). */
  outbox?: OutboxStats;
}

/**
 * The one PubSub the app uses, in-process or Redis-backed, with the same interface and semantics:
 * JSON payloads, per-topic handlers multiplexed locally, and the Redis channel unsubscribed as soon as its
 * last local handler leaves. `subscribe` resolves once the subscription is live (Redis acknowledged it),
 * so a caller may subscribe first and then read the database without missing what is published in between.
 */
export interface AppPubSub {
  readonly kind: 'memory' | 'redis';
  publish<T extends object>(topic: Topic<T>, payload: T): Promise<void>;
  /** Publishes one payload on many topics (viewer news for every member of a room), serialized once. */
  publishMany<T extends object>(topics: Iterable<Topic<T>>, payload: T): Promise<void>;
  /** Publishes a payload of its own on each topic (each member's viewer news), in one command per chunk on Redis. */
  publishEach<T extends object>(items: Iterable<readonly [Topic<T>, T]>): Promise<void>;
  /** Payloads arrive as JSON (a Date becomes its ISO string): the topic's type describes that JSON. */
  subscribe<T>(topic: Topic<T>, onMessage: (payload: T) => void): Promise<Unsubscribe>;
  /** The Redis client for commands (presence counters, rate limits); undefined in memory mode. */
  readonly redis?: Redis;
  /** The prefix of every Redis key and channel of this deployment ('' in memory mode). */
  readonly prefix: string;
  stats(): PubSubStats;
  /** Whether the engine answers, within `timeoutMs` (false rather than waiting longer). */
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * Calls `listener` each time the engine's connection comes back after it was lost (Redis reconnected): news
   * published meanwhile may be lost, so holders of state re-check it (revocation sweep).
   */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

/** In-process engine: graphql-subscriptions' PubSub, one engine subscription per locally held topic. */
class MemoryAppPubSub extends Multiplexer implements AppPubSub {
  readonly kind = 'memory' as const;
  readonly prefix = '';
  private readonly engine = new MemoryPubSub();

  protected async attach(topic: string, deliver: (payload: unknown) => void) {
    const id = await this.engine.subscribe(topic, deliver);
    return () => this.engine.unsubscribe(id);
  }

  async publish(topic: string, payload: object): Promise<void> {
    // Round-trip through JSON so memory mode sees exactly what Redis mode would; deliver on a later tick like Redis.
    const copy = JSON.parse(JSON.stringify(payload));
    setImmediate(() => void this.engine.publish(topic, copy));
  }

  async publishMany(topics: Iterable<string>, payload: object): Promise<void> {
    for (const topic of topics) await this.publish(topic, payload);
  }

  async publishEach(items: Iterable<readonly [string, object]>): Promise<void> {
    for (const [topic, payload] of items) await this.publish(topic, payload);
  }

  async ping() {
    return true;
  }

  onReconnect() {
    // Never disconnected.
  }

  async close() {
    this.detachAll();
  }
}

export function createPubSub(config: Config, logger: Logger): AppPubSub {
  return config.redisUrl ? new RedisAppPubSub(config.redisUrl, config.redisPrefix, logger, config.redisCommandTimeoutMs) : new MemoryAppPubSub(logger);
}
