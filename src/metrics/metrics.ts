import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Parley's Prometheus metrics, one registry per server (tests run several servers in one process). Built once in
 * the composition root and handed to whatever reports to it; /metrics serves `registry` (src/metrics/metrics-route.ts).
 */
export class AppMetrics {
  readonly registry = new Registry();

  /** HTTP requests: GraphQL ones labelled by operation name, others by route; outcome `ok` or an error code. */
  readonly httpRequests = new Counter({
    name: 'parley_http_requests_total',
    help: 'HTTP requests by operation (GraphQL operation name, or METHOD route) and outcome (ok, or the error code / HTTP status class).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP request latency by operation and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  /** GraphQL subscriptions live on this instance, by root field (roomEvents, typing, presence, viewerEvents...). */
  readonly subscriptions = new Gauge({
    name: 'parley_subscriptions_live',
    help: 'Live GraphQL subscriptions on this instance by kind (the subscription root field).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly eventsPublished = new Counter({
    name: 'parley_events_published_total',
    help: 'Events published to the PubSub by this instance, by topic kind (ROOM, TYPING, PRESENCE, USER, VIEWER).',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });
  readonly eventsDelivered = new Counter({
    name: 'parley_events_delivered_total',
    help: 'Events the PubSub delivered to this instance\'s subscribers (each local handler counts), by topic kind.',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });
  readonly deliveryLatency = new Histogram({
    name: 'parley_event_delivery_latency_seconds',
    help: 'Time from publish (on any instance) to arrival at a local subscriber, by topic kind.',
    labelNames: ['topic'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'parley_rate_limit_refusals_total',
    help: 'Requests refused with RATE_LIMITED, by limit (login, send, reset...).',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge whose value is read when /metrics is scraped (sockets, pool sizes, queue lengths, connection state). */
  gauge(name: string, help: string, read: () => number | Record<string, number>, labelName = 'state') {
    const sample = read();
    const labelled = typeof sample === 'object';
    new Gauge({
      name,
      help,
      labelNames: labelled ? [labelName] : [],
      registers: [this.registry],
      collect() {
        const v = read();
        if (typeof v === 'number') this.set(v);
        else for (const [label, n] of Object.entries(v)) this.set({ [labelName]: label }, n);
      },
    });
  }
}

/** The kind of a topic for labels: its name up to the first id (`ROOM:abc` is ROOM, `PRESENCE:ROOM:abc` is PRESENCE). */
export function topicKind(topic: string): string {
  const i = topic.indexOf(':');
  return i < 0 ? topic : topic.slice(0, i);
}
