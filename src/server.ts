import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { MikroORM } from '@mikro-orm/core';
import cors from 'cors';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { accessLog } from './http/access-log.js';
import { mountWebRoutes, notFound } from './http/web-routes.js';
import { graphqlMetricsPlugin, httpMetrics, mountMetricsRoute } from './metrics/http-metrics.js';
import { instrumentPubSub, registerStateGauges } from './metrics/instrument.js';
import { AppMetrics } from './metrics/metrics.js';
import { argon2QueueLength } from './modules/auth/auth.service.js';
import { createServices, startServices, stopServices } from './app/container.js';
import { buildContext, type AppParts, type Context } from './context.js';
import { openOrm } from './db.js';
import { complexityPlugin } from './complexity.js';
import { createFormatError, isPeerHangUp } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { createMailer, type Mailer } from './mailer.js';
import { allowedOrigins, isOriginAllowed } from './origins.js';
import { HttpDrain } from './http-drain.js';
import { inputGuardPlugin } from './input-guard.js';
import { createPubSub } from './pubsub.js';
import { RateLimiter } from './rate-limit.js';
import { buildAppSchema } from './schema.js';
import { uploadRoutes } from './modules/uploads/upload.routes.js';
import { RevocationSweep } from './modules/realtime/revocation-sweep.js';
import { attachWebSocketServer, type WsHandle } from './ws.js';

/** How long /healthz waits for each dependency before it counts as down. */
const HEALTH_CHECK_MS = 800;

export interface ServerOptions {
  config: Config;
  logger?: Logger;
  mailer?: Mailer;
  /** Apply pending migrations on start (the default for SQLite). */
  migrate?: boolean;
}

export interface ParleyServer {
  app: AppParts;
  httpServer: HttpServer;
  /** The shared roomEvents delivery and the socket server. */
  ws: WsHandle;
  /**
   * Routes mounted before /graphql, empty in production: the diagnostics module (src/diagnostics, mounted only by
   * tests and bench/) adds its endpoints here.
   */
  routes: express.Router;
  /** Listens on config.port (0 picks a free one) and resolves to the bound port. */
  listen(): Promise<number>;
  url(): string;
  stop(): Promise<void>;
}

/** Limits for every operation, on HTTP and graphql-ws alike. */
export function createArmor(config: Config) {
  return new ApolloArmor({
    // Depth counts fields, the nesting a resolver sees: a fragment spread or inline fragment adds no level (by
    // default armor counts each as one, so splitting a selection into fragments made the same fields "deeper").
    // Fragment cycles are refused by graphql-js's NoFragmentCycles, and armor stops at a fragment it is visiting.
    maxDepth: { n: config.limits.maxDepth, flattenFragments: true },
    maxAliases: { n: config.limits.maxAliases },
    maxDirectives: { n: 20 },
    // The token cap is graphql-js's own (parseOptions below, and the socket's parse): armor's re-parses in a plugin
    // hook and turned every syntax error into a 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: config.limits.maxCost },
    blockFieldSuggestion: { enabled: config.isProduction },
  }).protect();
}

/** Builds a whole Parley server (ORM, PubSub, Apollo, graphql-ws, express) without listening. */
export async function createServer(options: ServerOptions): Promise<ParleyServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const migrate = options.migrate ?? config.database.kind === 'sqlite';
  const orm: MikroORM = await openOrm(config, { migrate, logger });
  const metrics = config.metrics.enabled ? new AppMetrics() : undefined;
  const pubsub = metrics ? instrumentPubSub(createPubSub(config, logger), metrics) : createPubSub(config, logger);
  const infra = {
    config,
    logger,
    orm,
    pubsub,
    mailer: options.mailer ?? createMailer(config, logger),
    rateLimiter: new RateLimiter(pubsub.redis, config.redisPrefix, metrics && ((limit) => metrics.rateLimited.inc({ limit })), logger),
  };
  const parts: AppParts = { ...infra, services: createServices(infra) };
  startServices(parts.services);
  const revocationSweep = new RevocationSweep(orm, config.database.kind, pubsub, parts.services.connections, logger, config.revocationSweepMs);
  revocationSweep.start();

  const schema = await buildAppSchema();
  const armor = createArmor(config);
  const app = express();
  app.disable('x-powered-by');
  app.use(accessLog(logger));
  if (metrics) {
    registerStateGauges(metrics, parts, orm, argon2QueueLength);
    app.use(httpMetrics(metrics));
    mountMetricsRoute(app, metrics, config.metrics.token);
  }
  if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY);
  const httpServer = createHttpServer(app);
  // Shutdown answers what was received before it stops listening (http-drain.ts); it counts from the first middleware.
  const httpDrain = new HttpDrain(httpServer);
  app.use(httpDrain.middleware);
  const ws: WsHandle = attachWebSocketServer(httpServer, schema, parts, armor.validationRules);

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    csrfPrevention: true,
    stopOnTerminationSignals: false, // main.ts owns signals and stops everything in order
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: config.limits.maxTokens },
    formatError: createFormatError(logger),
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
    plugins: [
      ...armor.plugins,
      inputGuardPlugin<Context>(),
      complexityPlugin(config.limits.maxComplexity),
      graphqlMetricsPlugin(),
      config.sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled(),
      {
        async requestDidStart(rc) {
          const started = Date.now();
          return {
            async willSendResponse(r) {
              logger.debug({ op: r.operationName ?? rc.request.operationName, ms: Date.now() - started, errors: r.errors?.length ?? 0 }, 'graphql request');
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const origins = allowedOrigins(config);
  const corsMiddleware = cors({
    origin: (origin, cb) => cb(null, !origin || origins.includes('*') || origins.includes(origin) || isOriginAllowed(config, origin, undefined)),
    credentials: false,
    maxAge: 600,
  });

  // Answers within a second whatever the dependencies do: each check gets 800 ms, then counts as down.
  app.get('/healthz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const [database, ps] = await Promise.all([
      Promise.race([
        orm.em
          .getConnection()
          .execute('select 1')
          .then(() => true)
          .catch(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), HEALTH_CHECK_MS))),
      ]).finally(() => clearTimeout(timer)),
      pubsub.ping(HEALTH_CHECK_MS),
    ]);
    const ok = database && ps && !httpDrain.isDraining;
    const stats = pubsub.stats();
    res.status(ok ? 200 : 503).json({
      status: httpDrain.isDraining ? 'draining' : ok ? 'ok' : 'unavailable',
      down: [...(database ? [] : ['database']), ...(ps ? [] : ['pubsub'])],
      database: { ok: database, kind: config.database.kind },
      pubsub: { ok: ps, kind: pubsub.kind, ...(stats.outbox ? { outboxPending: stats.outbox.pending } : {}) },
      rateLimiterFallbacks: parts.rateLimiter.fallbacks,
    });
  });

  const routes = express.Router();
  app.use(routes);

  app.use(
    '/graphql',
    corsMiddleware,
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        buildContext(parts, {
          authorization: req.headers.authorization ?? null,
          ip: req.ip ?? req.socket.remoteAddress ?? null,
          userAgent: req.headers['user-agent'] ?? null,
        }),
    }),
  );

  app.use(uploadRoutes(parts, corsMiddleware));

  mountWebRoutes(app, config, schema);
  notFound(app);

  // Malformed JSON bodies and other middleware errors: a GraphQL-shaped 400, never a stack trace.
  app.use((err: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    void next;
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    const errorId = randomUUID();
    if (status === 500) {
      if (isPeerHangUp(err)) logger.debug({ errorId, code: (err as { code?: string }).code }, 'peer hung up');
      else logger.error({ errorId, err }, 'unhandled http error');
    }
    if (res.headersSent || res.destroyed) return;
    res.status(status).json({ errors: [{ message: status === 500 ? `Internal server error (id ${errorId}).` : err.message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', ...(status === 500 ? { errorId } : {}) } }] });
  });

  let stopped = false;
  return {
    app: parts,
    httpServer,
    ws,
    routes,
    listen: async () => {
      // Only a server that takes connections may declare that nobody holds one (a seed script builds a server too).
      await parts.services.presence.clearStaleOnline();
      return new Promise<number>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => resolve((httpServer.address() as AddressInfo).port));
      });
    },
    url: () => {
      const { port } = httpServer.address() as AddressInfo;
      return `http://127.0.0.1:${port}/graphql`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      logger.debug('draining http');
      await httpDrain.drain(config.shutdownDrainMs);
      await revocationSweep.stop();
      logger.debug('closing sockets');
      await ws.close();
      httpDrain.closeRemaining();
      await stopServices(parts.services);
      logger.debug('stopping apollo');
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
      logger.debug('closing pubsub and database');
      await pubsub.close();
      await parts.mailer.close?.();
      await orm.close(true);
    },
  };
}
