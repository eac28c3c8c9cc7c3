import type { Browser, Page, Route, APIResponse } from 'playwright-core';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { describeBrowser, ensureWebBuilt, launchBrowser, newContext, shot, WEB_DIST } from './browser';

/**
 * The room list's reload answers with the list as the server read it, so activity that arrives while an answer is on
 * its way is newer than that answer. The list now reloads one at a time, and activity during a reload asks for one
 * more after it (web/src/features/rooms/RoomList.tsx). Before, activity in a room not yet listed started a second
 * reload beside the first, and when the first, older answer landed last it took the preview back to "No messages
 * yet": the likely cause of a loaded round's web/chat.test.ts failure (Bob's preview never came). Here Bob is added
 * to a room (his list reloads), and that reload's answer, read before the room's first message, is held until the
 * message's RoomActivity has reached his socket. The old code passes this sequence too (its second reload happened to
 * answer last); the test holds the new code to the same end state.
 */

jest.setTimeout(120_000);

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken accessTokenExpiresAt user { id username displayName email role } } }`;

let t: TestServer;
let browser: Browser;
let page: Page;
let alice: TestUser;
let bob: TestUser;
const activity: string[] = [];

describeBrowser('the room list and activity that overtakes its reload', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn' } });
    [alice, bob] = [await register(t, 'alice'), await register(t, 'bob')];
    browser = await launchBrowser();
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' });
    page = await context.newPage();
    // RoomActivity frames as the page receives them (its socket opens with the page).
    page.on('websocket', (ws) => ws.on('framereceived', (f) => void (typeof f.payload === 'string' && f.payload.includes('"RoomActivity"') && activity.push(f.payload))));
    const base = t.url.replace(/\/graphql$/, '');
    const login = await t.gql(LOGIN, { i: { username: bob.username, password: bob.password } });
    await page.goto(`${base}/login`);
    await page.evaluate((s) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('parley.session', JSON.stringify(s)), login.data.login);
    await page.goto(`${base}/`);
    await page.getByText('No conversations yet.').waitFor();
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ state: 'attached' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  test("a reload's older answer does not take back the room's newer activity", async () => {
    // The first RoomList reload from now on: its answer is read from the server at once, and handed to the page later.
    let held: { route: Route; response: APIResponse } | null = null;
    let heldOne = false;
    const answerRead = new Promise<void>((resolve) => {
      void page.route('**/graphql', async (route) => {
        if (heldOne || route.request().postDataJSON()?.operationName !== 'RoomList') return route.continue();
        heldOne = true;
        held = { route, response: await route.fetch() };
        resolve();
      });
    });

    const room = await t.gql(`mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: bob.id }, alice.accessToken);
    const roomId = room.data.createDirectRoom.id as string;
    await answerRead; // Bob was added: his list reloads, and the server has answered (no message yet)
    const sent = await t.gql(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { roomId, body: 'Hello Bob, first!' } }, alice.accessToken);
    expect(sent.errors).toBeUndefined();
    await waitFor(() => activity.some((a) => a.includes(roomId)), "the message's RoomActivity on Bob's socket");
    // Now the older answer lands.
    const h = held as { route: Route; response: APIResponse } | null;
    await h!.route.fulfill({ response: h!.response });

    const item = page.getByTestId('room-item').filter({ hasText: alice.username });
    await item.waitFor();
    await waitFor(async () => (await item.textContent())?.includes('Hello Bob, first!'), 'the preview of the first message', 30_000);
    await page.screenshot({ path: shot('room-list-activity-over-reload') });
    await page.unroute('**/graphql');
  });
});
