import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { from, switchMap, throwError } from 'rxjs';
import { connection } from './connection';
import { clearSession, freshAccessToken, getSession, noteSessionEndReason, refreshSession } from './session';
import { blockCacheLink } from './block-cache';
import { possibleTypes } from './possible-types';
import { typePolicies } from './type-policies';

/** Operations that run without a session: an UNAUTHENTICATED answer there is about credentials, not tokens. */
const ANONYMOUS_OPS = new Set(['Login', 'Register', 'RefreshToken', 'RequestPasswordReset', 'ResetPassword']);

export interface AppClient {
  apollo: ApolloClient;
  ws: WsClient | null;
  dispose(): void;
}

function isSubscription(op: ApolloLink.Operation) {
  const def = getMainDefinition(op.query);
  return def.kind === 'OperationDefinition' && def.operation === 'subscription';
}

/**
 * One Apollo Client per signed-in user (a fresh cache at each login, nothing left over from the previous user):
 * queries and mutations over HTTP with the bearer token, subscriptions over one graphql-ws socket.
 * The token is refreshed before it expires, and once more on UNAUTHENTICATED; a failed refresh signs out.
 */
export function createAppClient(options: { socket: boolean }): AppClient {
  const http = new HttpLink({ uri: '/graphql' });
  const cache = new InMemoryCache({ typePolicies, possibleTypes });

  const auth = new SetContextLink(async (prev, operation) => {
    if (ANONYMOUS_OPS.has(operation.operationName ?? '')) return {};
    const token = await freshAccessToken().catch(() => getSession()?.accessToken ?? null);
    return token ? { headers: { ...prev.headers, authorization: `Bearer ${token}` } } : {};
  });

  const retryOnUnauthenticated = new ErrorLink(({ error, operation, forward }) => {
    if (!CombinedGraphQLErrors.is(error)) return;
    if (!error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return;
    if (ANONYMOUS_OPS.has(operation.operationName ?? '') || !getSession()) return;
    if (operation.getContext().retriedAfterRefresh) {
      clearSession('Your session has ended. Please sign in again.');
      return;
    }
    return from(refreshSession()).pipe(
      switchMap((s) => {
        if (!s) return throwError(() => error);
        operation.setContext(({ headers }: { headers?: Record<string, string> }) => ({
          retriedAfterRefresh: true,
          headers: { ...headers, authorization: `Bearer ${s.accessToken}` },
        }));
        return forward(operation);
      }),
    );
  });

  let ws: WsClient | null = null;
  let link: ApolloLink = ApolloLink.from([blockCacheLink(cache), retryOnUnauthenticated, auth, http]);
  if (options.socket) {
    let forceRefresh = false;
    let socket: WebSocket | undefined;
    let pongTimer: ReturnType<typeof setTimeout> | undefined;
    connection.reset();
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    ws = createClient({
      url: wsUrl,
      lazy: false,
      keepAlive: 10_000,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      // Backoff up to 8 s between attempts, cut short when the browser comes back online: the network that was
      // missing is back, so the next attempt goes at once instead of after a wait grown long while offline.
      retryWait: async (retries) => {
        // A token rotation is not a failure: reconnect with the refreshed token at once.
        if (connection.isRotating()) return;
        const ms = Math.min(500 * 2 ** retries, 8_000) + Math.random() * 300;
        await new Promise<void>((resolve) => {
          const go = () => {
            clearTimeout(timer);
            window.removeEventListener('online', go);
            resolve();
          };
          const timer = setTimeout(go, ms);
          window.addEventListener('online', go);
        });
      },
      connectionParams: async () => {
        let token: string | null;
        try {
          if (forceRefresh) {
            forceRefresh = false;
            token = (await refreshSession())?.accessToken ?? null;
          } else {
            token = await freshAccessToken();
          }
        } catch {
          // Offline: an exception here would end the client for good (4005); try the token we have.
          token = getSession()?.accessToken ?? null;
        }
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      on: {
        // A ping without a pong within 5 s means a dead connection (e.g. the network went away silently): close it
        // so the client notices and reconnects, instead of waiting for the OS to time the socket out.
        ping: (received) => {
          if (received) return;
          clearTimeout(pongTimer);
          pongTimer = setTimeout(() => {
            if (socket?.readyState === WebSocket.OPEN) socket.close(4408, 'Pong timeout');
          }, 5_000);
        },
        pong: (received) => {
          if (received) clearTimeout(pongTimer);
        },
        connected: (s) => {
          socket = s as WebSocket;
          connection.connected();
        },
        closed: (event) => {
          // 4403: the token expired (a rotation: the next connect takes the refreshed token, and the user sees
          // nothing unless it fails) or the session or account ended (refresh, which fails and signs out).
          clearTimeout(pongTimer);
          const close = event as CloseEvent | undefined;
          const rotated = close?.code === 4403 && close.reason === 'Access token expired';
          if (close?.code === 4403 && !rotated) {
            forceRefresh = true;
            if (close.reason === 'Account banned') noteSessionEndReason('Your account has been banned.');
          }
          connection.closed(rotated);
        },
      },
    });
    link = ApolloLink.split(isSubscription, new GraphQLWsLink(ws), link);
  }

  const apollo = new ApolloClient({
    link,
    cache,
    devtools: { enabled: import.meta.env.DEV },
  });

  return {
    apollo,
    ws,
    dispose() {
      // dispose() rejects with the close event when the last connect attempt failed: nothing to report.
      void Promise.resolve(ws?.dispose()).catch(() => undefined);
      void apollo.clearStore().catch(() => undefined);
      apollo.stop();
    },
  };
}
