import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Helpers for the browser tests: find Debian's Chromium, build the web app when stale, launch headless. */

export const ROOT = path.resolve(__dirname, '../..');
export const WEB_DIST = path.join(ROOT, 'web/dist');
export const OUTPUT = path.join(ROOT, 'test-output/web');

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
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

/** Builds web/dist when it is missing or older than the app's sources. */
export function ensureWebBuilt() {
  const index = path.join(WEB_DIST, 'index.html');
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts'].map((p) => path.join(ROOT, p)).filter((p) => existsSync(p));
  const newest = Math.max(...sources.map(newestMtime));
  if (existsSync(index) && statSync(index).mtimeMs >= newest) return;
  console.log('web/dist is missing or stale: building the web app');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(OUTPUT, { recursive: true });
  // playwright gives each launch a fresh temporary profile directory.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export function shot(name: string) {
  return path.join(OUTPUT, `${name}.png`);
}
