import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { runAdminCli } from '../../src/modules/admin/admin.cli';
import { register, startServer, uniqueName, waitFor, type TestServer, type TestUser } from '../harness';
import { describeBrowser, ensureWebBuilt, launchBrowser, WEB_DIST } from './browser';
import { DESKTOP, newPage, PHONE, signedInPage, sizeName, snap, type Viewport } from './screens';

/**
 * What people notice first, in Chromium at phone and desktop sizes against a real server: forms that show every
 * error at once (from the server) in words and clear them as the field is fixed; an unknown room URL; the composer's
 * growth and its 4,000-character limit; confirmations with outcomes; true status words; colour emoji.
 */

jest.setTimeout(180_000);

let t: TestServer;
let browser: Browser;
let base: string;
let admin: TestUser;
let bob: TestUser;
let carol: TestUser;
let groupId: string;

async function gql<T = any>(user: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await t.gql(query, variables, user.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

/** The error texts shown under the fields of a form, by field label. */
async function fieldErrors(page: Page): Promise<string[]> {
  return page.locator('.field__error').allTextContents();
}

describeBrowser('web app: forms, composer, confirmations, status words, emoji', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn', RATE_LIMIT_LOGIN_PER_MINUTE: '1000' } });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    admin = await register(t, 'admin');
    bob = await register(t, 'bob');
    carol = await register(t, 'carol');
    await gql(admin, `mutation { updateProfile(input: { displayName: "Ada Admin" }) { id } }`);
    await gql(bob, `mutation { updateProfile(input: { displayName: "Bob" }) { id } }`);
    const io = { out: () => undefined, err: (l: string) => console.error(l) };
    expect(await runAdminCli(['promote', admin.username], loadConfig(t.env), io, t.server.app.orm)).toBe(0);
    const g = await gql(admin, `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Book club', memberIds: [bob.id, carol.id] } });
    groupId = g.createGroupRoom.id;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  for (const viewport of [PHONE, DESKTOP] as Viewport[]) {
    test(`registration at ${sizeName(viewport)}: every server error at once, in words; each clears as its field is fixed`, async () => {
      const { context, page } = await newPage(browser, viewport, 'register');
      const n = sizeName(viewport);
      await page.goto(`${base}/register`);
      // The quick check in the browser: empty fields, all at once.
      await page.getByRole('button', { name: 'Create account' }).click();
      await waitFor(async () => (await fieldErrors(page)).length === 3, 'three empty-field errors');
      await page.getByLabel('Email').fill('not-an-email');
      expect(await fieldErrors(page)).toHaveLength(2);
      // The server's checks: three fields wrong, all shown after one submit.
      const username = uniqueName('x').slice(0, 6);
      await page.getByLabel('Username').fill(`${username} with spaces`);
      await page.getByLabel('Display name (optional)').fill('D'.repeat(65));
      await page.getByLabel('Password').fill('long enough password');
      await page.getByRole('button', { name: 'Create account' }).click();
      await waitFor(async () => (await fieldErrors(page)).length === 3, 'three server errors shown together');
      const errors = await fieldErrors(page);
      for (const e of errors) {
        expect(e).not.toMatch(/"/);
        expect(e).not.toMatch(/displayName|is not a valid id/);
      }
      expect(errors).toContain('Display name can be at most 64 characters (this one has 65).');
      await expectInvalid(page, 'Email', true);
      await expectInvalid(page, 'Username', true);
      await expectInvalid(page, 'Display name (optional)', true);
      await snap(page, `forms-register-errors-${n}`);
      // Fixing a field clears its error at once; the others stay until fixed.
      await page.getByLabel('Email').fill(`${username}@example.com`);
      await expectInvalid(page, 'Email', false);
      expect(await fieldErrors(page)).toHaveLength(2);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Display name (optional)').fill('Dee');
      expect(await fieldErrors(page)).toHaveLength(0);
      await page.getByRole('button', { name: 'Create account' }).click();
      // Signed in: the room list (on a phone the welcome pane is not shown beside it).
      await page.getByRole('button', { name: 'New chat' }).waitFor();
      await page.getByTestId('me').filter({ hasText: 'Dee' }).waitFor();
      await context.close();
    });
  }

  async function expectInvalid(page: Page, label: string, invalid: boolean) {
    await waitFor(async () => ((await page.getByLabel(label, { exact: true }).getAttribute('aria-invalid')) === 'true') === invalid, `${label} ${invalid ? 'invalid' : 'valid'}`);
  }

  test('sign in: "Enter your password." goes as soon as a password is typed; a wrong password is said in words', async () => {
    const { context, page } = await newPage(browser, PHONE, 'login');
    await page.goto(`${base}/login`);
    await page.getByLabel('Username or email').fill(bob.username);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter your password.').waitFor();
    await page.getByLabel('Password').fill('x');
    expect(await page.getByText('Enter your password.').count()).toBe(0);
    await page.getByLabel('Password').fill('wrong password here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.field__error').first().waitFor();
    const text = (await page.locator('.field__error').first().textContent())!;
    expect(text).toMatch(/^[A-Z].*\.$/);
    await snap(page, `forms-login-wrong-${sizeName(PHONE)}`);
    await page.getByLabel('Password').fill(bob.password);
    expect(await page.locator('.field__error').count()).toBe(0);
    await context.close();
  });

  test('an unknown or malformed room URL says the room does not exist or you are not a member', async () => {
    const { context, page } = await signedInPage(t, base, browser, carol, PHONE);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-room']) {
      await page.goto(`${base}/rooms/${id}`);
      const box = page.getByTestId('room-unavailable');
      await box.waitFor();
      expect(await box.textContent()).toContain('This room does not exist, or you are not a member of it.');
      expect(await box.textContent()).not.toMatch(/"id"|valid id/);
    }
    await snap(page, `forms-unknown-room-${sizeName(PHONE)}`);
    await page.getByRole('link', { name: 'Back to your rooms' }).click();
    await page.getByTestId('room-item').first().waitFor();
    await context.close();
  });

  for (const viewport of [DESKTOP, PHONE] as Viewport[]) {
    test(`composer at ${sizeName(viewport)}: grows with its text, counts down near the limit, keeps a 5,000-character paste whole and refuses to send it`, async () => {
      const { context, page } = await signedInPage(t, base, browser, bob, viewport);
      const n = sizeName(viewport);
      await page.goto(`${base}/rooms/${groupId}`);
      const composer = page.getByTestId('composer');
      await composer.waitFor();
      const h1 = (await composer.boundingBox())!.height;
      await composer.fill('one\ntwo\nthree\nfour');
      await waitFor(async () => (await composer.boundingBox())!.height > h1 + 30, 'the composer grows with its lines');
      const h4 = (await composer.boundingBox())!.height;
      await composer.fill(Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n'));
      const h40 = (await composer.boundingBox())!.height;
      expect(h40).toBeGreaterThan(h4);
      expect(h40).toBeLessThanOrEqual(Math.min(240, viewport.height * 0.35) + 1);
      await snap(page, `composer-grown-${n}`);

      // A 5,000-character paste: kept whole, the over-limit message shown, the send refused.
      const long = 'abcdefghij'.repeat(500);
      await composer.fill('');
      await composer.focus();
      await page.evaluate((text) => {
        const el = (globalThis as any).document.activeElement;
        const dt = new (globalThis as any).DataTransfer();
        dt.setData('text/plain', text);
        el.dispatchEvent(new (globalThis as any).ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      }, long);
      // Chromium has no default paste from a synthetic event: type it in as the paste would.
      if ((await composer.inputValue()).length === 0) await composer.fill(long);
      expect((await composer.inputValue()).length).toBe(5000);
      const count = page.getByTestId('composer-count');
      await count.filter({ hasText: '1,000 characters over the limit of 4,000' }).waitFor();
      expect(await composer.getAttribute('aria-invalid')).toBe('true');
      await composer.press('Enter');
      await count.and(page.locator('[role="alert"]')).waitFor();
      expect(await page.getByTestId('pending-message').count()).toBe(0);
      expect((await composer.inputValue()).length).toBe(5000);
      // The button says it cannot send (aria-disabled, still focusable); a click does nothing either.
      const sendButton = page.getByRole('button', { name: 'Send message' });
      expect(await sendButton.getAttribute('aria-disabled')).toBe('true');
      await sendButton.click({ force: true });
      expect((await composer.inputValue()).length).toBe(5000);
      expect(await page.getByTestId('pending-message').count()).toBe(0);
      await snap(page, `composer-over-limit-${n}`);
      // Shortened under the limit: the count says what is left, and it sends.
      // Its own text per screen size: both sizes send in the same room, and the other size's message is in the history.
      const shortened = `${n} `.padEnd(3950, 'x');
      await composer.fill(shortened);
      await count.filter({ hasText: '50 characters left' }).waitFor();
      await composer.press('Enter');
      await page.getByTestId('message-body').filter({ hasText: shortened }).waitFor();
      expect(await composer.inputValue()).toBe('');
      await context.close();
    });
  }

  test('Leave asks first; Cancel keeps you in; Leave room leaves and says so', async () => {
    const { context, page } = await signedInPage(t, base, browser, carol, DESKTOP);
    await page.goto(`${base}/rooms/${groupId}`);
    await page.getByRole('button', { name: 'Leave' }).click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('role')).toBe('alertdialog');
    await snap(page, `confirm-leave-${sizeName(DESKTOP)}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(page.url()).toContain(groupId);
    const members = await gql(admin, `query($id: ID!) { room(id: $id) { memberCount } }`, { id: groupId });
    expect(members.room.memberCount).toBe(3);
    await page.getByRole('button', { name: 'Leave' }).click();
    await dialog.getByRole('button', { name: 'Leave room' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByTestId('toast').filter({ hasText: 'You left Book club.' }).waitFor();
    await snap(page, `confirm-leave-outcome-${sizeName(DESKTOP)}`);
    const after = await gql(admin, `query($id: ID!) { room(id: $id) { memberCount } }`, { id: groupId });
    expect(after.room.memberCount).toBe(2);
    await context.close();
  });

  for (const viewport of [PHONE, DESKTOP] as Viewport[]) {
    test(`admin at ${sizeName(viewport)}: ban asks for a reason and confirms; role changes confirm; each says what happened`, async () => {
      const target = await register(t, 'target');
      const { context, page } = await signedInPage(t, base, browser, admin, viewport);
      const n = sizeName(viewport);
      await page.goto(`${base}/admin`);
      await page.getByLabel('Search').fill(target.username);
      const row = page.getByTestId('admin-users').locator('tbody tr', { hasText: target.username });
      await row.waitFor();

      // Role: the dropdown asks before anything changes; Cancel leaves it as it was.
      await row.getByLabel(`Role of ${target.username}`).selectOption('MODERATOR');
      const dialog = page.getByTestId('confirm-dialog');
      await dialog.getByText(`Make @${target.username} a moderator?`).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(await row.getByLabel(`Role of ${target.username}`).inputValue()).toBe('USER');
      expect((await gql(admin, `query($id: ID!) { user(id: $id) { role } }`, { id: target.id })).user.role).toBe('USER');
      await row.getByLabel(`Role of ${target.username}`).selectOption('MODERATOR');
      await dialog.getByRole('button', { name: 'Change role' }).click();
      await page.getByTestId('toast').filter({ hasText: `@${target.username} is now a moderator.` }).waitFor();
      expect(await row.getByLabel(`Role of ${target.username}`).inputValue()).toBe('MODERATOR');

      // Ban: a reason, a confirmation, the outcome.
      await row.getByRole('button', { name: `Ban ${target.username}` }).click();
      await dialog.waitFor();
      const reason = dialog.getByLabel('Reason (kept in the audit log)');
      expect(await reason.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
      await reason.fill('Spamming the book club');
      await snap(page, `confirm-ban-${n}`);
      await dialog.getByRole('button', { name: 'Ban', exact: true }).click();
      await page.getByTestId('toast').filter({ hasText: `@${target.username} is banned.` }).waitFor();
      await row.getByText('banned').waitFor();
      await snap(page, `confirm-ban-outcome-${n}`);
      const audit = await gql(admin, `{ auditEvents(filter: { actions: [USER_BANNED] }, first: 5) { edges { node { targetId metadata } } } }`).catch(async () =>
        gql(admin, `{ auditEvents(filter: { actions: [USER_BANNED] }, first: 5) { edges { node { targetId } } } }`),
      );
      expect(audit.auditEvents.edges.some((e: { node: { targetId: string } }) => e.node.targetId === target.id)).toBe(true);
      await context.close();
    });
  }

  test('status words: "Can\'t reach the server, retrying" while the server is out of reach, "Offline" only when the browser is; last seen in relative words with the date in a tooltip', async () => {
    let blocked = false;
    const live = new Set<WebSocketRoute>();
    const { context, page } = await signedInPage(t, base, browser, bob, DESKTOP);
    await context.routeWebSocket(/\/graphql$/, (ws) => {
      if (blocked) return void ws.close({ code: 1013, reason: 'server out of reach (test)' });
      ws.connectToServer();
      live.add(ws);
      ws.onClose(() => live.delete(ws));
    });
    await page.reload();
    const status = page.getByTestId('connection-status');
    await status.and(page.locator('[data-status="connected"]')).waitFor({ timeout: 20_000 });
    // Carol was online and left: Bob sees when, in words.
    const sock = t.ws(carol.accessToken);
    await new Promise<void>((resolve, reject) => {
      sock.on('connected', () => resolve());
      sock.subscribe({ query: `subscription { viewerEvents { __typename } }` }, { next: () => undefined, error: reject, complete: () => undefined });
    });
    const direct = await gql(bob, `mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: carol.id });
    await page.goto(`${base}/rooms/${direct.createDirectRoom.id}`);
    await page.getByTestId('room-subtitle').filter({ hasText: 'Online' }).waitFor();
    await sock.dispose();
    await waitFor(async () => !(await gql(bob, `query($id: ID!) { user(id: $id) { isOnline } }`, { id: carol.id })).user.isOnline, 'Carol offline');
    await page.reload();
    const subtitle = page.getByTestId('room-subtitle').filter({ hasText: 'Last seen just now' });
    await subtitle.waitFor({ timeout: 20_000 });
    expect(await subtitle.getAttribute('title')).toMatch(/\d{4}/); // the full date
    await snap(page, 'status-last-seen');

    // The server stops answering while the network is up: not "Offline", but "Can't reach the server, retrying".
    blocked = true;
    for (const ws of [...live]) await ws.close({ code: 1013, reason: 'server out of reach (test)' });
    await status.and(page.locator('[data-status="unreachable"]')).waitFor({ timeout: 60_000 });
    expect(await status.textContent()).toContain("Can't reach the server, retrying");
    expect(await page.evaluate(() => (globalThis as any).navigator.onLine)).toBe(true);
    await snap(page, 'status-unreachable');
    // The browser goes offline: now it is "Offline"; back online with the server still away: unreachable again.
    await context.setOffline(true);
    await status.and(page.locator('[data-status="offline"]')).waitFor();
    expect(await status.textContent()).toContain('Offline');
    await snap(page, 'status-offline');
    await context.setOffline(false);
    await status.and(page.locator('[data-status="unreachable"]')).waitFor({ timeout: 60_000 });
    blocked = false;
    await status.and(page.locator('[data-status="connected"]')).waitFor({ timeout: 60_000 });
    await context.close();
  });

  test('emoji are drawn in colour from the fonts the app ships (no system emoji font on this machine)', async () => {
    await gql(bob, `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { roomId: groupId, body: 'Emoji 😀 👍 🎉 ❤️ 🇫🇷 🧑‍💻 done' } });
    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page } = await signedInPage(t, base, browser, bob, viewport);
      const fontRequests: string[] = [];
      page.on('requestfinished', (r) => {
        if (/\.woff2?$/.test(r.url())) fontRequests.push(r.url());
      });
      await page.goto(`${base}/rooms/${groupId}`);
      const msg = page.getByTestId('message-body').filter({ hasText: 'Emoji' });
      await msg.waitFor();
      await waitFor(
        () => page.evaluate(() => Array.from((globalThis as any).document.fonts as Iterable<{ family: string; status: string }>).some((f) => f.family.replace(/"/g, '') === 'Parley Emoji' && f.status === 'loaded')),
        'the bundled emoji font loaded',
      );
      expect(fontRequests.some((u) => u.startsWith(base) && u.includes('/assets/'))).toBe(true);
      await msg.scrollIntoViewIfNeeded();
      await snap(page, `emoji-${sizeName(viewport)}`);
      // Drawn in colour: the message's pixels include saturated ones (plain text is black on white or white on blue).
      const png = await msg.screenshot();
      expect(await colourfulPixels(page, png)).toBeGreaterThan(50);
      await context.close();
    }
  });
});

/** Counts pixels whose colour is far from grey and from the app's text colours, in a PNG (decoded by the page). */
async function colourfulPixels(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const g = globalThis as any;
    const img = new g.Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = g.document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, gr, bl] = [d[i], d[i + 1], d[i + 2]];
      // Yellow, red or green: what emoji are made of, never the app's text or bubble colours.
      if ((r > 180 && gr > 120 && bl < 90) || (r > 180 && gr < 90 && bl < 90) || (gr > 150 && r < 120 && bl < 120)) n++;
    }
    return n;
  }, png.toString('base64'));
}
