import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { startServer, type TestServer } from './harness';

/** Which paths serve the web app, the docs routes, and 404s for everything else. */

function fakeWebDist(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-web-routes-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root" data-page="app"></div>');
  writeFileSync(path.join(dir, 'graphiql.html'), '<!doctype html><div id="graphiql" data-page="graphiql"></div>');
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  mkdirSync(path.join(dir, 'reference'));
  writeFileSync(path.join(dir, 'reference', 'index.html'), '<!doctype html><h1 data-page="reference">Reference</h1>');
  return dir;
}

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('web routes (development)', () => {
  let t: TestServer;
  let base: string;
  let dist: string;
  beforeAll(async () => {
    dist = fakeWebDist();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST: dist } });
    base = t.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  test.each(['/', '/login', '/register', '/forgot-password', '/reset-password?token=abc', '/admin', '/mentions', '/rooms/123', '/rooms/123/settings', '/people', '/invite/abc123'])('%s serves the web app', async (p) => {
    const res = await fetch(base + p, { headers: HTML });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-page="app"');
  });

  // /uploads and /files are the file routes (src/modules/uploads): they answer for themselves, never with the app's page.
  test('/uploads and /files/<id> answer as API routes, not with the web app', async () => {
    const upload = await fetch(base + '/uploads', { method: 'POST', headers: { ...HTML, 'content-type': 'application/json' }, body: '{}' });
    expect(upload.status).toBe(401);
    expect(upload.headers.get('content-type')).toContain('application/json');
    expect(await upload.text()).not.toContain('data-page="app"');
    for (const headers of [HTML, {}]) {
      const list = await fetch(base + '/uploads', { headers });
      expect(list.status).toBe(404);
      expect(await list.text()).not.toContain('data-page="app"');
      const file = await fetch(base + '/files/abc', { headers });
      expect(file.status).toBe(404);
      expect(await file.text()).not.toContain('data-page="app"');
    }
  });

  test.each(['/docs/x', '/redoc', '/openapi.json', '/romos/1', '/rooms', '/rooms/1/2', '/admin/x', '/assets/missing.js', '/metrics'])(
    '%s is a 404: a page for browsers, JSON for other clients',
    async (p) => {
      const page = await fetch(base + p, { headers: HTML });
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).not.toContain('data-page="app"');
      const api = await fetch(base + p);
      expect(api.status).toBe(404);
      expect(await api.json()).toMatchObject({ error: 'NOT_FOUND' });
      const post = await fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(post.status).toBe(404);
    },
  );

  test('the API routes still answer (not swallowed by the web app)', async () => {
    expect((await fetch(`${base}/healthz`, { headers: HTML })).headers.get('content-type')).toContain('application/json');
    expect((await t.gql('{ __typename }')).data.__typename).toBe('Query');
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(200);
  });

  test('/graphiql serves the explorer and /docs redirects to it; /reference and /schema.graphql are served', async () => {
    const g = await fetch(`${base}/graphiql`, { headers: HTML });
    expect(await g.text()).toContain('data-page="graphiql"');
    const docs = await fetch(`${base}/docs`, { redirect: 'manual' });
    expect(docs.status).toBe(302);
    expect(docs.headers.get('location')).toBe('/graphiql');
    const ref = await fetch(`${base}/reference`);
    expect(ref.url).toMatch(/\/reference\/$/);
    expect(await ref.text()).toContain('data-page="reference"');
    const sdl = await fetch(`${base}/schema.graphql`);
    expect(sdl.status).toBe(200);
    const schema = buildSchema(await sdl.text());
    expect(schema.getQueryType()?.getFields().me).toBeDefined();
    expect(schema.getSubscriptionType()?.getFields().roomEvents).toBeDefined();
  });
});

describe('web routes (production)', () => {
  test('no GraphiQL, no reference, no schema; /docs falls back to the app; unknown paths still 404', async () => {
    const dist = fakeWebDist();
    const t = await startServer({ env: { NODE_ENV: 'production', SERVE_WEB: 'true', WEB_DIST: dist } });
    try {
      const base = t.url.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/graphiql`, { headers: HTML })).status).toBe(404);
      expect((await fetch(`${base}/reference/`)).status).toBe(404);
      expect((await fetch(`${base}/schema.graphql`)).status).toBe(404);
      const docs = await fetch(`${base}/docs`, { redirect: 'manual' });
      expect(docs.headers.get('location')).toBe('/');
      expect((await fetch(`${base}/rooms/1`, { headers: HTML })).status).toBe(200);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await t.stop();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
