import type { MikroORM } from '@mikro-orm/core';
import type { AppParts } from '../context.js';
import type { AppPubSub } from '../pubsub.js';
import { topicKind, type AppMetrics } from './metrics.js';

/** Set on each published payload: when it was published, for the delivery latency at the receiving instance. */
const PUBLISHED_AT = '_publishedAt';

/** The PubSub with publish and delivery counted: publish, publishMany, publishEach and subscribe wrapped, the rest delegated. */
export function instrumentPubSub(pubsub: AppPubSub, metrics: AppMetrics): AppPubSub {
  const stamp = <T extends object>(payload: T): T => ({ ...payload, [PUBLISHED_AT]: Date.now() });
  return {
    kind: pubsub.kind,
    prefix: pubsub.prefix,
    redis: pubsub.redis,
    stats: () => pubsub.stats(),
    ping: (timeoutMs?: number) => pubsub.ping(timeoutMs),
    onReconnect: (listener: () => void) => pubsub.onReconnect(listener),
    close: () => pubsub.close(),
    publish: (topic: string, payload: object) => {
      metrics.eventsPublished.inc({ topic: topicKind(topic) });
      return pubsub.publish(topic as never, stamp(payload) as never);
    },
    publishMany: (topics: Iterable<string>, payload: object) => {
      const list = [...topics];
      if (list.length) metrics.eventsPublished.inc({ topic: topicKind(list[0]!) }, list.length);
      return pubsub.publishMany(list as never, stamp(payload) as never);
    },
    publishEach: (items: Iterable<readonly [string, object]>) => {
      const list = Array.from(items, ([topic, payload]) => [topic, stamp(payload)] as const);
      for (const [topic] of list) metrics.eventsPublished.inc({ topic: topicKind(topic) });
      return pubsub.publishEach(list as never);
    },
    subscribe: (topic: string, onMessage: (payload: unknown) => void) => {
      const kind = topicKind(topic);
      return pubsub.subscribe(topic as never, (payload: unknown) => {
        metrics.eventsDelivered.inc({ topic: kind });
        const at = (payload as Record<string, unknown> | null)?.[PUBLISHED_AT];
        if (typeof at === 'number') metrics.deliveryLatency.observe({ topic: kind }, Math.max(0, Date.now() - at) / 1000);
        onMessage(payload);
      });
    },
  } as AppPubSub;
}

/** Gauges read at scrape time from the running parts: sockets, live subscriptions, DB pool, Redis, argon2 queue. */
export function registerStateGauges(metrics: AppMetrics, parts: AppParts, orm: MikroORM, argon2Queue: () => number) {
  const { connections } = parts.services;
  metrics.gauge('parley_sockets_live', 'Authenticated graphql-ws sockets on this instance.', () => connections.connectionsOf().length);
  metrics.gauge(
    'parley_subscription_streams_live',
    'Live subscription streams held by sockets on this instance, by kind of stream.',
    () => {
      const byKind: Record<string, number> = {};
      for (const c of connections.connectionsOf()) for (const s of c.streams) byKind[s.constructor.name] = (byKind[s.constructor.name] ?? 0) + 1;
      return byKind;
    },
    'kind',
  );
  const knex = (orm.em.getConnection() as unknown as { getKnex(): { client: { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } } } }).getKnex();
  metrics.gauge('parley_db_pool_connections', 'Database pool connections by state (used, free, pending acquires).', () => {
    const pool = knex.client.pool;
    return pool ? { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires() } : { used: 0, free: 0, pending: 0 };
  });
  const redis = parts.pubsub.redis;
  if (redis) metrics.gauge('parley_redis_up', 'Whether the Redis command connection is ready (1) or not (0).', () => (redis.status === 'ready' ? 1 : 0));
  metrics.gauge('parley_argon2_queue_length', 'Password hashes waiting for an argon2 slot.', argon2Queue);
}
