import type { ApolloClient, ErrorLike, OperationVariables, TypedDocumentNode } from '@apollo/client';
import { connection } from './connection';

/** Where a followed stream stands, for the line that tells the user. */
export type StreamStatus =
  | { state: 'live' }
  /** The socket is down: the stream resumes by itself when it is back. */
  | { state: 'waiting' }
  /** The stream failed: it resubscribes after `retryInMs` (attempt counts the failures in a row). */
  | { state: 'retrying'; attempt: number; retryInMs: number; reason: string }
  /** The stream ended on purpose (e.g. access revoked): nothing more comes. */
  | { state: 'ended' };

export interface FollowOptions<TData, TVars extends OperationVariables> {
  client: ApolloClient;
  query: TypedDocumentNode<TData, TVars>;
  /** The variables of each (re)subscription, asked again every time: that is how it resumes from its latest point. */
  variables: () => TVars;
  /** A clean event. */
  onData(data: TData): void;
  /**
   * An event arrived with errors while the stream goes on: its content is lost or partial, so the caller must
   * resync (never skip it silently). `partial` is what data came with it, if any.
   */
  onGap(error: ErrorLike, partial: TData | undefined): void;
  onStatus(status: StreamStatus): void;
  /** True when the stream completed on purpose (after a final event): it is not resubscribed. */
  isDone?(): boolean;
  /** Milliseconds before the nth resubscription in a row (n from 1). */
  delay?(attempt: number): number;
}

/** Exponential backoff from half a second up to 15 s, with jitter so clients do not come back in step. */
export function backoffDelay(attempt: number): number {
  return Math.min(500 * 2 ** Math.max(0, attempt - 1), 15_000) + Math.floor(Math.random() * 250);
}

export interface FollowedStream {
  stop(): void;
}

/**
 * Follows a subscription for as long as the caller wants it, whatever happens to it:
 * - an event with errors is reported as a gap (`onGap`), and the stream goes on;
 * - a stream error or an unexpected completion resubscribes with backoff, with fresh `variables()`;
 * - a dropped socket drops the subscription at once (graphql-ws would otherwise resend it with the variables it
 *   started with), and every reconnect resubscribes with fresh `variables()`.
 * A payload's errors and a stream's error look alike in Apollo Client 4 (a `next` with `error`; a link error is then
 * followed by `complete` in the same tick), so a failed result is classified one microtask later.
 */
export function followStream<TData, TVars extends OperationVariables>(o: FollowOptions<TData, TVars>): FollowedStream {
  const delay = o.delay ?? backoffDelay;
  let current: { unsubscribe(): void; token: object } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let stopped = false;
  let ended = false;
  let seen = connection.get();

  let shown: StreamStatus | undefined;
  const status = (s: StreamStatus) => {
    if (stopped || (s.state === shown?.state && s.state !== 'retrying')) return;
    shown = s;
    o.onStatus(s);
  };
  // Dropped with the socket: say so once the connection indicator does (not during a token rotation's grace).
  const away = () => {
    const c = connection.get().status;
    return c === 'offline' || c === 'reconnecting';
  };

  const drop = () => {
    const c = current;
    current = undefined;
    c?.unsubscribe();
  };

  const retry = (error: unknown) => {
    if (stopped || ended) return;
    if (o.isDone?.()) {
      ended = true;
      status({ state: 'ended' });
      return;
    }
    attempt++;
    const retryInMs = delay(attempt);
    status({ state: 'retrying', attempt, retryInMs, reason: error instanceof Error ? error.message : 'The live stream ended.' });
    clearTimeout(timer);
    timer = setTimeout(open, retryInMs);
  };

  function open() {
    clearTimeout(timer);
    timer = undefined;
    if (stopped || ended) return;
    drop();
    const token = {};
    let complete = false;
    let lastError: unknown;
    const isMine = () => current?.token === token;
    let sub: { unsubscribe(): void } | undefined;
    let cancelled = false;
    current = {
      token,
      unsubscribe: () => {
        cancelled = true;
        sub?.unsubscribe();
      },
    };
    sub = o.client.subscribe({ query: o.query, variables: o.variables(), errorPolicy: 'all' }).subscribe({
      next: (result) => {
        if (!isMine()) return;
        if (result.error) {
          const error = result.error;
          const partial = (result.data ?? undefined) as TData | undefined;
          queueMicrotask(() => {
            // Completed in the same tick: the stream itself failed (retried below), not one event.
            if (!complete && isMine()) o.onGap(error, partial);
          });
          lastError = error;
          return;
        }
        if (result.data) {
          attempt = 0;
          o.onData(result.data as TData);
        }
      },
      error: (err) => {
        complete = true;
        if (!isMine()) return;
        current = undefined;
        retry(err);
      },
      complete: () => {
        complete = true;
        if (!isMine()) return;
        current = undefined;
        retry(lastError ?? new Error('The live stream ended.'));
      },
    });
    if (cancelled) sub.unsubscribe();
    if (!isMine()) return;
    status(away() ? { state: 'waiting' } : { state: 'live' });
  }

  const unlisten = connection.subscribe(() => {
    const next = connection.get();
    const prev = seen;
    seen = next;
    if (stopped || ended) return;
    if (next.drops !== prev.drops && current) drop();
    const back = next.epoch !== prev.epoch || (next.status === 'connected' && prev.status !== 'connected');
    // Back: resume now from the latest point (a pending retry's timer would wait for nothing).
    if (back && connection.isOpen() && !current) {
      attempt = 0;
      open();
      return;
    }
    if (!current && timer === undefined) status(away() ? { state: 'waiting' } : { state: 'live' });
  });

  open();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      unlisten();
      drop();
    },
  };
}
