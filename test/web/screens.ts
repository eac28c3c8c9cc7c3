import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AUTH_FIELDS, type TestServer, type TestUser } from '../harness';
import { newContext, shot } from './browser';

/** Helpers for the screen-size, keyboard and accessibility tests: sizes, a signed-in page, overflow, axe. */

export const PHONE = { width: 390, height: 844 };
export const SMALL_PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };
export type Viewport = typeof PHONE;

export function sizeName(v: Viewport) {
  return `${v.width}x${v.height}`;
}

/** Wires a page's errors to the test log, so a broken page says why. */
export function watch(page: Page, who: string) {
  page.on('pageerror', (e) => console.error(`[${who} page error]`, e));
  page.on('console', (m) => {
    if (m.type() === 'error') console.warn(`[${who} console.error]`, m.text().slice(0, 300));
  });
}

export async function newPage(browser: Browser, viewport: Viewport, who: string, extra: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { viewport, locale: 'en-GB', timezoneId: 'UTC', ...extra });
  const page = await context.newPage();
  watch(page, who);
  return { context, page };
}

/**
 * A page signed in as `user` (the session the app would have stored after signing in, obtained over the API),
 * showing the room list.
 */
export async function signedInPage(t: TestServer, base: string, browser: Browser, user: TestUser, viewport: Viewport, extra: Parameters<Browser['newContext']>[0] = {}) {
  const r = await t.gql(`mutation($i: LoginInput!) { login(input: $i) { ${AUTH_FIELDS} user { displayName } } }`, { i: { username: user.username, password: user.password } });
  if (r.errors) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
  const { context, page } = await newPage(browser, viewport, user.username, extra);
  await page.goto(`${base}/login`);
  await page.evaluate((s) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('parley.session', s), JSON.stringify(r.data.login));
  await page.goto(`${base}/`);
  await page.getByTestId('connection-status').and(page.locator('[data-status="connected"]')).waitFor({ timeout: 20_000 });
  return { context, page };
}

/** A screenshot under test-output/web/ once the fonts (the bundled emoji font among them) have loaded. */
export async function snap(page: Page, name: string) {
  await page.evaluate(() => (globalThis as any).document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: shot(name) });
}

/**
 * Waits for the open room to show the message with this seq. On a timeout it fails saying what the page held (the
 * URL, the connection, the seqs rendered, the history's scroll, any alert) and leaves a screenshot, so a failure on
 * a busy CI machine can be read from its log.
 */
export async function waitForMessage(page: Page, seq: number | string, timeout = 30_000) {
  const target = page.locator(`[data-testid="message"][data-seq="${seq}"]`);
  try {
    await target.waitFor({ timeout });
  } catch (e) {
    const held = await page
      .evaluate(() => {
        const d = (globalThis as any).document;
        const h = d.querySelector('[data-testid="history"]');
        return {
          url: (globalThis as any).location.pathname + (globalThis as any).location.search,
          connection: d.querySelector('[data-testid="connection-status"]')?.getAttribute('data-status') ?? null,
          stream: d.querySelector('[data-testid="stream-status"]')?.getAttribute('data-state') ?? null,
          seqs: [...d.querySelectorAll('[data-testid="message"]')].map((el: any) => Number(el.getAttribute('data-seq'))),
          blocked: d.querySelectorAll('[data-testid="blocked-message"]').length,
          history: h ? { scrollTop: h.scrollTop, scrollHeight: h.scrollHeight, clientHeight: h.clientHeight } : null,
          alerts: [...d.querySelectorAll('[role="alert"]')].map((el: any) => el.textContent),
        };
      })
      .catch((err: Error) => ({ unreadable: err.message }));
    await snap(page, `failed-wait-message-${seq}-${Date.now()}`).catch(() => undefined);
    throw new Error(`message ${seq} never showed; the page held ${JSON.stringify(held)}\n${(e as Error).message}`);
  }
  return target;
}

/** Nothing sticks out sideways: the document is no wider than the viewport (no horizontal scrolling). */
export async function expectNoOverflow(page: Page, what: string) {
  const { scroll, width, culprits } = await page.evaluate(() => {
    const d = (globalThis as any).document;
    const w = (globalThis as any).innerWidth as number;
    const wide: string[] = [];
    for (const el of d.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > w + 1 && (globalThis as any).getComputedStyle(el).position !== 'fixed') wide.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} right=${Math.round(r.right)}`);
    }
    return { scroll: Math.max(d.documentElement.scrollWidth, d.body.scrollWidth), width: w, culprits: wide.slice(0, 8) };
  });
  if (scroll > width) throw new Error(`${what}: the page is ${scroll} px wide in a ${width} px viewport (${culprits.join(', ')})`);
}

/** axe-core over the page: returns the serious and critical violations, each as one readable line. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')})`);
}

/**
 * Checks one screen as a person would meet it: a screenshot to look at, no sideways overflow at phone sizes,
 * and no serious or critical accessibility violation.
 */
export async function checkScreen(page: Page, name: string, viewport: Viewport, problems: string[]) {
  await snap(page, `${name}-${sizeName(viewport)}`);
  if (viewport.width < 800) {
    try {
      await expectNoOverflow(page, name);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  for (const v of await seriousViolations(page)) problems.push(`${name} at ${sizeName(viewport)}: ${v}`);
}
