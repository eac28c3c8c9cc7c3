import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What one HTTP request carries through its async work: its id (access log, error ids) and, for GraphQL, its outcome. */
export interface RequestContext {
  id: string;
  /** The GraphQL operation name (or `anonymous`), set once Apollo has parsed the request. */
  operation?: string;
  /** `ok`, or the first GraphQL error's code. */
  outcome?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The current HTTP request's context, if this code runs on behalf of one. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

export function runInRequest<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** A request id: the caller's X-Request-Id when it is a short plain token (a proxy's), else a new UUID. */
export function requestId(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && /^[A-Za-z0-9._:-]{1,64}$/.test(v) ? v : randomUUID();
}

/** An error id within the current request: `<request id>.<n>`, so the access log line and the error meet. */
export function errorIdInRequest(): string {
  const ctx = storage.getStore();
  if (!ctx) return randomUUID();
  const c = ctx as RequestContext & { errors?: number };
  c.errors = (c.errors ?? 0) + 1;
  return `${ctx.id}.${c.errors}`;
}
