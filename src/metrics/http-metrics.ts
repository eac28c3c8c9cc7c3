import type { ApolloServerPlugin } from '@apollo/server';
import type { Express, RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { currentRequest } from '../http/request-context.js';
import type { AppMetrics } from './metrics.js';

/** Labels a non-GraphQL path by its route, never by ids in it (bounded label values). */
function routeOf(path: string): string {
  if (path === '/healthz' || path === '/metrics' || path === '/schema.graphql' || path === '/graphiql' || path === '/docs') return path;
  if (path.startsWith('/assets/')) return '/assets';
  if (path.startsWith('/reference')) return '/reference';
  if (path.startsWith('/uploads') || path.startsWith('/files/')) return path.split('/').slice(0, 2).join('/');
  return 'other';
}

/**
 * Counts and times every HTTP request when its response is done: GraphQL requests by operation name and outcome
 * (set by `graphqlMetricsPlugin` on the request's context), other requests by method and route and status class.
 */
export function httpMetrics(metrics: AppMetrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    const ctx = currentRequest();
    res.once('finish', () => {
      const operation = ctx?.operation ?? `${req.method} ${req.path.startsWith('/graphql') ? '/graphql' : routeOf(req.path)}`;
      const outcome = ctx?.outcome ?? (res.statusCode < 400 ? 'ok' : `http_${Math.floor(res.statusCode / 100)}xx`);
      metrics.httpRequests.inc({ operation, outcome });
      end({ operation, outcome });
    });
    next();
  };
}

/** Tells the HTTP metrics and the access log which GraphQL operation a request ran and how it ended. */
export function graphqlMetricsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const ctx = currentRequest();
          if (!ctx) return;
          ctx.operation = rc.operationName ?? rc.request.operationName ?? (rc.operation ? 'anonymous' : 'invalid');
          const body = rc.response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
          ctx.outcome = errors?.length ? String(errors[0]?.extensions?.code ?? 'error') : 'ok';
        },
      };
    },
  };
}

/** GET /metrics in Prometheus' text format; with a token, only for `Authorization: Bearer <token>`. */
export function mountMetricsRoute(app: Express, metrics: AppMetrics, token: string | undefined) {
  const want = token ? Buffer.from(`Bearer ${token}`) : undefined;
  app.get('/metrics', async (req, res) => {
    if (want) {
      const got = Buffer.from(req.headers.authorization ?? '');
      if (got.length !== want.length || !timingSafeEqual(got, want)) {
        res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
        return;
      }
    }
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
