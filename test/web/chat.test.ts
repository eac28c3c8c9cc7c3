import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { startServer, uniqueName, waitFor, type TestServer } from '../harness';
import { bodies, describeBrowser, ensureWebBuilt, launchBrowser, newContext, send, shot, storedSession, twoFrames, untilBodies, WEB_DIST } from './browser';

/**
 * Two people chat through the real web app, served by a real server on a fresh database, in headless Chromium:
 * registration, a direct room, live messages, typing, presence, history, paging, and a dropped socket.
 */

jest.setTimeout(120_000);

const RESYNC_BOUND = 5;

interface Person {
  name: string;
  username: string;
  email: string;
  password: string;
  context: BrowserContext;
  page: Page;
}

let t: TestServer;
let browser: Browser;
let base: string;
let alice: Person;
let bob: Person;

/** Alice's socket can be cut: while `blocked`, live sockets are closed and new ones refused. */
const aliceSockets = new Set<WebSocketRoute>();
let blocked = false;

async function newPerson(prefix: string): Promise<Person> {
  const context = await newContext(browser, { viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${prefix} page error]`, e));
  if (process.env.WEB_TEST_TRACE) page.on('response', async (r) => {
    const op = r.request().postDataJSON?.()?.operationName;
    if (op) console.log(`[${prefix}] ${op} ${r.status()} ${(await r.text().catch(() => '')).slice(0, 300)}`);
  });
  page.on('response', async (r) => {
    if (r.status() >= 400) console.warn(`[${prefix} HTTP ${r.status()}] ${r.request().postData()?.slice(0, 300)} -> ${(await r.text().catch(() => '')).slice(0, 500)}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      void Promise.all(m.args().map((a) => a.jsonValue().catch(() => '?'))).then((args) => console.warn(`[${prefix} console.${m.type()}]`, m.text().slice(0, 200), args.length > 1 ? JSON.stringify(args.slice(1)).slice(0, 600) : ""));
    }
  });
  const username = uniqueName(prefix);
  return { name: prefix[0]!.toUpperCase() + prefix.slice(1), username, email: `${username}@example.com`, password: 'correct horse battery', context, page };
}

async function register(p: Person) {
  const { page } = p;
  await page.goto(`${base}/register`);
  await page.getByLabel('Email').fill(p.email);
  await page.getByLabel('Username').fill(p.username);
  await page.getByLabel('Display name (optional)').fill(p.name);
  await page.getByLabel('Password').fill(p.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Welcome, ${p.name}` }).waitFor();
}

async function token(page: Page): Promise<string> {
  return (await storedSession(page))!.accessToken;
}

async function roomIdOf(page: Page) {
  const m = /\/rooms\/([^/?#]+)/.exec(page.url());
  if (!m) throw new Error(`not in a room: ${page.url()}`);
  return decodeURIComponent(m[1]!);
}

describeBrowser('web app in a real browser', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    // A small resync bound, so a long outage takes the ResyncRequired path (refetch) instead of a replay.
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn', RESYNC_BOUND: String(RESYNC_BOUND) } });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    alice = await newPerson('alice');
    bob = await newPerson('bob');
    await alice.context.routeWebSocket(/\/graphql$/, (ws) => {
      if (blocked) {
        ws.close({ code: 1013, reason: 'blocked by the test' });
        return;
      }
      ws.connectToServer();
      aliceSockets.add(ws);
      ws.onClose(() => aliceSockets.delete(ws));
    });
  }, 240_000);

  // The last state of both screens after each test, for looking at failures. A test that failed while Alice was
  // cut off leaves her connected again, so its failure stays its own and does not take the next tests with it.
  afterEach(async () => {
    blocked = false;
    await alice?.context.setOffline(false).catch(() => undefined);
    const name = expect.getState().currentTestName?.replace(/^web app in a real browser /, '').replace(/\W+/g, '-').slice(0, 40) ?? 'test';
    await alice?.page.screenshot({ path: shot(`after-${name}-alice`) }).catch(() => undefined);
    await bob?.page.screenshot({ path: shot(`after-${name}-bob`) }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('shows the login page, and API errors next to their field', async () => {
    const { page } = alice;
    await page.goto(base);
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.screenshot({ path: shot('01-login') });

    await page.getByLabel('Username or email').fill('nobody');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.field__error').first().waitFor();

    await register(alice);
    // The same username again: CONFLICT with extensions.field, shown under the Username field.
    await bob.page.goto(`${base}/register`);
    await bob.page.getByLabel('Email').fill(bob.email);
    await bob.page.getByLabel('Username').fill(alice.username);
    await bob.page.getByLabel('Password').fill(bob.password);
    await bob.page.getByRole('button', { name: 'Create account' }).click();
    const err = bob.page.locator('.field--error', { has: bob.page.getByLabel('Username') }).locator('.field__error');
    await err.waitFor();
    expect((await err.textContent())!.toLowerCase()).toContain('username');
    await bob.page.screenshot({ path: shot('02-register-error') });
    await register(bob);
    await alice.page.screenshot({ path: shot('03-welcome') });
  });

  test('Alice starts a direct chat with Bob and they talk live', async () => {
    const a = alice.page;
    const b = bob.page;
    // Dialogs close with Escape.
    await a.getByRole('button', { name: 'New chat' }).click();
    await a.getByRole('dialog', { name: 'Start a direct chat' }).waitFor();
    await a.keyboard.press('Escape');
    await a.getByRole('dialog').waitFor({ state: 'hidden' });
    await a.getByRole('button', { name: 'New chat' }).click();
    await a.getByLabel('Search people').fill(bob.username);
    await a.getByRole('button', { name: new RegExp(`Chat with .*@${bob.username}`) }).click();
    await a.waitForURL(/\/rooms\//);
    await a.getByTestId('room-title').filter({ hasText: 'Bob' }).waitFor();

    await send(a, 'Hello Bob!');
    await untilBodies(a, (x) => x.includes('Hello Bob!'), 'own message on Alice’s side');

    // Bob's sidebar learns about the room live and shows the preview.
    const item = b.getByTestId('room-item').filter({ hasText: 'Alice' });
    await item.waitFor();
    await waitFor(async () => (await item.textContent())?.includes('Hello Bob!'), 'preview in Bob’s sidebar');
    await b.screenshot({ path: shot('04-sidebar-unread') });
    await item.click();
    await untilBodies(b, (x) => x.includes('Hello Bob!'), 'message on Bob’s side');

    // Typing: Bob types, Alice sees it.
    await b.getByTestId('composer').pressSequentially('Hi Al', { delay: 30 });
    await a.getByTestId('typing').filter({ hasText: 'Bob is typing' }).waitFor();
    await a.screenshot({ path: shot('05-typing') });
    await b.getByTestId('composer').press('Shift+Enter');
    await b.getByTestId('composer').pressSequentially('ice!');
    await b.getByTestId('composer').press('Enter');
    await untilBodies(a, (x) => x.includes('Hi Al\nice!'), 'Bob’s two-line reply on Alice’s side');
    await waitFor(async () => ((await a.getByTestId('typing').textContent()) ?? '') === '', 'typing line cleared');

    // Presence: both are online in each other's member list.
    await a.getByTestId('member').filter({ hasText: 'Bob' }).and(a.locator('[data-online="true"]')).waitFor();
    await b.getByTestId('member').filter({ hasText: 'Alice' }).and(b.locator('[data-online="true"]')).waitFor();

    // Empty messages cannot be sent.
    await a.getByTestId('composer').fill('   ');
    expect(await a.getByRole('button', { name: 'Send message' }).isDisabled()).toBe(true);
    await a.getByTestId('composer').press('Enter');
    await a.getByTestId('composer').fill('');

    // User text is text, never HTML.
    const html = '<b>bold</b><img src=x onerror="window.__pwned=1">';
    await send(b, html);
    await untilBodies(a, (x) => x.includes(html), 'HTML-looking text shown verbatim');
    expect(await a.locator('[data-testid="message-body"] b, [data-testid="message-body"] img').count()).toBe(0);
    expect(await a.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await a.screenshot({ path: shot('06-room') });
  });

  test('edit, delete and reactions show up on the other side', async () => {
    const a = alice.page;
    const b = bob.page;
    const mine = a.getByTestId('message').filter({ hasText: 'Hello Bob!' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit message' }).click();
    const box = mine.getByLabel('Edit message');
    await box.fill('Hello Bob! (edited text)');
    await box.press('Enter');
    await untilBodies(b, (x) => x.includes('Hello Bob! (edited text)'), 'edit on Bob’s side');
    await b.getByTestId('message').filter({ hasText: 'Hello Bob! (edited text)' }).getByText('(edited)').waitFor();

    const theirs = b.getByTestId('message').filter({ hasText: 'Hello Bob! (edited text)' });
    await theirs.hover();
    await theirs.getByRole('button', { name: 'React with 👍' }).click();
    await a.getByTestId('message').filter({ hasText: 'Hello Bob! (edited text)' }).getByRole('button', { name: /👍 1/ }).waitFor();

    await send(a, 'a message to delete');
    await untilBodies(b, (x) => x.includes('a message to delete'), 'message to delete reaches Bob');
    const doomed = a.getByTestId('message').filter({ hasText: 'a message to delete' });
    await doomed.hover();
    await doomed.getByRole('button', { name: 'Delete message' }).click();
    await a.getByRole('button', { name: 'Delete', exact: true }).click();
    await b.getByText('This message was deleted').waitFor();

    // Message actions work from the keyboard: focus reveals them, Enter presses them.
    const bobs = a.getByTestId('message').filter({ hasText: 'Hi Al' });
    await bobs.getByRole('button', { name: 'React with ❤️' }).focus();
    await a.keyboard.press('Enter');
    await b.getByTestId('message').filter({ hasText: 'Hi Al' }).getByRole('button', { name: /❤️ 1/ }).waitFor();
    await untilBodies(b, (x) => !x.includes('a message to delete'), 'deleted body gone on Bob’s side');
  });

  test('history survives a reload, and older pages load when scrolling up', async () => {
    const a = alice.page;
    const roomId = await roomIdOf(a);
    const bobToken = await token(bob.page);
    for (let i = 1; i <= 75; i++) {
      const r = await t.gql(`mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }`, { input: { roomId, body: `seed ${i}`, clientId: `seed-${i}` } }, bobToken);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
    }
    await untilBodies(a, (x) => x.includes('seed 75'), 'seeded messages arrive live');

    await a.reload();
    await untilBodies(a, (x) => x.includes('seed 75'), 'history after reload');
    let x = await bodies(a);
    expect(x).not.toContain('Hello Bob! (edited text)'); // only the newest page so far
    expect(x[x.length - 1]).toBe('seed 75');

    // Scroll up until the beginning of the conversation.
    await waitFor(
      async () => {
        await a.getByTestId('history').evaluate((el) => el.scrollTo({ top: 0 }));
        return a.getByText('This is the beginning of the conversation.').isVisible();
      },
      'the first page',
      30_000,
    );
    x = await bodies(a);
    expect(x[0]).toBe('Hello Bob! (edited text)');
    const seeds = x.filter((s) => s.startsWith('seed '));
    expect(seeds).toEqual(Array.from({ length: 75 }, (_, i) => `seed ${i + 1}`));
    await a.screenshot({ path: shot('07-history-top') });

    // Scrolled up, a new message shows the "new messages" marker instead of jumping.
    await send(bob.page, 'while you were reading');
    await a.getByTestId('new-messages').waitFor();
    await a.screenshot({ path: shot('08-new-messages-marker') });
    // Reading Bob's message moves Alice's read marker. Bob's "Seen" comes from the ReadMarkerMoved event itself (a
    // cache update): neither side asks for the room page again, and Alice keeps the history she scrolled up to.
    expect(await bob.page.getByTestId('seen-by').count()).toBe(0);
    let roomPages = 0;
    const countRoomPages = (r: { postDataJSON(): { operationName?: string } | null }) => {
      if (r.postDataJSON()?.operationName === 'RoomPage') roomPages++;
    };
    a.on('request', countRoomPages);
    bob.page.on('request', countRoomPages);
    await a.getByTestId('new-messages').click();
    await untilBodies(a, (y) => y[y.length - 1] === 'while you were reading', 'jumped to the newest');
    await bob.page.getByTestId('seen-by').filter({ hasText: 'Seen' }).waitFor({ timeout: 30_000 });
    a.off('request', countRoomPages);
    bob.page.off('request', countRoomPages);
    expect(roomPages).toBe(0);
    // Nor does a fetch of the newest page take that history away: leaving the room and coming back shows the cache
    // and fetches the newest page again, which the history held merges with.
    await a.evaluate(() => {
      const w = globalThis as unknown as { history: { pushState(s: null, t: string, u: string): void }; dispatchEvent(e: unknown): void; PopStateEvent: new (t: string) => unknown };
      w.history.pushState(null, '', '/people');
      w.dispatchEvent(new w.PopStateEvent('popstate'));
    });
    await a.getByTestId('history').waitFor({ state: 'detached' });
    const refetched = a.waitForResponse((r) => r.request().postDataJSON()?.operationName === 'RoomPage', { timeout: 30_000 });
    await a.evaluate(() => (globalThis as unknown as { history: { back(): void } }).history.back());
    await (await refetched).finished();
    // Two frames after the answer arrived: the cache has taken it and the list has rendered it.
    await twoFrames(a);
    x = await bodies(a);
    expect(x[0]).toBe('Hello Bob! (edited text)');
    expect(x.filter((s) => s.startsWith('seed '))).toHaveLength(75);
    await a.getByText('This is the beginning of the conversation.').waitFor();
    // 75 messages seeded one after another (in order) took over 120 s under a load of 18 on PostgreSQL.
  }, 240_000);

  test('after a dropped connection every message sent meanwhile shows exactly once', async () => {
    const a = alice.page;
    const before = await bodies(a);
    blocked = true;
    for (const ws of aliceSockets) ws.close({ code: 1012, reason: 'server restart (test)' });
    await a.getByTestId('connection-status').and(a.locator('[data-status="reconnecting"], [data-status="unreachable"], [data-status="offline"]')).waitFor();
    await a.screenshot({ path: shot('09-reconnecting') });

    for (const text of ['missed one', 'missed two', 'missed three']) await send(bob.page, text);
    await untilBodies(bob.page, (x) => x.includes('missed three'), 'Bob sent them', 30_000);
    // Alice has no socket, so nothing can have reached her yet.
    expect(aliceSockets.size).toBe(0);
    expect(await bodies(a)).toEqual(before);

    blocked = false;
    await a.getByTestId('connection-status').and(a.locator('[data-status="connected"]')).waitFor({ timeout: 30_000 });
    await untilBodies(a, (x) => x.includes('missed three'), 'missed messages after reconnect', 20_000);
    await send(bob.page, 'live again');
    await untilBodies(a, (x) => x.includes('live again'), 'live after reconnect');
    const after = await bodies(a);
    for (const text of ['missed one', 'missed two', 'missed three', 'live again']) expect(after.filter((s) => s === text)).toHaveLength(1);
    // The newest, in order (a resync may have replaced older pages with the newest one, so not by position from before).
    expect(after.slice(-4)).toEqual(['missed one', 'missed two', 'missed three', 'live again']);
    const seqs = await a.getByTestId('message').evaluateAll((els) => els.map((e) => e.getAttribute('data-seq')));
    expect(new Set(seqs).size).toBe(seqs.length);

    // A longer outage: more events than the server replays, so it sends ResyncRequired and the app refetches.
    blocked = true;
    for (const ws of aliceSockets) ws.close({ code: 1012, reason: 'server restart (test)' });
    await a.getByTestId('connection-status').and(a.locator('[data-status="reconnecting"], [data-status="unreachable"], [data-status="offline"]')).waitFor();
    let roomPageLoads = 0;
    const countRoomPage = (r: { postDataJSON(): { operationName?: string } | null }) => {
      if (r.postDataJSON()?.operationName === 'RoomPage') roomPageLoads++;
    };
    a.on('request', countRoomPage);
    const long = Array.from({ length: RESYNC_BOUND + 3 }, (_, i) => `long outage ${i + 1}`);
    for (const text of long) await send(bob.page, text);
    // Eight sends through Bob's composer: on a busy machine each can take seconds, so the wait scales with the batch.
    await untilBodies(bob.page, (x) => x.includes(long[long.length - 1]!), 'Bob sent the long batch', long.length * 10_000);
    blocked = false;
    await untilBodies(a, (x) => x.includes(long[long.length - 1]!), 'long outage messages after resync', 30_000);
    await send(bob.page, 'after resync');
    await untilBodies(a, (x) => x.includes('after resync'), 'live after resync');
    a.off('request', countRoomPage);
    expect(roomPageLoads).toBeGreaterThanOrEqual(1); // the resync refetched the newest page
    const final = await bodies(a);
    expect(final.slice(final.length - long.length - 1)).toEqual([...long, 'after resync']);
    const seqs2 = await a.getByTestId('message').evaluateAll((els) => els.map((e) => e.getAttribute('data-seq')));
    expect(new Set(seqs2).size).toBe(seqs2.length);
  }, 240_000);

  test('the connection indicator says offline when the browser is, and connected when it is back', async () => {
    const a = alice.page;
    await alice.context.setOffline(true);
    await a.getByTestId('connection-status').and(a.locator('[data-status="offline"]')).waitFor();
    await a.screenshot({ path: shot('09b-offline') });
    await alice.context.setOffline(false);
    await a.getByTestId('connection-status').and(a.locator('[data-status="connected"]')).waitFor({ timeout: 30_000 });
    await send(bob.page, 'back online');
    await untilBodies(a, (x) => x.includes('back online'), 'live after offline');
  });

  test('unread badge in the sidebar while the room is not open', async () => {
    const b = bob.page;
    await b.getByRole('link', { name: 'Parley' }).click();
    await send(alice.page, 'are you there?');
    const item = b.getByTestId('room-item').filter({ hasText: 'Alice' });
    await waitFor(async () => (await item.locator('.badge').textContent().catch(() => null)) === '1', 'unread badge 1');
    // The title follows in an effect after the list renders the badge: waited for, not read at once (loaded round
    // r19 read "Parley" between the two).
    let title = '';
    await waitFor(async () => (title = await b.title()) === '(1) Parley', () => `the title "(1) Parley" (it was "${title}")`);
    await b.screenshot({ path: shot('10-unread-badge') });
    await item.click();
    await untilBodies(b, (x) => x.includes('are you there?'), 'message in the room');
    // The first unread message sits right under a "New messages" line.
    await b.getByTestId('unread-divider').waitFor();
    expect(await b.locator('[data-testid="unread-divider"] + li [data-testid="message-body"]').first().textContent()).toBe('are you there?');
    // A draft survives switching away and back.
    await b.getByTestId('composer').fill('half-written thought');
    await b.getByRole('link', { name: 'Parley' }).click();
    await waitFor(async () => (await item.locator('.badge').count()) === 0, 'badge cleared after reading');
    await waitFor(async () => (title = await b.title()) === 'Parley', () => `the title "Parley" (it was "${title}")`);
    await item.click();
    expect(await b.getByTestId('composer').inputValue()).toBe('half-written thought');
    await b.getByTestId('composer').fill('');
  });

  test('a send shows "Sending…" until confirmed; a failed one offers Retry; a lost reply still shows once', async () => {
    const a = alice.page;
    await bob.page.getByTestId('room-item').filter({ hasText: 'Alice' }).click();
    let mode: 'slow' | 'fail' | 'lose-reply' | 'pass' = 'slow';
    // A slow send is held until the test has seen it pending.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await a.route('**/graphql', async (route) => {
      if (route.request().postDataJSON()?.operationName !== 'SendMessage' || mode === 'pass') return route.continue();
      if (mode === 'slow') {
        await held;
        return route.continue();
      }
      if (mode === 'fail') {
        // The server refuses it (a network failure would wait in the outbox and go out by itself instead).
        mode = 'pass';
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: null, errors: [{ message: 'Refused by the test.', extensions: { code: 'FORBIDDEN' } }] }) });
      }
      await route.fetch(); // lose-reply: the server stores it, but its reply never arrives
      mode = 'pass';
      return route.abort('failed');
    });
    await send(a, 'slow one');
    const pending = a.getByTestId('pending-message').filter({ hasText: 'slow one' });
    await pending.filter({ hasText: 'Sending…' }).waitFor();
    await a.screenshot({ path: shot('12-sending') });
    release();
    await pending.waitFor({ state: 'detached' });
    await untilBodies(a, (x) => x.filter((b) => b === 'slow one').length === 1, 'slow message confirmed');

    mode = 'fail';
    await send(a, 'failed once');
    const failed = a.getByTestId('pending-message').filter({ hasText: 'failed once' });
    await failed.filter({ hasText: 'Not sent' }).waitFor();
    await a.screenshot({ path: shot('13-not-sent') });
    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.waitFor({ state: 'detached' });
    await untilBodies(bob.page, (x) => x.includes('failed once'), 'retried message at Bob');

    // The reply is lost after the server stored the message: the live event confirms it by clientId.
    mode = 'lose-reply';
    await send(a, 'lost reply');
    await untilBodies(a, (x) => x.includes('lost reply'), 'lost reply shown');
    await a.getByTestId('pending-message').filter({ hasText: 'lost reply' }).waitFor({ state: 'detached' });
    // A later message on both sides: anything doubled before it would have arrived by then (events come in seq order).
    await send(a, 'after the lost reply');
    for (const p of [a, bob.page]) await untilBodies(p, (x) => x.includes('after the lost reply'), 'the next message');
    for (const p of [a, bob.page]) {
      const x = await bodies(p);
      for (const text of ['slow one', 'failed once', 'lost reply']) expect(x.filter((b) => b === text)).toHaveLength(1);
    }
    await a.unroute('**/graphql');
  });

  test('password reset: request a token, set a new password, sign in with it', async () => {
    const { page } = bob;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    // Bob has no live connection now: Alice sees him offline.
    await alice.page.getByTestId('member').filter({ hasText: 'Bob' }).and(alice.page.locator('[data-online="false"]')).waitFor();
    await alice.page.getByTestId('room-item').filter({ hasText: 'Bob' }).and(alice.page.locator('[data-online="false"]')).waitFor();
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(bob.email);
    await page.getByRole('button', { name: 'Send reset token' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const mail = await waitFor(() => t.mailer.outbox.find((m) => m.to === bob.email && m.data?.token), 'reset mail');
    await page.getByRole('link', { name: 'I have a token' }).click();
    await page.getByLabel('Reset token').fill('not-a-token');
    await page.getByLabel('New password').fill('a brand new password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.locator('.field--error', { has: page.getByLabel('Reset token') }).waitFor();
    await page.screenshot({ path: shot('11-reset-error') });
    await page.getByLabel('Reset token').fill(mail!.data!.token!);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL(/\/login\?reset=1$/);
    await page.getByLabel('Username or email').fill(bob.username);
    await page.getByLabel('Password').fill('a brand new password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('room-item').filter({ hasText: 'Alice' }).waitFor();
  });

  test('on a phone-sized screen the list and the room take turns', async () => {
    const { page } = bob;
    await page.setViewportSize({ width: 390, height: 800 });
    await page.screenshot({ path: shot('14-phone-list') });
    await page.getByTestId('room-item').filter({ hasText: 'Alice' }).click();
    await page.getByTestId('composer').waitFor();
    expect(await page.getByRole('navigation', { name: 'Your rooms' }).isVisible()).toBe(false);
    await page.screenshot({ path: shot('15-phone-room') });
    await page.getByRole('link', { name: 'Back to rooms' }).click();
    await page.getByRole('navigation', { name: 'Your rooms' }).waitFor();
  });
});
