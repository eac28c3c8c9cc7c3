import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useSyncExternalStore } from 'react';
import { createAppClient, type AppClient } from './apollo/client';
import { getSession, subscribeSession } from './apollo/session';
import { AdminPage } from './features/admin/AdminPage';
import { LoginPage } from './features/auth/LoginPage';
import { ForgotPasswordPage, ResetPasswordPage } from './features/auth/PasswordResetPages';
import { RegisterPage } from './features/auth/RegisterPage';
import { Shell } from './features/rooms/Shell';
import { navigate, useLocation } from './lib/router';

let currentClient: { key: string | null; client: AppClient } | null = null;

/** One client per signed-in user: a fresh cache and socket at each login, the old one dropped. */
function clientFor(userId: string | null): AppClient {
  if (currentClient?.key !== userId) {
    currentClient?.client.dispose();
    currentClient = { key: userId, client: createAppClient({ socket: userId !== null }) };
  }
  return currentClient!.client;
}

const PUBLIC_PATHS = ['/login', '/register', '/forgot-password', '/reset-password'];

export function App() {
  const session = useSyncExternalStore(subscribeSession, getSession);
  const userId = session?.user.id ?? null;
  const { path, query } = useLocation();

  const client = clientFor(userId);

  useEffect(() => {
    if (!userId && !PUBLIC_PATHS.includes(path)) navigate('/login', { replace: true });
    if (userId && PUBLIC_PATHS.includes(path)) navigate('/', { replace: true });
  }, [userId, path]);

  let page;
  if (!userId) {
    if (path === '/register') page = <RegisterPage />;
    else if (path === '/forgot-password') page = <ForgotPasswordPage />;
    else if (path === '/reset-password') page = <ResetPasswordPage initialToken={query.get('token') ?? ''} />;
    else page = <LoginPage notice={query.get('reset') ? 'Your password was changed. Sign in with the new one.' : undefined} />;
  } else if (path === '/admin') {
    page = <Shell>{<AdminPage />}</Shell>;
  } else {
    const m = /^\/rooms\/([^/]+)$/.exec(path);
    page = <Shell roomId={m ? decodeURIComponent(m[1]!) : undefined} />;
  }

  return (
    <ApolloProvider client={client.apollo} key={userId ?? 'anonymous'}>
      {page}
    </ApolloProvider>
  );
}
