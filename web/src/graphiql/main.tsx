// The offline API explorer at /graphiql: GraphiQL bundled with the web app (no CDN), queries and mutations over HTTP,
// subscriptions over graphql-ws, both signed in as the web app's session when there is one.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/** The web app's stored session (apollo/session.ts keeps it under this key); read once, as the explorer opens. */
function storedAccessToken(): string | null {
  try {
    const raw = localStorage.getItem('parley.session');
    const token = raw ? (JSON.parse(raw) as { accessToken?: unknown }).accessToken : null;
    return typeof token === 'string' && token ? token : null;
  } catch {
    return null;
  }
}

const token = storedAccessToken();
const authorization = token ? `Bearer ${token}` : null;
const url = `${location.origin}/graphql`;
const fetcher = createGraphiQLFetcher({
  url,
  subscriptionUrl: url.replace(/^http/, 'ws'),
  headers: authorization ? { authorization } : {},
  wsConnectionParams: authorization ? { authorization } : undefined,
});

const START = `# Parley's API, explored offline. ${authorization ? 'Signed in as the web app\u2019s session: requests carry its token.' : 'Not signed in: sign in at / first, or register below.'}
# The Docs panel (book icon) describes every type and field; /reference is the full reference with examples.
query Me {
  me { id username displayName role }
}
`;

// Shareable links: /graphiql?query=...&variables=... opens with that operation.
const params = new URLSearchParams(location.search);

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={START}
      initialQuery={params.get('query') ?? undefined}
      initialVariables={params.get('variables') ?? undefined}
      defaultHeaders={authorization ? JSON.stringify({ authorization }, null, 2) : undefined}
    />
  </StrictMode>,
);
