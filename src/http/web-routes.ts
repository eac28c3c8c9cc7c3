import express, { type Express, type Request, type Response } from 'express';
import { printSchema, type GraphQLSchema } from 'graphql';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

/**
 * The web app's own client routes (web/src/App.tsx): only these serve its page. Anything else unknown is a 404,
 * so `/docs`-style guesses, typos and retired paths say so instead of answering 200 with the app.
 */
const APP_ROUTES: RegExp[] = [/^\/$/, /^\/(login|register|forgot-password|reset-password|admin|mentions|people)\/?$/, /^\/rooms\/[^/]+\/?$/, /^\/rooms\/[^/]+\/settings\/?$/, /^\/invite\/[^/]+\/?$/];

/** Whether `pathname` is one of the web app's pages (for tests and for the 404 handler's choice). */
export function isWebAppRoute(pathname: string): boolean {
  return APP_ROUTES.some((r) => r.test(pathname));
}

/** Whether the client wants a page (a browser navigating) rather than data. */
function wantsHtml(req: Request): boolean {
  return req.accepts(['json', 'html']) === 'html' && (req.headers.accept ?? '').includes('text/html');
}

/**
 * The built web app (web/dist) and the documentation around the API:
 * - `/` and the app's client routes: its page; `/assets/...`: its files.
 * - `/graphiql`: the bundled GraphiQL explorer (GRAPHIQL, on in development, off in production like Sandbox).
 * - `/docs`: a redirect to the explorer that can load (GraphiQL, else Sandbox at /graphql, else /reference).
 * - `/reference`: the static schema reference (SpectaQL, built with the web app), and `/schema.graphql`; both only
 *   while introspection is on, since they publish the same schema.
 */
export function mountWebRoutes(app: Express, config: Config, schema: GraphQLSchema) {
  const dist = config.webDist;
  const page = (file: string) => (_req: Request, res: Response) => res.sendFile(path.join(dist, file), { headers: { 'Cache-Control': 'no-cache' } });
  const hasApp = config.serveWeb && existsSync(path.join(dist, 'index.html'));
  const hasGraphiql = hasApp && config.graphiql && existsSync(path.join(dist, 'graphiql.html'));
  const referenceDir = path.join(dist, 'reference');
  const hasReference = config.serveWeb && config.introspection && existsSync(path.join(referenceDir, 'index.html'));

  if (config.introspection) {
    const sdl = `${printSchema(schema)}\n`;
    app.get('/schema.graphql', (_req, res) => void res.type('text/plain; charset=utf-8').send(sdl));
  }
  app.get('/docs', (_req, res) => res.redirect(302, hasGraphiql ? '/graphiql' : config.sandbox ? '/graphql' : hasReference ? '/reference/' : '/'));
  if (hasReference) {
    // The reference's pages link to their files relatively: always serve it under /reference/.
    app.get('/reference', (req, res, next) => (req.originalUrl.split('?')[0]!.endsWith('/') ? next() : res.redirect(301, '/reference/')));
    app.use('/reference', express.static(referenceDir, { index: 'index.html', maxAge: '1h' }));
  }
  if (!hasApp) return;
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  if (hasGraphiql) app.get('/graphiql', page('graphiql.html'));
  app.get(APP_ROUTES, page('index.html'));
}

/** Last route: a 404 for every path nobody served, a small page for browsers and JSON for everything else. */
export function notFound(app: Express) {
  app.use((req, res) => {
    res.status(404);
    if (wantsHtml(req)) {
      res.type('html').send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>Not found - Parley</title>` +
          `<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">` +
          `<h1>Not found</h1><p>Nothing lives at this address.</p><p><a href="/">Open Parley</a> &middot; <a href="/docs">API documentation</a></p></body></html>`,
      );
    } else {
      res.json({ error: 'NOT_FOUND', message: `Nothing at ${req.method} ${req.path}.` });
    }
  });
}
