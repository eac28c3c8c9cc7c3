import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { waitFor } from '../harness';

/** Helpers for the browser tests: find Debian's Chromium, build the web app when stale, launch headless. */

export const ROOT = path.resolve(__dirname, '../..');
export const WEB_DIST = path.join(ROOT, 'web/dist');
export const OUTPUT = path.join(ROOT, 'test-output/web');

/** CHROMIUM_PATH overrides the search (a path that does not exist shows what happens without a browser). */
const CANDIDATES = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
export const CHROMIUM = CANDIDATES.find((p) => existsSync(p));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `describe` when Chromium is installed. Without it: a visible message and a skipped test, or, when
 * REQUIRE_BROWSER=1 (CI), a failing test, so a CI machine without a browser can never pass silently.
 */
export function describeBrowser(name: string, fn: () => void) {
  if (CHROMIUM) return describe(name, fn);
  const why = `no Chromium at ${CANDIDATES.join(' or ')} (install it with: apt-get install -y chromium)`;
  if (process.env.REQUIRE_BROWSER === '1') {
    describe(name, () => {
      test('Chromium is installed (REQUIRE_BROWSER=1)', () => {
        throw new Error(`REQUIRE_BROWSER=1 but ${why}`);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPED browser tests "${name}": ${why}. Set REQUIRE_BROWSER=1 to make this a failure. ***\n`);
  describe(name, () => {
    test.skip(`browser tests skipped: ${why}`, () => undefined);
  });
}

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, entry)));
  return max;
}

function isStale(): boolean {
  const index = path.join(WEB_DIST, 'index.html');
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts'].map((p) => path.join(ROOT, p)).filter((p) => existsSync(p));
  const newest = Math.max(...sources.map(newestMtime));
  return !existsSync(index) || statSync(index).mtimeMs < newest;
}

/**
 * Builds web/dist when it is missing or older than the app's sources. Test files run in parallel workers, so one
 * builds under a lock file while the others wait for it (a second build would empty web/dist under a running test).
 */
export async function ensureWebBuilt() {
  const lock = path.join(os.tmpdir(), `parley-web-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (!isStale()) return;
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Someone else is building (or crashed while building: a lock older than 5 minutes is stale).
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for the web build (lock ${lock})`);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!isStale()) return;
      console.log('web/dist is missing or older than web/src: building the web app');
      // The production build, as `npm start` serves it: Jest sets NODE_ENV=test, which would give Vite React's
      // development build (StrictMode's double effects, dev-only warnings) and test an app no user runs.
      const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
      if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
      return;
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(OUTPUT, { recursive: true });
  // playwright gives each launch a fresh temporary profile directory.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * How long a Playwright action or wait may take before it fails (Playwright's own default is 30 s). A deadline, not
 * a measurement: every wait ends as soon as what it waits for happens, and on a machine whose cores are busy with
 * other work (CI, or the loaded runs of issue #11) a page load or a re-render can take many seconds.
 */
export const ACTION_TIMEOUT_MS = 60_000;

/** A browser context for a test, with the action and navigation deadline above. */
export async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return context;
}

export function shot(name: string) {
  return path.join(OUTPUT, `${name}.png`);
}

/** The text of every message in the open room, top to bottom. */
export function bodies(page: Page) {
  return page.getByTestId('message-body').allTextContents();
}

export async function untilBodies(page: Page, predicate: (b: string[]) => boolean, what: string, ms = ACTION_TIMEOUT_MS) {
  return waitFor(async () => predicate(await bodies(page)), what, ms);
}

/** Types into the composer and presses Enter. */
/** Waits for two frames: what the page did on the last event (a cache write, a state change) has rendered. */
export async function twoFrames(page: Page) {
  await page.evaluate(() => {
    const w = globalThis as unknown as { requestAnimationFrame(f: () => void): void };
    return new Promise<void>((r) => w.requestAnimationFrame(() => w.requestAnimationFrame(r)));
  });
}

export async function send(page: Page, text: string) {
  const composer = page.getByTestId('composer');
  await composer.fill(text);
  await composer.press('Enter');
}


/** The session the app keeps in localStorage (null when signed out). */
export async function storedSession(page: Page): Promise<{ accessToken: string; refreshToken: string } | null> {
  const raw = await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('parley.session'));
  return raw ? JSON.parse(raw) : null;
}

/** Changes the stored session in place (e.g. to plant a token the server refuses). */
export async function patchStoredSession(page: Page, patch: Record<string, string>) {
  await page.evaluate((p) => {
    const ls = (globalThis as unknown as { localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void } }).localStorage;
    const stored = ls.getItem('parley.session');
    if (!stored) throw new Error('patchStoredSession: the page holds no session (signed out?)');
    const s = JSON.parse(stored);
    ls.setItem('parley.session', JSON.stringify({ ...s, ...p }));
  }, patch);
}
