import { RedisPubSub } from 'graphql-redis-subscriptions';
import { PubSub as MemoryPubSub } from 'graphql-subscriptions';
import { Redis } from 'ioredis';
import { removeFrom } from './common/arrays.js';
import { settleWithin, within } from './common/deadline.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { PublishOutbox, type OutboxEntry, type OutboxStats } from './pubsub-outbox.js';
import type { Topic } from './topics.js';

export { topics, type Topic } from './topics.js';

export type Unsubscribe = () => Promise<void>;
const SUBSCRIBE_TIMEOUT_MS = 5000;
/** PUBLISH ARGV[1] on every channel in ARGV[2..]. */
const PUBLISH_MANY_LUA = `for i = 2, #ARGV do redis.call('PUBLISH', ARGV[i], ARGV[1]) end return #ARGV - 1`;
/** After a reconnect, the outbox waits this long (more than the longest reconnect interval) so every instance is back. */
const RECONNECT_SETTLE_MS = 1500;
/** Channels per publish-many call (each call runs inside Redis without interruption: keep it short). */
const PUBLISH_MANY_CHUNK = 1000;
type RedisWithPublishMany = Redis & { parleyPublishMany(json: string, ...channels: string[]): Promise<number> };
type Handler = (payload: any) => void;
/** The `ready` of every topic whose engine subscription is live. */
const LIVE = Promise.resolve();

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

interface TopicEntry {
  /** Its handlers (an array: most topics, a user's, have one, and a Set costs several times more). */
  list: Handler[];
  ready: Promise<void>;
  /** Ends this entry's engine subscription; set once the engine acknowledged it. */
  detach?: () => void;
  /** The last handler left (possibly before the engine acknowledged). */
  gone: boolean;
}

/**
 * Waits for an engine subscription to be live. While Redis is unreachable a SUBSCRIBE waits in ioredis's offline
 * queue: this fails the caller instead of hanging it. (A function of its own: the timer stays out of the context of
 * the unsubscribe closure, which lives as long as the subscription.)
 */
async function readyWithin(ready: Promise<void>, topic: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`pubsub subscribe to ${topic} timed out`)), SUBSCRIBE_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Local handler bookkeeping shared by both engines: one engine subscription per locally held topic, owned by
 * its entry, delivering only to that entry's handlers (so a re-subscribe racing an unsubscribe never delivers twice).
 */
abstract class Multiplexer {
  protected readonly handlers = new Map<string, TopicEntry>();

  constructor(protected readonly logger: Logger) {}

  /** Subscribes the engine to `topic`, delivering to `deliver`; resolves to a function that ends it. */
  protected abstract attach(topic: string, deliver: (payload: unknown) => void): Promise<() => void>;

  /** Delivers to this instance's handlers of `topic` only (when the engine cannot carry a publish). */
  protected deliverLocally(topic: string, payload: unknown) {
    const entry = this.handlers.get(topic);
    if (entry && !entry.gone) this.deliver(topic, entry, payload);
  }

  private deliver(topic: string, entry: TopicEntry, payload: unknown) {
    for (const h of entry.list.slice()) {
      try {
        h(payload);
      } catch (err) {
        this.logger.error({ err, topic }, 'pubsub handler failed');
      }
    }
  }

  private endEntry(topic: string, entry: TopicEntry) {
    entry.gone = true;
    if (this.handlers.get(topic) === entry) this.handlers.delete(topic);
    try {
      entry.detach?.();
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message }, topic }, 'pubsub unsubscribe failed');
    }
  }

  async subscribe(topic: string, onMessage: Handler): Promise<Unsubscribe> {
    // The callback itself: subscribing one callback twice lists it twice, and each unsubscribe removes one.
    const handler: Handler = onMessage;
    let entry = this.handlers.get(topic);
    if (!entry) {
      // Created with its first handler: pushing onto an empty array reserves room for 17.
      const created: TopicEntry = { list: [handler], gone: false, ready: Promise.resolve() };
      created.ready = this.attach(topic, (payload) => this.deliver(topic, created, payload)).then((detach) => {
        created.detach = detach;
        created.ready = LIVE; // the settled promise need not be kept per topic
        if (created.gone) detach(); // everyone left while the engine was still subscribing
      });
      // A SUBSCRIBE that fails after its callers timed out must not become an unhandled rejection.
      created.ready.catch(() => undefined);
      entry = created;
      this.handlers.set(topic, entry);
    } else entry.list.push(handler);
    const own = entry;
    let done = false;
    const unsubscribe = async () => {
      if (done) return;
      done = true;
      removeFrom(own.list, handler);
      if (own.list.length === 0 && !own.gone) this.endEntry(topic, own);
    };
    try {
      await readyWithin(own.ready, topic);
    } catch (err) {
      await unsubscribe();
      throw err;
    }
    return unsubscribe;
  }

  /** Ends every engine subscription (on close). */
  protected detachAll() {
    for (const [topic, entry] of [...this.handlers]) this.endEntry(topic, entry);
  }

  stats(): PubSubStats {
    let handlers = 0;
    for (const e of this.handlers.values()) handlers += e.list.length;
    return { topics: this.handlers.size, handlers };
  }
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

/**
 * graphql-redis-subscriptions' `unsubscribe` fires UNSUBSCRIBE and PUNSUBSCRIBE without awaiting them: while Redis is
 * down they wait in ioredis's offline queue, and closing the client rejects them ("Connection is closed.") as
 * unhandled rejections. The engine gets the subscriber through this view, whose two unsubscribe commands settle
 * quietly (logged at debug); ioredis re-subscribes only what is still subscribed after a reconnect anyway.
 */
function quietUnsubscribes(client: Redis, logger: Logger): Redis {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'unsubscribe' || prop === 'punsubscribe') {
        return (...args: string[]) =>
          (target[prop] as (...a: string[]) => Promise<unknown>)(...args).catch((err: Error) => logger.debug({ err: { message: err.message }, command: prop }, 'redis unsubscribe not sent'));
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Redis engine: graphql-redis-subscriptions' RedisPubSub on ioredis (one SUBSCRIBE per locally held topic; it
 * UNSUBSCRIBEs when the topic's last engine subscription goes), plus a command client for presence and rate limits.
 */
class RedisAppPubSub extends Multiplexer implements AppPubSub {
  readonly kind = 'redis' as const;
  readonly redis: Redis;
  private readonly engine: RedisPubSub;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly outbox: PublishOutbox;
  private readonly reconnectListeners: Array<() => void> = [];

  constructor(
    url: string,
    readonly prefix: string,
    logger: Logger,
    private readonly commandTimeoutMs: number,
  ) {
    super(logger);
    // Every command on a request path answers within the command timeout or fails (then each caller degrades: rate
    // limits count in memory, publishes go to the outbox); reconnects are tried at least every second.
    const options = { maxRetriesPerRequest: 1, enableReadyCheck: true, lazyConnect: false, commandTimeout: commandTimeoutMs, retryStrategy: (n: number) => Math.min(n * 100, 1000) };
    this.redis = new Redis(url, options);
    // A publish Redis cannot take now goes to the outbox at once instead of waiting in ioredis's queue (from which
    // it would also go out later, a second time). Its deadline is `settleWithin`'s, not ioredis's plain timer, so a
    // busy instance reads an answer that has arrived before it calls the publish failed (common/deadline.ts).
    this.publisher = new Redis(url, { ...options, enableOfflineQueue: false, commandTimeout: undefined });
    // The subscriber re-subscribes its channels by itself after a reconnect (ioredis autoResubscribe).
    this.subscriber = new Redis(url, { ...options, maxRetriesPerRequest: null, commandTimeout: undefined });
    let lost = false;
    for (const [name, client] of Object.entries({ command: this.redis, publisher: this.publisher, subscriber: this.subscriber })) {
      client.on('error', (err) => logger.warn({ err: { message: err.message }, client: name }, 'redis connection error'));
    }
    const back = () => {
      if (this.publisher.status === 'ready' && this.subscriber.status === 'ready') this.outbox.release(RECONNECT_SETTLE_MS);
    };
    this.publisher.on('close', () => this.outbox.hold());
    this.publisher.on('ready', back);
    this.subscriber.on('close', () => {
      lost = true;
      this.outbox.hold();
    });
    this.subscriber.on('ready', () => {
      back();
      if (!lost) return;
      lost = false;
      logger.info('redis reconnected');
      for (const l of this.reconnectListeners) {
        try {
          l();
        } catch (err) {
          logger.error({ err }, 'redis reconnect listener failed');
        }
      }
    });
    this.engine = new RedisPubSub({ publisher: this.publisher, subscriber: quietUnsubscribes(this.subscriber, logger) });
    this.outbox = new PublishOutbox(
      (entries) => this.publishInOrder(entries),
      // Our own subscriber back too: what the drain publishes then reaches this instance's subscribers.
      () => this.publisher.status === 'ready' && this.subscriber.status === 'ready',
      logger,
    );
  }

  /** Resolves once Redis acknowledged the SUBSCRIBE, so nothing published after it is missed. */
  protected async attach(topic: string, deliver: (payload: unknown) => void) {
    const channel = this.prefix + topic;
    const id = await this.engine.subscribe(channel, (payload: unknown) => {
      if (!this.outbox.isEcho(channel, payload)) deliver(payload);
    });
    return () => this.engine.unsubscribe(id);
  }

  /**
   * Publishes on Redis; if Redis does not take it (down, frozen past the command timeout, or earlier publishes still
   * waiting), this instance's subscribers get it now and the outbox publishes it once Redis is back. Never throws:
   * the write it announces has committed.
   */
  async publish(topic: string, payload: object): Promise<void> {
    const channel = this.prefix + topic;
    const json = JSON.stringify(payload);
    if (!this.outbox.size && this.publisher.status === 'ready') {
      try {
        await settleWithin(this.publisher.publish(channel, json), this.commandTimeoutMs, 'redis publish');
        return;
      } catch (err) {
        return this.keep(topic, channel, json, err);
      }
    }
    this.keep(topic, channel, json);
  }

  /**
   * The outbox's drain: publishes `entries` in one pipeline (one round trip, in order on the one connection) and
   * returns how many Redis took, counted from the first: the rest stay in the outbox, so a topic's order holds.
   */
  private async publishInOrder(entries: readonly OutboxEntry[]): Promise<number> {
    const pipeline = this.publisher.pipeline();
    for (const e of entries) pipeline.publish(e.channel, e.json);
    const results = await settleWithin(pipeline.exec(), this.commandTimeoutMs * 2, 'redis publish pipeline');
    let taken = 0;
    while (results && taken < results.length && !results[taken][0]) taken++;
    return taken;
  }

  private keep(topic: string, channel: string, json: string, err?: unknown) {
    this.deliverLocally(topic, JSON.parse(json));
    this.outbox.add({ channel, json }, true, err);
  }

  onReconnect(listener: () => void) {
    this.reconnectListeners.push(listener);
  }

  override stats(): PubSubStats {
    return { ...super.stats(), outbox: { ...this.outbox.stats } };
  }

  /**
   * One command per chunk of topics, the PUBLISH loop running inside Redis: a pipelined command per topic cost this
   * process several ms for a room of 1,000. Same channels and JSON as `publish`.
   */
  async publishMany(topics: Iterable<string>, payload: object): Promise<void> {
    // On the publisher, with publish's deadline: one connection and one rule for every publish.
    const redis = this.publisher as RedisWithPublishMany;
    if (!redis.parleyPublishMany) redis.defineCommand('parleyPublishMany', { numberOfKeys: 0, lua: PUBLISH_MANY_LUA });
    const json = JSON.stringify(payload);
    const list = Array.from(topics);
    const channels = list.map((topic) => this.prefix + topic);
    for (let i = 0; i < channels.length; i += PUBLISH_MANY_CHUNK) {
      if (!this.outbox.size && this.publisher.status === 'ready') {
        try {
          await settleWithin(redis.parleyPublishMany(json, ...channels.slice(i, i + PUBLISH_MANY_CHUNK)), this.commandTimeoutMs, 'redis publish');
          continue;
        } catch (err) {
          for (let j = i; j < Math.min(i + PUBLISH_MANY_CHUNK, channels.length); j++) this.keep(list[j], channels[j], json, err);
          continue;
        }
      }
      for (let j = i; j < Math.min(i + PUBLISH_MANY_CHUNK, channels.length); j++) this.keep(list[j], channels[j], json);
    }
  }

  async ping(timeoutMs = 800) {
    return within(
      this.redis.ping().then((r) => r === 'PONG'),
      timeoutMs,
      false,
    );
  }

  async close() {
    this.outbox.close();
    this.detachAll();
    await Promise.allSettled([this.redis.quit(), this.engine.close()]);
  }
}

export function createPubSub(config: Config, logger: Logger): AppPubSub {
  return config.redisUrl ? new RedisAppPubSub(config.redisUrl, config.redisPrefix, logger, config.redisCommandTimeoutMs) : new MemoryAppPubSub(logger);
}
