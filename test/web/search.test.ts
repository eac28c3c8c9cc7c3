import type { Browser, Page, Route } from 'playwright-core';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { describeBrowser, ensureWebBuilt, launchBrowser, twoFrames, WEB_DIST } from './browser';
import { DESKTOP, PHONE, signedInPage, sizeName, snap, waitForMessage, type Viewport } from './screens';

/**
 * Search and jump, mentions and "Seen by" in the real web app (headless Chromium, real server, fresh database):
 * a search in the room finds an old message with its words marked, and opening it loads history back to it.
 */
jest.setTimeout(240_000);

let t: TestServer;
let browser: Browser;
let base: string;
let ann: TestUser;
let ben: TestUser;
let room: string;

async function ok(query: string, variables: Record<string, unknown>, u: TestUser) {
  const r = await t.gql(query, variables, u.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}
/** Puts the tab in the background or brings it back, as the browser tells the page (visibilitychange). */
async function setTabVisible(page: Page, visible: boolean) {
  await page.evaluate((v) => {
    const d = (globalThis as any).document;
    Object.defineProperty(d, 'visibilityState', { configurable: true, get: () => (v ? 'visible' : 'hidden') });
    Object.defineProperty(d, 'hidden', { configurable: true, get: () => !v });
    d.dispatchEvent(new Event('visibilitychange'));
  }, visible);
}

const send = (u: TestUser, body: string) => ok(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq } }`, { i: { roomId: room, body } }, u);

describeBrowser('search, mentions and receipts in the web app', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST } });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    [ann, ben] = [await register(t, 'ann'), await register(t, 'ben')];
    room = (await ok(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Findings', memberIds: [ben.id] } }, ann)).createGroupRoom.id;
    await send(ben, 'The blue heron landed near the old mill');
    // Enough after it that it is not on the first page the room loads.
    for (let i = 0; i < 45; i++) await send(i % 2 ? ann : ben, `filler message ${i}`);
    await send(ben, `@${ann.username} look at this, and @room too`);
    const last = await send(ann, 'Thanks, I will');
    await ok(`mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: room, s: last.sendMessage.seq }, ben);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it.each([PHONE, DESKTOP])('finds a message and opens the room at it (%o)', async (viewport: Viewport) => {
    const { context, page } = await signedInPage(t, base, browser, ann, viewport);
    try {
      await page.goto(`${base}/rooms/${encodeURIComponent(room)}`);
      await page.getByTestId('message-body').filter({ hasText: 'Thanks, I will' }).waitFor();
      // Mentions are marked, the viewer's own one stronger; "Seen by" under the viewer's last message.
      await page.getByTestId('mention-me').first().waitFor();
      expect(await page.getByTestId('mention-me').first().textContent()).toBe(`@${ann.username}`);
      expect(await page.getByTestId('seen-by').textContent()).toContain('Seen by');
      await snap(page, `search-room-${sizeName(viewport)}`);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('searchbox', { name: 'Search messages' }).fill('heron mill');
      await page.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
      const result = page.getByTestId('search-result').first();
      await result.waitFor();
      expect(await result.locator('mark').allTextContents()).toEqual(['heron', 'mill']);
      await snap(page, `search-results-${sizeName(viewport)}`);
      await result.click();
      const target = page.getByTestId('message-body').filter({ hasText: 'The blue heron landed' });
      await target.waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => {
        const el = (globalThis as any).document.querySelector('[data-testid="message"][data-seq="1"]') ?? [...(globalThis as any).document.querySelectorAll('[data-testid="message-body"]')].find((e: any) => e.textContent.includes('blue heron'));
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= (globalThis as any).innerHeight;
      }, undefined, { timeout: 30_000 });
      expect(page.url()).toContain('?at=');
      await snap(page, `search-jump-${sizeName(viewport)}`);
    } finally {
      await context.close();
    }
  });

  it('shows desktop notifications for direct messages and mentions while the tab is hidden, and counts them in the title', async () => {
    const { context, page } = await signedInPage(t, base, browser, ann, DESKTOP, { permissions: ['notifications'] });
    try {
      // Record what the app shows (the real Notification still runs).
      await context.addInitScript(() => {
        const w = globalThis as any;
        const Real = w.Notification;
        w.__notes = [];
        class Recorded extends Real {
          constructor(title: string, options?: any) {
            super(title, options);
            w.__notes.push({ title, body: options?.body });
          }
        }
        Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
        (Recorded as any).requestPermission = Real.requestPermission.bind(Real);
        w.Notification = Recorded;
      });
      await page.reload();
      await page.getByTestId('connection-status').and(page.locator('[data-status="connected"]')).waitFor({ timeout: 20_000 });
      await page.getByTestId('me').click();
      await page.getByTestId('desktop-notifications').check();
      await page.keyboard.press('Escape');
      // The tab goes to the background.
      await setTabVisible(page, false);
      const dm = (await ok(`mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: ann.id }, ben)).createDirectRoom.id;
      await ok(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { roomId: dm, body: 'Are you there?' } }, ben);
      await page.waitForFunction(() => (globalThis as any).__notes.length === 1, undefined, { timeout: 30_000 });
      await send(ben, `@${ann.username} one more thing`);
      await page.waitForFunction(() => (globalThis as any).__notes.length === 2, undefined, { timeout: 30_000 });
      // A plain group message (level ALL, no mention) is not a desktop notification.
      await send(ben, 'just chatting');
      const notes = await page.evaluate(() => (globalThis as any).__notes);
      expect(notes[0]).toMatchObject({ body: 'Are you there?' });
      expect(notes[1].title).toContain('mentioned you in Findings');
      await page.waitForFunction(() => (globalThis as any).document.title.startsWith('(2) '), undefined, { timeout: 10_000 });
      await snap(page, 'notifications-1280x800');
      // Back to the tab: the notifications' count resets, but the two rooms are still unread and the title still
      // says so (the reset used to write a bare "Parley" over the room list's count). Two frames let it render.
      await setTabVisible(page, true);
      await twoFrames(page);
      expect(await page.title()).toBe('(2) Parley');
      await page.getByTestId('room-item').filter({ hasText: 'Findings' }).click();
      await page.waitForFunction(() => (globalThis as any).document.title === '(1) Parley', undefined, { timeout: 10_000 });
    } finally {
      await context.close();
    }
  });
  it('keeps a room opened at a message there through failed pages and a resync, and says when it is gone', async () => {
    const history = (await ok(`query($id: ID!) { room(id: $id) { messages(last: 100) { edges { node { seq body } } } } }`, { id: room }, ann)).room.messages.edges;
    const heron = String(history.find((e: { node: { body: string } }) => e.node.body.includes('blue heron')).node.seq);
    const { context, page } = await signedInPage(t, base, browser, ann, PHONE);
    try {
      // Older pages: the first two fail on the way, the third waits until the test has seen the room say so.
      let failing = 2;
      let heldPage: Route | null = null;
      let olderAsked = 0;
      await page.route('**/graphql', async (route) => {
        if (route.request().postDataJSON()?.operationName !== 'OlderMessages') return route.fallback();
        olderAsked++;
        if (failing > 0) {
          failing--;
          return route.abort('failed');
        }
        if (olderAsked === 3) {
          heldPage = route;
          return;
        }
        return route.fallback();
      });
      // Live events pass through, but the one carrying `lost` arrives as an error (the page must resync).
      let lost: string | null = null;
      await page.routeWebSocket(/\/graphql$/, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((m) => server.send(m));
        server.onMessage((m) => {
          const f = JSON.parse(String(m));
          if (lost !== null && f.type === 'next' && f.payload?.data?.roomEvents?.message?.body === lost) {
            lost = null;
            ws.send(JSON.stringify({ id: f.id, type: 'next', payload: { data: null, errors: [{ message: 'injected by the test: event lost', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } }));
            return;
          }
          ws.send(m);
        });
      });
      const status = page.getByTestId('jump-status');
      await page.goto(`${base}/rooms/${encodeURIComponent(room)}?at=${heron}`);
      await status.and(page.locator('[data-state="retrying"]')).waitFor({ timeout: 30_000 });
      expect(await status.textContent()).toBe('Could not load earlier messages yet. Trying again…');
      await snap(page, 'jump-retrying-390x844');
      await waitFor(() => heldPage !== null, 'the third older page');
      await heldPage!.fallback();
      await waitForMessage(page, heron);
      // Shown: the status line stays in the page (a live region must exist before it speaks) but empty and hidden.
      await status.and(page.locator('[data-state="shown"]')).waitFor({ state: 'attached' });
      expect(await status.textContent()).toBe('');

      // A resync (an event lost on the way) keeps only the fresh newest page: the jump loads back to the message.
      const before = olderAsked;
      lost = 'lost on the way, then resynced';
      await send(ben, lost);
      await page.getByTestId('message-body').filter({ hasText: 'lost on the way, then resynced' }).waitFor({ timeout: 30_000 });
      await waitFor(() => olderAsked > before, 'the older page asked for again after the resync');
      await waitForMessage(page, heron);
      await page.waitForFunction((seq) => {
        const el = (globalThis as any).document.querySelector(`[data-testid="message"][data-seq="${seq}"]`);
        const r = el?.getBoundingClientRect();
        return !!r && r.top >= 0 && r.bottom <= (globalThis as any).innerHeight;
      }, heron, { timeout: 30_000 });

      // A message that is not there (never was, or no longer) is said so, not waited for.
      await page.goto(`${base}/rooms/${encodeURIComponent(room)}?at=100000`);
      await status.and(page.locator('[data-state="missing"]')).waitFor({ timeout: 30_000 });
      expect(await status.textContent()).toBe('That message is no longer in this room.');
      await snap(page, 'jump-missing-390x844');
    } finally {
      await context.close();
    }
  });
});
