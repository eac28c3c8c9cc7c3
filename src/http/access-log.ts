import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';
import { requestId, runInRequest } from './request-context.js';

/**
 * One access-log line per HTTP request (pino-http, when the response is done) with a request id, sent back as
 * X-Request-Id and carried through the request's async work, so GraphQL error ids of the request contain it.
 * Headers are not logged (they hold tokens); the GraphQL operation name is.
 */
/** The URL with the values of secret-looking query parameters (reset tokens, signed-URL signatures) replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) if (/token|secret|password|key|sig|credential|code/i.test(key)) params.set(key, '[redacted]');
  return `${url.slice(0, q)}?${params.toString().replace(/%5Bredacted%5D/g, '[redacted]')}`;
}

export function accessLog(logger: Logger): RequestHandler {
  const http = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestId(req.headers['x-request-id']);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode}`,
    customProps: (_req, res) => {
      const ctx = (res as unknown as { locals?: { request?: { operation?: string; outcome?: string } } }).locals?.request;
      return ctx?.operation ? { operation: ctx.operation, outcome: ctx.outcome } : {};
    },
    serializers: {
      req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url), remoteAddress: req.remoteAddress }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return (req, res, next) => {
    http(req, res);
    const ctx = { id: String(req.id) };
    res.locals.request = ctx;
    runInRequest(ctx, next);
  };
}
