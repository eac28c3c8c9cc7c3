import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { runAdminCli } from '../../src/modules/admin/admin.cli';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { bodies, describeBrowser, ensureWebBuilt, launchBrowser, newContext, patchStoredSession, send, shot, storedSession, untilBodies, WEB_DIST } from './browser';

/**
 * Groups, public rooms, the admin page and the session lifecycle, in Chromium against a real server whose access
 * tokens live 16 seconds: everything here runs across several token refreshes and 4403 socket closes.
 */

jest.setTimeout(240_000);

/**
 * The page refreshes at 80% of a token's life and its socket is closed when the old token expires, so each new socket
 * lives about 80% of this minus its own handshake. With 8 s tokens on a machine whose cores were busy with two test
 * runs and two spin loops, handshakes took seconds and sockets lived too little to replay and go live: three tests
 * waited out their live deliveries in a loaded round (session 10). 16 s still rotates several times per test.
 */
const TTL_SECONDS = 16;
/**
 * How long a live delivery may take here. A socket lives at most one access token and is then rotated: an event that
 * comes meanwhile arrives with the replay on the next socket (reconnect, resubscribe, replay), which on a loaded
 * machine takes seconds. So a wait for one covers two rotations, not just the transit on an open socket.
 */
const LIVE_MS = (TTL_SECONDS * 2 + 15) * 1000;
let t: TestServer;
let browser: Browser;
let base: string;

interface Person {
  user: TestUser;
  name: string;
  page: Page;
}

async function signIn(prefix: string, name: string): Promise<Person> {
  const user = await register(t, prefix);
  await t.gql(`mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }`, { i: { displayName: name } }, user.accessToken);
  const context = await newContext(browser, { viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${name} page error]`, e));
  await page.goto(`${base}/login`);
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: `Welcome, ${name}` }).waitFor();
  return { user, name, page };
}

let alice: Person;
let bob: Person;
let carol: Person;

describeBrowser('web app: groups, public rooms, admin, sessions', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) } });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    alice = await signIn('alice', 'Alice');
    bob = await signIn('bob', 'Bob');
    carol = await signIn('carol', 'Carol');
  }, 240_000);

  afterEach(async () => {
    // What each page showed when the test ended (a failure's evidence).
    const name = expect.getState().currentTestName?.replace(/^web app: groups, public rooms, admin, sessions /, '').replace(/\W+/g, '-').slice(0, 40) ?? 'test';
    for (const p of [alice, bob, carol]) await p?.page.screenshot({ path: shot(`admin-after-${name}-${p.name.toLowerCase()}`) }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('Alice creates a group with Bob and Carol; it appears in their sidebars live', async () => {
    const a = alice.page;
    await a.getByRole('button', { name: 'New group' }).click();
    await a.getByLabel('Group name').fill('Book club');
    await a.getByLabel('Search people').fill(bob.user.username);
    await a.getByRole('button', { name: new RegExp(`Add or remove .*@${bob.user.username}`) }).click();
    await a.getByLabel('Search people').fill(carol.user.username);
    await a.getByRole('button', { name: new RegExp(`Add or remove .*@${carol.user.username}`) }).click();
    await a.screenshot({ path: shot('20-new-group') });
    await a.getByRole('button', { name: /Create group with 2/ }).click();
    await a.getByTestId('room-title').filter({ hasText: 'Book club' }).waitFor();
    await a.getByTestId('room-subtitle').filter({ hasText: '3 members' }).waitFor();

    for (const p of [bob, carol]) await p.page.getByTestId('room-item').filter({ hasText: 'Book club' }).click();
    await send(bob.page, 'Hi both!');
    await untilBodies(a, (x) => x.includes('Hi both!'), 'Bob’s message at Alice', LIVE_MS);
    await untilBodies(carol.page, (x) => x.includes('Hi both!'), 'Bob’s message at Carol', LIVE_MS);
    // Typing is not replayed: when Alice's socket is between two tokens as Carol starts, Alice's typing stream comes
    // back after Carol's burst has ended. So Carol keeps typing (the text stays "hello") until Alice sees it.
    const composer = carol.page.getByTestId('composer');
    await composer.pressSequentially('hello', { delay: 20 });
    const typing = a.getByTestId('typing').filter({ hasText: 'Carol is typing' });
    await waitFor(
      async () => {
        if (await typing.waitFor({ timeout: 2_000 }).then(() => true, () => false)) return true;
        await composer.press('Backspace');
        await composer.press('o');
        return false;
      },
      'Carol typing, at Alice',
      LIVE_MS,
    );
    await carol.page.getByTestId('composer').press('Enter');
    await untilBodies(a, (x) => x.includes('hello'), 'Carol’s message at Alice', LIVE_MS);
    await a.screenshot({ path: shot('21-group') });

    // The owner adds a fourth person; everyone's member list follows.
    const dave = await register(t, 'dave');
    await a.getByRole('button', { name: 'Add people' }).click();
    await a.getByLabel('Search people').fill(dave.username);
    await a.getByRole('button', { name: new RegExp(`Add .*@${dave.username}`) }).click();
    await a.getByRole('status').filter({ hasText: 'Added' }).waitFor();
    await a.getByRole('button', { name: 'Done' }).click();
    await a.getByTestId('room-subtitle').filter({ hasText: '4 members' }).waitFor();
    await bob.page.getByTestId('member').filter({ hasText: dave.username }).waitFor();
  });

  test('a public room: Alice creates it, Carol finds and joins it, Alice sees her join', async () => {
    const a = alice.page;
    await a.getByRole('button', { name: 'Browse' }).click();
    await a.getByLabel('Name', { exact: true }).fill('general');
    await a.getByLabel('Description (optional)').fill('Anything goes');
    await a.getByRole('button', { name: 'Create room' }).click();
    await a.getByTestId('room-title').filter({ hasText: 'general' }).waitFor();

    const c = carol.page;
    await c.getByRole('button', { name: 'Browse' }).click();
    await c.getByLabel('Search public rooms').fill('gene');
    await c.screenshot({ path: shot('22-browse-public') });
    await c.getByRole('button', { name: 'Join general' }).click();
    await c.getByTestId('room-title').filter({ hasText: 'general' }).waitFor();
    await a.getByTestId('member').filter({ hasText: 'Carol' }).waitFor();
    await a.getByTestId('room-subtitle').filter({ hasText: '2 members' }).waitFor();
    await send(c, 'thanks for having me');
    await untilBodies(a, (x) => x.includes('thanks for having me'), 'Carol’s message in the public room', LIVE_MS);
  });

  test('sessions outlive several access tokens: refreshed before expiry, sockets resume after the 4403 close', async () => {
    const a = alice.page;
    const c = carol.page;
    const before = (await storedSession(a))!.accessToken;
    // Record every state the connection indicator shows meanwhile.
    await a.evaluate(`(() => {
      window.__statuses = [];
      const el = document.querySelector('[data-testid="connection-status"]');
      new MutationObserver(() => window.__statuses.push(el.getAttribute('data-status'))).observe(el, { attributes: true });
    })()`);
    // Wait for two rotations: two new sockets acknowledged by the server after their predecessors' tokens expired.
    let acks = 0;
    const onSocket = (ws: { on(event: 'framereceived', cb: (f: { payload: string | Buffer }) => void): unknown }) =>
      ws.on('framereceived', (f) => {
        if (String(f.payload).includes('"connection_ack"')) acks++;
      });
    a.on('websocket', onSocket);
    await waitFor(async () => acks >= 2 && (await storedSession(a))!.accessToken !== before, 'two socket rotations at token expiry', (TTL_SECONDS * 6 + 30) * 1000);
    a.off('websocket', onSocket);
    // The socket was rotated out at least twice (4403 at token expiry), yet the user never saw "reconnecting".
    expect(await a.evaluate(() => (globalThis as unknown as { __statuses: string[] }).__statuses)).toEqual([]);
    const after = (await storedSession(a))!.accessToken;
    expect(after).not.toBe(before);
    for (let i = 1; i <= 3; i++) await send(c, `after refresh ${i}`);
    await untilBodies(a, (x) => x.includes('after refresh 3'), 'live messages after several token refreshes', LIVE_MS);
    const x = await bodies(a);
    for (let i = 1; i <= 3; i++) expect(x.filter((s) => s === `after refresh ${i}`)).toHaveLength(1);
    await a.getByTestId('connection-status').and(a.locator('[data-status="connected"]')).waitFor({ timeout: 15_000 });
  });

  test('the admin page: search users, ban (the user is signed out), unban, the audit log by action and user', async () => {
    const io = { out: () => undefined, err: (l: string) => console.error(l) };
    expect(await runAdminCli(['promote', alice.user.username], loadConfig(t.env), io, t.server.app.orm)).toBe(0);
    const a = alice.page;
    await a.reload();
    await a.getByRole('link', { name: 'Admin' }).click();
    await a.getByRole('heading', { name: 'Administration' }).waitFor();
    await a.getByLabel('Search').fill(bob.user.username);
    const row = a.getByTestId('admin-users').locator('tbody tr', { hasText: bob.user.username });
    await row.waitFor();
    await a.screenshot({ path: shot('23-admin-users') });

    await row.getByRole('button', { name: `Ban ${bob.user.username}` }).click();
    await a.getByTestId('confirm-dialog').getByRole('button', { name: 'Ban' }).click();
    await row.getByText('banned').waitFor();
    // Bob's sessions end: his app returns to the login page.
    await bob.page.waitForURL(/\/login$/, { timeout: 20_000 });
    await bob.page.getByTestId('login-notice').filter({ hasText: 'banned' }).waitFor();
    await bob.page.screenshot({ path: shot('24-banned-user-signed-out') });

    await row.getByRole('button', { name: `Unban ${bob.user.username}` }).click();
    await a.getByTestId('confirm-dialog').getByRole('button', { name: 'Unban' }).click();
    await row.getByRole('button', { name: `Ban ${bob.user.username}` }).waitFor();

    await a.getByLabel('Action').selectOption('USER_BANNED');
    await a.getByTestId('admin-audit').locator('tbody tr', { hasText: 'USER_BANNED' }).first().waitFor();
    await row.getByRole('button', { name: `Activity of ${bob.user.username}` }).click();
    const audit = a.getByTestId('admin-audit');
    await a.getByLabel('Action').selectOption('');
    await waitFor(async () => (await audit.locator('tbody tr').count()) > 0, 'Bob’s audit entries');
    const actors = await audit.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actors.every((s) => s === `@${bob.user.username}`)).toBe(true);
    await a.screenshot({ path: shot('25-admin-audit') });

    // Bob signs in again once unbanned.
    await bob.page.getByLabel('Username or email').fill(bob.user.username);
    await bob.page.getByLabel('Password').fill(bob.user.password);
    await bob.page.getByRole('button', { name: 'Sign in' }).click();
    await bob.page.getByTestId('room-item').filter({ hasText: 'Book club' }).waitFor();
  });

  test('a refresh whose answer is lost (the server rotated, the page never heard) is retried without ending the session', async () => {
    const a = alice.page;
    const before = (await storedSession(a))!.refreshToken;
    let lost = 0;
    await a.route('**/graphql', async (route) => {
      if (lost === 0 && route.request().postDataJSON()?.operationName === 'RefreshToken') {
        lost++;
        await route.fetch(); // the server rotates the token...
        return route.abort('connectionreset'); // ...and its answer never reaches the page
      }
      return route.continue();
    });
    try {
      // The next scheduled refresh (the access token lives 8 s) loses its answer; the app tries again later.
      await waitFor(async () => lost === 1 && (await storedSession(a))?.refreshToken !== before, 'a refresh after the lost one', 60_000);
    } finally {
      await a.unroute('**/graphql');
    }
    expect(a.url()).not.toMatch(/\/login$/);
    await a.getByTestId('connection-status').and(a.locator('[data-status="connected"]')).waitFor();
    expect((await t.gql(`{ me { id } }`, {}, (await storedSession(a))!.accessToken)).data.me.id).toBe(alice.user.id);
  });

  test('an access token the server refuses is refreshed once and the requests retried', async () => {
    const a = alice.page;
    await patchStoredSession(a, { accessToken: 'not-a-valid-token' });
    await a.reload();
    await a.getByTestId('room-item').filter({ hasText: 'Book club' }).waitFor();
    await a.getByTestId('connection-status').and(a.locator('[data-status="connected"]')).waitFor({ timeout: 15_000 });
    expect((await storedSession(a))!.accessToken).not.toBe('not-a-valid-token');
  });

  test('a refresh the server refuses returns the app to the login page', async () => {
    const a = alice.page;
    await patchStoredSession(a, { accessToken: 'not-a-valid-token', refreshToken: 'not-a-valid-refresh-token' });
    await a.reload();
    await a.waitForURL(/\/login$/, { timeout: 20_000 });
    expect(await storedSession(a)).toBeNull();

    // A stored session the app cannot use (another version's shape: no user) is no session, not a crash.
    const errors: Error[] = [];
    const onError = (e: Error) => errors.push(e);
    a.on('pageerror', onError);
    await a.evaluate(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('parley.session', JSON.stringify({ accessToken: 'x', refreshToken: 'y' })));
    await a.goto(`${base}/`);
    await a.waitForURL(/\/login$/);
    await a.getByRole('button', { name: 'Sign in' }).waitFor();
    a.off('pageerror', onError);
    expect(errors).toEqual([]);
  });

  test('profile: a new display name, and a wrong current password shown by its field', async () => {
    const c = carol.page;
    await c.getByTestId('me').click();
    await c.getByLabel('Display name').fill('Caroline');
    await c.getByRole('button', { name: 'Save name' }).click();
    await c.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await c.getByLabel('Current password').fill('not my password');
    await c.getByLabel('New password').fill('another long password');
    await c.getByRole('button', { name: 'Change password' }).click();
    await c.locator('.field--error', { has: c.getByLabel('Current password') }).waitFor();
    await c.screenshot({ path: shot('26-profile') });
    await c.keyboard.press('Escape');
    await c.getByTestId('me').filter({ hasText: 'Caroline' }).waitFor();

    // Leaving a public room takes it off the sidebar.
    await c.getByTestId('room-item').filter({ hasText: 'general' }).click();
    await c.getByRole('button', { name: 'Leave' }).click();
    await c.getByTestId('confirm-dialog').getByRole('button', { name: 'Leave room' }).click();
    await c.waitForURL(`${base}/`);
    await c.getByTestId('room-item').filter({ hasText: 'Book club' }).waitFor();
    expect(await c.getByTestId('room-item').filter({ hasText: 'general' }).count()).toBe(0);
  });

  test('a session ended elsewhere returns the app to the login page', async () => {
    const c = carol.page;
    const token = (await storedSession(c))!.accessToken;
    const r = await t.gql(`mutation { logout }`, {}, token);
    expect(r.data?.logout).toBe(true);
    await c.waitForURL(/\/login$/, { timeout: 20_000 });
    expect(await storedSession(c)).toBeNull();
    await c.getByTestId('login-notice').filter({ hasText: 'session has ended' }).waitFor();
  });
});
