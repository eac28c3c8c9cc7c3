import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import { settleWithin, within } from './common/deadline.js';
import type { Logger } from './logger.js';
import { Multiplexer } from './pubsub-multiplexer.js';
import { PublishOutbox, type OutboxEntry, type OutboxStats } from './pubsub-outbox.js';
import type { AppPubSub, PubSubStats } from './pubsub.js';

/** PUBLISH ARGV[1] on every channel in ARGV[2..]. */
const PUBLISH_MANY_LUA = `for i = 2, #ARGV do redis.call('PUBLISH', ARGV[i], ARGV[1]) end return #ARGV - 1`;
/** PUBLISH for each (channel, JSON) pair of ARGV. */
const PUBLISH_EACH_LUA = `for i = 1, #ARGV, 2 do redis.call('PUBLISH', ARGV[i], ARGV[i + 1]) end return #ARGV / 2`;
/** After a reconnect, the outbox waits this long (more than the longest reconnect interval) so every instance is back. */
const RECONNECT_SETTLE_MS = 1500;
/** Channels per publish-many call (each call runs inside Redis without interruption: keep it short). */
const PUBLISH_MANY_CHUNK = 1000;
/** Channels per SUBSCRIBE when re-subscribing after a reconnect. */
const RESUBSCRIBE_CHUNK = 1000;
/** How many command timeouts `close` waits for the QUITs. */
const CLOSE_TIMEOUTS = 4;
type RedisWithPublishMany = Redis & { parleyPublishMany(json: string, ...channels: string[]): Promise<number>; parleyPublishEach(...pairs: string[]): Promise<number> };

/**
 * graphql-redis-subscriptions' `unsubscribe` fires UNSUBSCRIBE and PUNSUBSCRIBE without awaiting them: while Redis is
 * down they wait in ioredis's offline queue, and closing the client rejects them ("Connection is closed.") as
 * unhandled rejections. The engine gets the subscriber through this view, whose two unsubscribe commands settle
 * quietly (logged at debug); after a reconnect only the topics still held are subscribed again (`resubscribe`).
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
export class RedisAppPubSub extends Multiplexer implements AppPubSub {
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
    // The subscriber's SUBSCRIBEs wait out an outage (no retry limit, no timeout: callers have their own deadline).
    // After a reconnect it re-subscribes through `resubscribe`, not ioredis's autoResubscribe: that one drops the
    // promise of its SUBSCRIBE, so a client closed before Redis answered it (a stop just after Redis came back) made
    // an unhandled rejection; test/redis-faults.test.ts, "stopping while Redis is frozen", reproduces it.
    this.subscriber = new Redis(url, { ...options, maxRetriesPerRequest: null, commandTimeout: undefined, autoResubscribe: false });
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
    this.subscriber.on('ready', async () => {
      if (!lost) return back();
      lost = false;
      logger.info('redis reconnected');
      // Listeners re-check what they may have missed once the channels are live again, so nothing falls between.
      await this.resubscribe();
      back();
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
    const subscribed = this.engine.subscribe(channel, (payload: unknown) => {
      if (!this.outbox.isEcho(channel, payload)) deliver(payload);
    });
    this.awaitPending(channel);
    const id = await subscribed;
    return () => this.engine.unsubscribe(id);
  }

  /** SUBSCRIBEs again every topic held here (after a reconnect), in chunks; a failure waits for the next reconnect. */
  private async resubscribe() {
    const channels = [...this.handlers.keys()].map((topic) => this.prefix + topic);
    for (let i = 0; i < channels.length; i += RESUBSCRIBE_CHUNK) {
      try {
        await this.subscriber.subscribe(...channels.slice(i, i + RESUBSCRIBE_CHUNK));
      } catch (err) {
        this.logger.warn({ err: { message: (err as Error).message }, channels: channels.length }, 'redis resubscribe failed');
        return;
      }
    }
    this.logger.debug({ channels: channels.length }, 'redis channels subscribed again');
  }

  /**
   * graphql-redis-subscriptions 2.7.0 keeps a channel's first SUBSCRIBE in a deferred promise that only a second
   * subscribe to the same channel, made while the first is pending, ever awaits. When that SUBSCRIBE fails (the
   * closing client rejects what it still holds, "Connection is closed.", or Redis answers with an error) and nobody
   * else waited, the deferred is an unhandled rejection, which ends a Node process. A second engine subscription, made
   * at once and ended as soon as it settles, is that waiter (public API only; a failure here is the first one's too,
   * which its caller sees). test/redis-faults.test.ts, "stopping while Redis is frozen", reproduces it.
   */
  private awaitPending(channel: string) {
    this.engine
      .subscribe(channel, () => undefined)
      .then((id) => this.engine.unsubscribe(id))
      .catch((err: Error) => this.logger.debug({ err: { message: err.message }, channel }, 'redis subscribe not acknowledged'));
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
    const entries = Array.from(topics, (topic) => ({ topic, channel: this.prefix + topic, json }));
    await this.publishChunks(entries, (chunk) => redis.parleyPublishMany(json, ...chunk.map((e) => e.channel)));
  }

  /**
   * `publish` of a payload of its own on each topic, one command per chunk (the PUBLISH loop inside Redis): viewer
   * news for a room of 1,000 online members was 1,000 awaited PUBLISHes, each a write and a wake-up of this process,
   * interleaved with the room's live deliveries for up to seconds (bench/NOTES.md, session 11).
   */
  async publishEach(items: Iterable<readonly [string, object]>): Promise<void> {
    const redis = this.publisher as RedisWithPublishMany;
    if (!redis.parleyPublishEach) redis.defineCommand('parleyPublishEach', { numberOfKeys: 0, lua: PUBLISH_EACH_LUA });
    const entries = Array.from(items, ([topic, payload]) => ({ topic, channel: this.prefix + topic, json: JSON.stringify(payload) }));
    await this.publishChunks(entries, (chunk) => redis.parleyPublishEach(...chunk.flatMap((e) => [e.channel, e.json])));
  }

  /**
   * publishMany's and publishEach's rule: one command per chunk while Redis takes them, with publish's deadline; a
   * chunk Redis does not take (or any while earlier publishes wait in the outbox) is kept, entry by entry, as `publish`
   * keeps one.
   */
  private async publishChunks(entries: Array<{ topic: string; channel: string; json: string }>, send: (chunk: typeof entries) => Promise<number>) {
    for (let i = 0; i < entries.length; i += PUBLISH_MANY_CHUNK) {
      const chunk = entries.slice(i, i + PUBLISH_MANY_CHUNK);
      if (!this.outbox.size && this.publisher.status === 'ready') {
        try {
          await settleWithin(send(chunk), this.commandTimeoutMs, 'redis publish');
          continue;
        } catch (err) {
          for (const e of chunk) this.keep(e.topic, e.channel, e.json, err);
          continue;
        }
      }
      for (const e of chunk) this.keep(e.topic, e.channel, e.json);
    }
  }

  async ping(timeoutMs = 800) {
    return within(
      this.redis.ping().then((r) => r === 'PONG'),
      timeoutMs,
      false,
    );
  }

  /**
   * QUITs every client, waiting at most a few command timeouts: a QUIT waits in ioredis's offline queue while Redis is
   * down, and for an answer that never comes while Redis is frozen, and a stop must not hang on either. A client
   * still open then is disconnected (what it had queued is dropped: this instance is going away).
   */
  async close() {
    this.outbox.close();
    this.detachAll();
    const clients = [this.redis, this.publisher, this.subscriber];
    await within(
      Promise.allSettled(clients.map((c) => c.quit())).then(() => undefined),
      this.commandTimeoutMs * CLOSE_TIMEOUTS,
      undefined,
    );
    for (const c of clients) if (c.status !== 'end') c.disconnect();
  }
}
