import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema, type ValidationRule } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticate, type AppParts, type Context } from './context.js';
import { createFormatError, ForbiddenError } from './errors.js';
import { createLoaders } from './loaders.js';
import { flatUuid } from './common/ids.js';
import { badTextError, findBadText } from './input-guard.js';
import { isOriginAllowed } from './origins.js';
import { complexityError } from './complexity.js';
import { MAX_STREAMS_PER_CONNECTION, RealtimeConnection } from './modules/realtime/connection.service.js';
import { WsSendBroadcaster } from './modules/realtime/broadcaster.js';
import { SharedExecution } from './modules/realtime/shared-execution.js';
import type { ViewerNewsItem } from './modules/realtime/viewer-news.service.js';
import { User } from './modules/users/user.entity.js';
import { serveGraphQLWs } from './ws-transport.js';

/** Distinct operation texts whose parsed documents are kept (oldest dropped first). */
const PARSE_CACHE_SIZE = 500;

export interface WsHandle {
  wss: WebSocketServer;
  /** The shared roomEvents delivery (the diagnostics module sets its probe). */
  delivery: SharedExecution;
  /** Closes every socket with 1001 (going away) and stops accepting. */
  close(): Promise<void>;
}

type ConnExtra = {
  /** The upgrade request: read at connect, then dropped (a socket need not keep its request's headers alive). */
  request?: IncomingMessage;
  ip?: string | null;
  userAgent?: string | null;
  connection?: RealtimeConnection;
};

/**
 * The viewer a socket keeps for its lifetime: a User whose fields are plain data, not an entity instance (MikroORM
 * keeps each tracked property of an entity behind per-instance accessors and a helper object: several KiB per
 * socket). Operations on the socket read its id and role (kept current on UserRoleChanged) and its settings; `me`
 * reads the profile afresh. Timestamps are left out (a Date is about 100 bytes, and three of them were a tenth of an
 * idle socket's own heap), all but `bannedAt`, which is null on any socket that got this far.
 */
function socketViewer(user: User): User {
  const viewer = Object.create(User.prototype) as User;
  for (const key of Object.keys(user)) {
    const value: unknown = (user as unknown as Record<string, unknown>)[key];
    // Scalars only: a relation or collection would tie the copy to the fork that loaded it. Hidden fields (the
    // lower-cased username for uniqueness) are never read through a socket.
    if ((value !== null && typeof value === 'object' && !(value instanceof Date && key === 'bannedAt')) || key === 'usernameLower') continue;
    Object.defineProperty(viewer, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return viewer;
}

/** graphql-ws on the HTTP server's /graphql: authenticates at connect, shares the schema and validation rules. */
export function attachWebSocketServer(httpServer: HttpServer, schema: GraphQLSchema, app: AppParts, validationRules: ValidationRule[]): WsHandle {
  const formatError = createFormatError(app.logger);
  // The same masking as HTTP: known codes pass, anything else becomes INTERNAL_SERVER_ERROR with a logged id.
  const format = (errors: readonly GraphQLError[], phase: 'validation' | 'execution') =>
    errors.map((e) => {
      const code = e.extensions?.code;
      const json = e.toJSON();
      if (hideSuggestions && / Did you mean /.test(json.message)) (json as { message: string }).message = json.message.replace(/ Did you mean .*$/, '');
      if (code || e.originalError) return formatError(json, e);
      return formatError({ ...json, extensions: { ...json.extensions, code: phase === 'validation' ? 'GRAPHQL_VALIDATION_FAILED' : 'BAD_USER_INPUT' } }, e);
    });

  // As on HTTP: no introspection when it is turned off (production), and no "Did you mean" hints in production.
  const rules = [...specifiedRules, ...validationRules, ...(app.config.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  const hideSuggestions = app.config.isProduction;

  /** Parsed documents by operation text; the entry keeps the text, so a subscription can drop its own copy. */
  const parsed = new Map<string, { text: string; document: DocumentNode }>();
  const validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();

  // Subscribers of the same document and permission view share one execution per event (shared-execution.ts); live
  // events go to all of them through the broadcaster, with ws's public send.
  const broadcaster = new WsSendBroadcaster(app.config.realtime.maxBufferedBytes);
  const shared = new SharedExecution({
    schema,
    broadcaster,
    executionTimeoutMs: app.config.realtime.executionTimeoutMs,
    formatErrors: (errors) => format(errors, 'execution'),
    prepareViewer: (ctx, item) => app.services.viewerNews.prime(ctx, item as ViewerNewsItem),
  });
  const wss = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: 64 * 1024,
    verifyClient: ({ origin, req }: { origin?: string; req: IncomingMessage }) => isOriginAllowed(app.config, origin, req.headers.host),
  });
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => broadcaster.track(socket, request));

  const parseEntry = (text: string) => {
    let entry = parsed.get(text);
    if (!entry) {
      entry = { text, document: parse(text, { maxTokens: app.config.limits.maxTokens }) };
      if (parsed.size >= PARSE_CACHE_SIZE) parsed.delete(parsed.keys().next().value!);
      parsed.set(text, entry);
    }
    return entry;
  };
  const parseOnce = (text: string) => parseEntry(text).document;

  const disposable = serveGraphQLWs<Record<string, unknown> | undefined, ConnExtra>(
    {
      schema,
      subscribe: shared.subscribe,
      // The same limits as HTTP: depth, aliases, cost, directives (armor rules) and a token cap on parsing.
      // Clients send the same few documents over and over: parse and validate each distinct text once.
      parse: (source) => parseOnce(typeof source === 'string' ? source : source.body),
      // Page-aware complexity needs the variables, so it runs here rather than among the validation rules.
      onSubscribe: (ctx, _id, payload) => {
        // Counted atomically: graphql-ws lists the operation in ctx.subscriptions before calling this, synchronously
        // for each message, so a burst of subscribe messages cannot all pass the check before any is recorded.
        if (Object.keys(ctx.subscriptions).length > MAX_STREAMS_PER_CONNECTION) {
          return [new ForbiddenError(`At most ${MAX_STREAMS_PER_CONNECTION} live subscriptions per connection.`)];
        }
        let document;
        try {
          const entry = parseEntry(payload.query);
          document = entry.document;
          // graphql-ws keeps the subscribe message for the operation's lifetime: let it hold the one shared copy
          // of the text rather than its own.
          (payload as { query: string }).query = entry.text;
        } catch (err) {
          // An error message for this operation id: the socket and its other subscriptions live on.
          const syntax = err instanceof GraphQLError ? err : new GraphQLError(String((err as Error)?.message ?? err));
          return [new GraphQLError(syntax.message, { nodes: syntax.nodes, source: syntax.source, positions: syntax.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const bad = findBadText(document, payload.variables);
        if (bad) return [badTextError(bad)];
        const error = complexityError(schema, document, payload.variables ?? undefined, payload.operationName, app.config.limits.maxComplexity);
        return error ? [error] : undefined;
      },
      validate: (s, document) => {
        let errors = validated.get(document);
        if (!errors) validated.set(document, (errors = validate(s, document, rules)));
        return errors;
      },
      onConnect: async (ctx) => {
        const authorization = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : null;
        const em = app.orm.em.fork();
        const auth = await authenticate(app, em, authorization);
        if (!auth.viewer || !auth.session) return false; // graphql-ws closes with 4403 Forbidden
        const socket = ctx.extra.socket;
        const connection = new RealtimeConnection(auth.viewer.id, auth.session.id, auth.accessTokenExpiresAt?.getTime(), socket);
        connection.viewer = auth.viewer;
        try {
          await app.services.connections.connect(connection);
          // A revocation published before the user topic was subscribed would be missed: look once more.
          if (!(await app.services.auth.findLiveSession(app.orm.em.fork(), auth.session.id, auth.viewer.id))) {
            await app.services.connections.disconnect(connection);
            return false;
          }
        } catch (err) {
          app.logger.error({ err }, 'could not register a socket');
          await app.services.connections.disconnect(connection).catch(() => undefined);
          return false;
        }
        ctx.extra.connection = connection;
        // The socket may have closed while we registered it; onClose ran before `connection` was set.
        if (socket.readyState !== socket.OPEN) {
          await app.services.connections.disconnect(connection);
          return false;
        }
        await app.services.users.touchLastSeen(em, auth.viewer).catch(() => undefined);
        // What a long-lived socket keeps is small: its request's address and user agent, not the request...
        ctx.extra.ip = ctx.extra.request?.socket.remoteAddress ?? null;
        ctx.extra.userAgent = ctx.extra.request?.headers['user-agent'] ?? null;
        (ctx.extra as { request?: IncomingMessage }).request = undefined;
        // ...and of its viewer and session only plain data: not the entities and the fork that loaded them (unit
        // of work, identity map, loaders), and of the session only its id (all that operations read).
        const viewer = socketViewer(auth.viewer);
        em.clear();
        connection.viewer = viewer;
        // The token it connected with is not needed again.
        (ctx as { connectionParams?: unknown }).connectionParams = undefined;
        return true;
      },
      onClose: async (ctx) => {
        const connection = ctx.extra.connection;
        if (connection) {
          ctx.extra.connection = undefined;
          await app.services.connections.disconnect(connection).catch((err) => app.logger.error({ err }, 'could not unregister a socket'));
        }
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        const r = result as ExecutionResult;
        if (!r.errors?.length) return undefined;
        return { ...r, errors: format(r.errors, 'execution') } as unknown as ExecutionResult;
      },
      onError: (_ctx, _id, _payload, errors) => format(errors, 'validation') as unknown as GraphQLError[],
      context: (ctx, id): Context => {
        const em = app.orm.em.fork();
        // The socket's connection holds what it authenticated as (onConnect accepted it, so it is set).
        const conn = ctx.extra.connection!;
        const viewer = conn.viewer ?? null;
        const context: Context = {
          app,
          em,
          viewer,
          session: { id: conn.sessionId },
          loaders: createLoaders(em, viewer?.id ?? null),
          ip: ctx.extra.ip ?? null,
          userAgent: ctx.extra.userAgent ?? null,
          requestId: flatUuid(),
          connection: ctx.extra.connection,
        };
        shared.deliveries.set(context, { opId: id, subscriptions: ctx.subscriptions as Record<string, unknown>, socket: ctx.extra.socket });
        return context;
      },
    },
    wss,
    { logger: app.logger, isProd: app.config.isProduction },
  );

  return {
    wss,
    delivery: shared,
    async close() {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
