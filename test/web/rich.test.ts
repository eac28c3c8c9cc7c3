import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { describeBrowser, ensureWebBuilt, launchBrowser, newContext, shot, WEB_DIST } from './browser';

/**
 * Rich messages in the real web app (headless Chromium): Markdown rendered safely, files attached with the button and
 * by pasting, seen live in the other person's window (a phone-sized one), the image viewer, replies and the jump to
 * an original further back in history.
 */

jest.setTimeout(180_000);

const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq } }`;

interface Person {
  user: TestUser;
  context: BrowserContext;
  page: Page;
}

let t: TestServer;
let browser: Browser;
let base: string;
let alice: Person;
let bob: Person;
let roomId: string;
let originalId: string;

async function open(user: TestUser, viewport: { width: number; height: number }): Promise<Person> {
  const context = await newContext(browser, { viewport, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${user.username} page error]`, e));
  page.on('dialog', (d) => {
    console.error(`[${user.username}] unexpected dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${base}/login`);
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(`${base}/rooms/${roomId}`);
  await page.getByTestId('composer').waitFor();
  return { user, context, page };
}

function message(page: Page, text: string) {
  return page.getByTestId('message').filter({ hasText: text }).last();
}

/** Every image in the locator has loaded with real pixels. */
async function imagesLoaded(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluateAll((imgs) => imgs.length > 0 && imgs.every((i: any) => i.complete && i.naturalWidth > 0));
}

describeBrowser('rich messages in the web app', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn' } });
    base = t.url.replace(/\/graphql$/, '');
    const [a, b] = [await register(t, 'ralice'), await register(t, 'rbob')];
    roomId = (await t.gql(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Holiday', memberIds: [b.id] } }, a.accessToken)).data.createGroupRoom.id;
    originalId = (await t.gql(SEND, { i: { roomId, body: 'The *original* plan: meet at noon' } }, a.accessToken)).data.sendMessage.id;
    // More than a page (30) after it: the original is not on screen when the room opens.
    for (let i = 0; i < 34; i++) await t.gql(SEND, { i: { roomId, body: `filler ${i}` } }, i % 2 ? b.accessToken : a.accessToken);
    browser = await launchBrowser();
    alice = await open(a, { width: 1280, height: 800 });
    bob = await open(b, { width: 390, height: 844 });
  }, 240_000);

  afterEach(async () => {
    const name = expect.getState().currentTestName?.replace(/^rich messages in the web app /, '').replace(/\W+/g, '-').slice(0, 40) ?? 'test';
    await alice?.page.screenshot({ path: shot(`rich-after-${name}-alice`) }).catch(() => undefined);
    await bob?.page.screenshot({ path: shot(`rich-after-${name}-bob`) }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('renders Markdown and links, never raw HTML or javascript: links', async () => {
    const a = alice.page;
    const composer = a.getByTestId('composer');
    await composer.fill('**bold** _it_ ~~gone~~ `x < y` see https://example.com/page <b>raw</b> [click](javascript:alert(1))');
    await composer.press('Enter');
    const own = message(a, 'see').getByTestId('message-body');
    await own.locator('strong').waitFor();
    expect(await own.locator('strong').textContent()).toBe('bold');
    expect(await own.locator('em').textContent()).toBe('it');
    expect(await own.locator('s').textContent()).toBe('gone');
    expect(await own.locator('code').textContent()).toBe('x < y');
    const link = own.locator('a');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe('https://example.com/page');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await own.locator('b').count()).toBe(0);
    expect(await own.textContent()).toContain('<b>raw</b>');
    expect(await own.textContent()).toContain('[click](javascript:alert(1))');
    // Bob's window shows the same, live.
    const theirs = message(bob.page, 'see').getByTestId('message-body');
    await theirs.locator('strong').waitFor();
    // The room list's preview is plain text.
    await a.screenshot({ path: shot('rich-01-markdown-1280') });
    await bob.page.screenshot({ path: shot('rich-01-markdown-390') });
  });

  test('attaches a photo with the button (progress, then sent) and Bob sees it live, then opens the viewer', async () => {
    const a = alice.page;
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3b82f6' } })
      .composite([{ input: await sharp({ create: { width: 400, height: 400, channels: 3, background: '#f59e0b' } }).png().toBuffer(), left: 400, top: 200 }])
      .jpeg()
      .toBuffer();
    await a.getByTestId('attach-input').setInputFiles({ name: 'beach.jpg', mimeType: 'image/jpeg', buffer: photo });
    await a.getByTestId('pending-upload').first().waitFor();
    await waitFor(async () => (await a.getByTestId('pending-upload').getAttribute('data-status')) === 'done', 'the upload to finish', 60_000);
    await a.screenshot({ path: shot('rich-02-tray-1280') });
    const composer = a.getByTestId('composer');
    await composer.fill('Photo from the beach');
    await composer.press('Enter');
    await waitFor(() => a.getByTestId('pending-upload').count().then((n) => n === 0), 'the tray to empty');
    const mine = message(a, 'Photo from the beach');
    await mine.getByTestId('attachment-image').waitFor();

    const b = bob.page;
    const seen = message(b, 'Photo from the beach');
    await seen.getByTestId('attachment-image').waitFor({ timeout: 30_000 });
    await waitFor(() => imagesLoaded(b, '[data-testid="attachment-image"] img'), "Bob's thumbnail to load", 30_000);
    await b.screenshot({ path: shot('rich-03-photo-live-390') });

    await seen.getByTestId('attachment-image').click();
    const viewer = b.getByTestId('image-viewer');
    await viewer.waitFor();
    await waitFor(() => imagesLoaded(b, '.image-viewer__img'), 'the full-size image to load', 30_000);
    const size = await b.locator('.image-viewer__img').evaluate((i: any) => [i.naturalWidth, i.naturalHeight]);
    expect(size).toEqual([1200, 800]);
    await b.screenshot({ path: shot('rich-04-viewer-390') });
    await b.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
  });

  test('attaches a pasted screenshot and a document; Bob sees the image and a file card', async () => {
    const a = alice.page;
    const png = (await sharp({ create: { width: 300, height: 200, channels: 3, background: '#10b981' } }).png().toBuffer()).toString('base64');
    // What a browser does when the user pastes an image: a paste event whose clipboard holds a file.
    await a.getByTestId('composer').evaluate((el, b64) => {
      const w = globalThis as any; // the page's window (the tests compile without DOM types)
      const bytes = Uint8Array.from(w.atob(b64), (c: string) => c.charCodeAt(0));
      const dt = new w.DataTransfer();
      dt.items.add(new w.File([bytes], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new w.ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, png);
    await a.getByTestId('attach-input').setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% the plan\n') });
    await waitFor(async () => {
      const s = await a.getByTestId('pending-upload').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      return s.length === 2 && s.every((x) => x === 'done');
    }, 'both uploads to finish', 60_000);
    await a.getByRole('button', { name: 'Send message' }).click();

    const b = bob.page;
    const seen = b.getByTestId('message').filter({ has: b.getByTestId('attachment-file') }).last();
    await seen.waitFor({ timeout: 30_000 });
    await seen.getByTestId('attachment-image').waitFor();
    expect(await seen.getByTestId('attachment-file').textContent()).toContain('plan.pdf');
    const download = seen.getByRole('link', { name: 'Download plan.pdf' });
    const href = await download.getAttribute('href');
    expect(href).toMatch(/^\/files\/.+sig=/);
    const res = await fetch(new URL(href!, base));
    expect(res.status).toBe(200);
    expect((await res.text()).startsWith('%PDF-1.4')).toBe(true);
    await b.screenshot({ path: shot('rich-05-paste-and-file-390') });
    await a.screenshot({ path: shot('rich-05-paste-and-file-1280') });
  });

  test('Bob replies from the message toolbar; Alice sees the quote, and a quote jumps to an original further back', async () => {
    const b = bob.page;
    const target = message(b, 'Photo from the beach');
    // On a phone the actions come in under the bubble on a long press or keyboard focus: the keyboard way here.
    await target.getByRole('button', { name: 'Reply' }).focus();
    await b.keyboard.press('Enter');
    await b.getByTestId('replying-to').waitFor();
    expect(await b.getByTestId('replying-to').textContent()).toContain('Photo from the beach');
    await b.screenshot({ path: shot('rich-06-replying-390') });
    const composer = b.getByTestId('composer');
    await composer.fill('Looks **great**!');
    await composer.press('Enter');
    await b.getByTestId('replying-to').waitFor({ state: 'hidden' });

    const a = alice.page;
    const reply = message(a, 'Looks great!');
    await reply.getByTestId('reply-quote').waitFor({ timeout: 30_000 });
    expect(await reply.getByTestId('reply-quote').textContent()).toContain('Photo from the beach');
    await a.screenshot({ path: shot('rich-07-reply-1280') });

    // A reply to the first message, which is more than a page back: clicking the quote loads history to it.
    await t.gql(SEND, { i: { roomId, body: 'About that plan', replyToId: originalId } }, bob.user.accessToken);
    const late = message(a, 'About that plan');
    await late.getByTestId('reply-quote').waitFor({ timeout: 30_000 });
    expect(await a.locator(`[data-testid="message"][data-id="${originalId}"]`).count()).toBe(0);
    await late.getByTestId('reply-quote').click();
    const original = a.locator(`[data-testid="message"][data-id="${originalId}"]`);
    await original.waitFor({ timeout: 30_000 });
    await waitFor(() => original.isVisible().then(async (v) => v && (await original.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= (globalThis as any).innerHeight; }))), 'the original to be scrolled into view', 30_000);
    expect(await original.getByTestId('message-body').locator('em').textContent()).toBe('original');
    await a.screenshot({ path: shot('rich-08-jumped-1280') });
  });
});
