import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { parse, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate, type AppParts, type Authenticated, type Context } from './context.js';
import { createLoaders } from './loaders.js';
import { randomUUID } from 'node:crypto';
import { isOriginAllowed } from './origins.js';

export interface WsHandle {
  wss: WebSocketServer;
  /** Closes every socket with 1001 (going away) and stops accepting. */
  close(): Promise<void>;
}

type ConnExtra = {
  request: IncomingMessage;
  auth?: Authenticated;
};

/** graphql-ws on the HTTP server's /graphql: authenticates at connect, shares the schema and validation rules. */
export function attachWebSocketServer(httpServer: HttpServer, schema: GraphQLSchema, app: AppParts, validationRules: ValidationRule[]): WsHandle {
  const wss = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: 64 * 1024,
    verifyClient: ({ origin, req }: { origin?: string; req: IncomingMessage }) => isOriginAllowed(app.config, origin, req.headers.host),
  });

  const disposable = useServer<Record<string, unknown> | undefined, ConnExtra>(
    {
      schema,
      // The same limits as HTTP: depth, aliases, cost, directives (armor rules) and a token cap on parsing.
      parse: (source) => parse(source, { maxTokens: app.config.limits.maxTokens }),
      validate: (s, document) => validate(s, document, [...specifiedRules, ...validationRules]),
      onConnect: async (ctx) => {
        const authorization = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : null;
        const em = app.orm.em.fork();
        const auth = await authenticate(app, em, authorization);
        if (!auth.viewer) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.auth = auth;
        return true;
      },
      context: (ctx): Context => {
        const em = app.orm.em.fork();
        const auth = ctx.extra.auth!;
        return {
          app,
          em,
          viewer: auth.viewer,
          session: auth.session,
          loaders: createLoaders(em, auth.viewer?.id ?? null),
          ip: ctx.extra.request.socket.remoteAddress ?? null,
          userAgent: ctx.extra.request.headers['user-agent'] ?? null,
          requestId: randomUUID(),
        };
      },
    },
    wss,
  );

  return {
    wss,
    async close() {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
