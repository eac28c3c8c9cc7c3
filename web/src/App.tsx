import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useSyncExternalStore } from 'react';
import { createAppClient, type AppClient } from './apollo/client';
import { getSession, subscribeSession } from './apollo/session';
import { AdminPage } from './features/admin/AdminPage';
import { LoginPage } from './features/auth/LoginPage';
import { ForgotPasswordPage, ResetPasswordPage } from './features/auth/PasswordResetPages';
import { RegisterPage } from './features/auth/RegisterPage';
import { MentionsPage } from './features/mentions/MentionsPage';
import { InvitePage, rememberNext, takeNext } from './features/invite/InvitePage';
import { PeoplePage } from './features/people/PeoplePage';
import { RoomSettingsPage } from './features/room-settings/RoomSettingsPage';
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
    if (!userId && !PUBLIC_PATHS.includes(path)) {
      // An invite link opened while signed out: sign in (or register) first, then back to it.
      if (path.startsWith('/invite/')) rememberNext(path);
      navigate('/login', { replace: true });
    }
    if (userId && PUBLIC_PATHS.includes(path)) navigate(takeNext(), { replace: true });
  }, [userId, path]);

  let page;
  if (!userId) {
    if (path === '/register') page = <RegisterPage />;
    else if (path === '/forgot-password') page = <ForgotPasswordPage />;
    else if (path === '/reset-password') page = <ResetPasswordPage initialToken={query.get('token') ?? ''} />;
    else page = <LoginPage notice={query.get('reset') ? 'Your password was changed. Sign in with the new one.' : undefined} />;
  } else if (path === '/admin') {
    page = <Shell>{<AdminPage />}</Shell>;
  } else if (path === '/mentions') {
    page = <Shell>{<MentionsPage />}</Shell>;
  } else if (path === '/people') {
    page = <Shell>{<PeoplePage viewerId={userId} />}</Shell>;
  } else if (/^\/invite\/[^/]+$/.test(path)) {
    page = <Shell>{<InvitePage code={decodeURIComponent(path.slice('/invite/'.length))} />}</Shell>;
  } else if (/^\/rooms\/[^/]+\/settings$/.test(path)) {
    const id = decodeURIComponent(path.split('/')[2]!);
    page = <Shell>{<RoomSettingsPage key={id} roomId={id} viewerId={userId} />}</Shell>;
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
