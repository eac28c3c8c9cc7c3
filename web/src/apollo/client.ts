import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { from, switchMap, throwError } from 'rxjs';
import { connection } from './connection';
import { clearSession, freshAccessToken, getSession, refreshSession } from './session';
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
      clearSession();
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
  let link: ApolloLink = ApolloLink.from([retryOnUnauthenticated, auth, http]);
  if (options.socket) {
    let forceRefresh = false;
    connection.reset();
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    ws = createClient({
      url: wsUrl,
      lazy: false,
      keepAlive: 10_000,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: async (retries) => {
        const ms = Math.min(500 * 2 ** retries, 8_000) + Math.random() * 300;
        await new Promise((r) => setTimeout(r, ms));
      },
      connectionParams: async () => {
        let token: string | null;
        if (forceRefresh) {
          forceRefresh = false;
          token = (await refreshSession())?.accessToken ?? null;
        } else {
          token = await freshAccessToken();
        }
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      on: {
        connected: () => connection.connected(),
        closed: (event) => {
          // 4403: the server no longer accepts our token (expired or revoked). Refresh before reconnecting.
          if ((event as CloseEvent | undefined)?.code === 4403) forceRefresh = true;
          connection.closed();
        },
      },
    });
    link = ApolloLink.split(isSubscription, new GraphQLWsLink(ws), link);
  }

  const apollo = new ApolloClient({
    link,
    cache: new InMemoryCache({ typePolicies, possibleTypes }),
    devtools: { enabled: import.meta.env.DEV },
  });

  return {
    apollo,
    ws,
    dispose() {
      void ws?.dispose();
      void apollo.clearStore().catch(() => undefined);
      apollo.stop();
    },
  };
}
