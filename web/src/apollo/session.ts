import { print } from 'graphql';
import { graphql } from '../gql';
import type { AuthFieldsFragment } from '../gql/graphql';

/** The signed-in session, kept in localStorage so a reload (or another tab) stays signed in. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  user: AuthFieldsFragment['user'];
}

export const AuthFields = graphql(`
  fragment AuthFields on AuthPayload {
    accessToken
    refreshToken
    accessTokenExpiresAt
    user {
      id
      username
      displayName
      email
      role
    }
  }
`);

const RefreshTokenMutation = graphql(`
  mutation RefreshToken($refreshToken: String!, $attempt: String) {
    refreshToken(refreshToken: $refreshToken, attempt: $attempt) {
      ...AuthFields
    }
  }
`);

const KEY = 'parley.session';
const listeners = new Set<() => void>();
let current: Session | null = load();
let timer: ReturnType<typeof setTimeout> | undefined;

/** A stored session the app can use: anything else (another version's shape, a hand-edited value) is no session. */
function usable(value: unknown): value is Session {
  const s = value as Partial<Session> | null;
  return !!s && typeof s === 'object' && typeof s.accessToken === 'string' && typeof s.refreshToken === 'string' && typeof s.user?.id === 'string';
}

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return usable(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function emit() {
  schedule();
  for (const l of listeners) l();
}

export function getSession(): Session | null {
  return current;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setSession(payload: AuthFieldsFragment): Session {
  const s: Session = {
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    accessTokenExpiresAt: payload.accessTokenExpiresAt,
    user: payload.user,
  };
  current = s;
  localStorage.setItem(KEY, JSON.stringify(s));
  emit();
  return s;
}

export function updateSessionUser(user: Session['user']) {
  if (!current) return;
  current = { ...current, user };
  localStorage.setItem(KEY, JSON.stringify(current));
  emit();
}

const NOTICE_KEY = 'parley.notice';
let endReason: string | null = null;

/** Why the server is about to end the session (e.g. a ban), to tell the user on the login page. */
export function noteSessionEndReason(reason: string) {
  endReason = reason;
}

/** The message left for the login page by a session the server ended. */
export function loginNotice(): string | undefined {
  return sessionStorage.getItem(NOTICE_KEY) ?? undefined;
}

export function dismissLoginNotice() {
  sessionStorage.removeItem(NOTICE_KEY);
}

/** Signs out locally; `notice` is shown on the login page (for sessions the server ended, not for "Log out"). */
export function clearSession(notice?: string) {
  if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
  if (!current && !localStorage.getItem(KEY)) return;
  current = null;
  localStorage.removeItem(KEY);
  emit();
}

/** Milliseconds until the access token expires (negative when it has). */
export function msUntilExpiry(s: Session | null = current): number {
  return s ? new Date(s.accessTokenExpiresAt).getTime() - Date.now() : -1;
}

// Another tab logged in, out, or refreshed: follow it.
window.addEventListener('storage', (e) => {
  if (e.key !== KEY) return;
  current = load();
  emit();
});

let inflight: Promise<Session | null> | null = null;

/**
 * The refresh on its way, kept until its answer is in: if the page reloads (or the connection drops) after the server
 * rotated the token but before the answer arrived, the next refresh sends the same token with the same attempt and
 * gets that rotation's token again, instead of presenting a used token (which ends the session).
 */
const ATTEMPT_KEY = 'parley.refresh-attempt';
/** Retried within the server's window (60 s after the rotation), with room to spare. */
const ATTEMPT_REUSE_MS = 45_000;

function attemptFor(refreshToken: string): string {
  try {
    const saved = JSON.parse(localStorage.getItem(ATTEMPT_KEY) ?? 'null') as { token?: string; attempt?: string; at?: number } | null;
    if (saved?.token === refreshToken && typeof saved.attempt === 'string' && Date.now() - (saved.at ?? 0) < ATTEMPT_REUSE_MS) return saved.attempt;
  } catch {
    // A value this version cannot read: start a new attempt.
  }
  // getRandomValues, not randomUUID: the latter exists only on https and localhost.
  const attempt = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  localStorage.setItem(ATTEMPT_KEY, JSON.stringify({ token: refreshToken, attempt, at: Date.now() }));
  return attempt;
}

/**
 * Trades the refresh token for new tokens, once at a time (across tabs too, with a Web Lock: the server revokes a
 * session whose rotated refresh token is presented twice). Resolves to the new session, or null when the server
 * refused (the user must log in again). Network failures reject and keep the session, to retry later.
 */
export function refreshSession(): Promise<Session | null> {
  if (!inflight) {
    const run = () => doRefresh();
    const p = navigator.locks ? navigator.locks.request('parley-refresh', run) : run();
    inflight = p.finally(() => {
      inflight = null;
    });
  }
  return inflight;
}

async function doRefresh(): Promise<Session | null> {
  const before = current;
  const latest = load();
  if (!latest) {
    current = null;
    emit();
    return null;
  }
  // Another tab refreshed while we waited for the lock.
  if (before && latest.refreshToken !== before.refreshToken && msUntilExpiry(latest) > 2_000) {
    current = latest;
    emit();
    return latest;
  }
  const attempt = attemptFor(latest.refreshToken);
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operationName: 'RefreshToken', query: print(RefreshTokenMutation), variables: { refreshToken: latest.refreshToken, attempt } }),
  });
  let body: { data?: { refreshToken?: AuthFieldsFragment } | null; errors?: Array<{ message?: string; extensions?: { code?: string } }> };
  try {
    body = await res.json();
  } catch {
    throw new Error(`refresh failed: HTTP ${res.status}`);
  }
  const payload = body.data?.refreshToken;
  if (payload) {
    localStorage.removeItem(ATTEMPT_KEY);
    return setSession(payload);
  }
  if (res.status >= 500) throw new Error(`refresh failed: HTTP ${res.status}`);
  localStorage.removeItem(ATTEMPT_KEY);
  const forbidden = body.errors?.find((e) => e.extensions?.code === 'FORBIDDEN')?.message;
  clearSession(endReason ?? forbidden ?? 'Your session has ended. Please sign in again.');
  endReason = null;
  return null;
}

/** Refreshes shortly before the access token expires. */
function schedule() {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (!current) return;
  // A minute before expiry, or at 80% of the remaining lifetime for short-lived tokens.
  const left = msUntilExpiry();
  const wait = Math.max(left - Math.min(60_000, left * 0.2), 1_000);
  timer = setTimeout(() => {
    refreshSession().catch(() => {
      // Offline: try again shortly.
      timer = setTimeout(schedule, 10_000);
    });
  }, Math.min(wait, 2_147_000_000));
}
schedule();

/** A valid access token, refreshing first when it is about to expire. */
export async function freshAccessToken(): Promise<string | null> {
  let s = current;
  if (!s) return null;
  if (msUntilExpiry(s) < 5_000) s = await refreshSession();
  return s?.accessToken ?? null;
}
