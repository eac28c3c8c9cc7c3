import type { Browser, Page } from 'playwright-core';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { describeBrowser, ensureWebBuilt, launchBrowser, newContext, shot, WEB_DIST } from './browser';

/**
 * The bundled GraphiQL at /graphiql works offline: every request that leaves 127.0.0.1 is blocked (and recorded), and
 * a query over HTTP and a subscription over graphql-ws run in it, signed in from the web app's stored session.
 */
describeBrowser('GraphiQL at /graphiql, offline', () => {
  let t: TestServer;
  let browser: Browser;
  let base: string;
  let ada: TestUser;
  let bob: TestUser;
  let roomId: string;

  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn' } });
    base = t.url.replace(/\/graphql$/, '');
    ada = await register(t, 'ada');
    bob = await register(t, 'bob');
    const room = await t.gql('mutation($input: CreateGroupRoomInput!) { createGroupRoom(input: $input) { id } }', { input: { name: 'explorer', memberIds: [bob.id] } }, ada.accessToken);
    roomId = room.data.createGroupRoom.id;
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** A page whose network is limited to 127.0.0.1; `blocked` lists what it tried to fetch elsewhere. */
  async function offlinePage(width: number, height: number): Promise<{ page: Page; blocked: string[] }> {
    const context = await newContext(browser, { viewport: { width, height } });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if ((url.protocol === 'http:' || url.protocol === 'ws:') && url.hostname === '127.0.0.1') return route.continue();
      if (url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      blocked.push(url.href);
      return route.abort('internetdisconnected');
    });
    // WebSockets bypass `route` in some versions: the server is on 127.0.0.1 anyway, which is what this proves.
    const page = await context.newPage();
    return { page, blocked };
  }

  /** Signs the browser in as the web app does: the session stored under parley.session. */
  async function signIn(page: Page, user: TestUser) {
    await page.goto(`${base}/login`);
    await page.evaluate(
      ({ s }) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('parley.session', JSON.stringify(s)),
      { s: { accessToken: user.accessToken, refreshToken: user.refreshToken, accessTokenExpiresAt: new Date(Date.now() + 1_800_000).toISOString(), user: { id: user.id, username: user.username, displayName: null, email: user.email, role: 'USER' } } },
    );
  }

  async function openExplorer(page: Page, query: string) {
    await page.goto(`${base}/graphiql?query=${encodeURIComponent(query)}`);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 60_000 });
    // The editor holds the operation once Monaco has started.
    await waitFor(async () => plain(await page.locator('.graphiql-query-editor .view-lines').innerText()).includes(query.slice(0, 12)), 'the operation in the editor', 60_000);
  }

  /** Monaco renders spaces as no-break spaces. */
  const plain = (s: string) => s.replace(/\u00a0/g, ' ');
  const responseText = async (page: Page) => plain(await page.locator('.graphiql-response .view-lines').innerText());

  test('a query over HTTP, as the signed-in user, with nothing fetched from outside', async () => {
    const { page, blocked } = await offlinePage(1280, 800);
    await signIn(page, ada);
    await openExplorer(page, 'query Me { me { username } }');
    await page.locator('.graphiql-execute-button').click();
    const text = await waitFor(async () => {
      const r = await responseText(page);
      return r.includes(ada.username) ? r : undefined;
    }, 'the query result in the response pane', 60_000);
    expect(text).toContain('"me"');
    await page.screenshot({ path: shot('graphiql-query-1280') });
    expect(blocked).toEqual([]);
    await page.context().close();
  }, 240_000);

  test('a subscription over graphql-ws receives a message sent meanwhile', async () => {
    const { page, blocked } = await offlinePage(1280, 800); // GraphiQL's panes need the width (at 390 px the response is one character wide)
    await signIn(page, bob);
    const ws: string[] = [];
    page.on('websocket', (s) => ws.push(s.url()));
    await openExplorer(page, `subscription Live { roomEvents(roomId: "${roomId}") { __typename seq ... on MessageAdded { message { body } } } }`);
    await page.locator('.graphiql-execute-button').click();
    await waitFor(() => ws.length > 0, 'the graphql-ws socket', 60_000);
    expect(new URL(ws[0]!).host).toBe(new URL(base).host);
    // Send until one arrives: the first may land before the subscription is live on the server.
    let n = 0;
    await waitFor(async () => {
      n++;
      await t.gql('mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { roomId, body: `hello explorer ${n}` } }, ada.accessToken);
      return (await responseText(page)).includes('hello explorer');
    }, 'the MessageAdded event in the response pane', 60_000);
    expect(await responseText(page)).toContain('MessageAdded');
    await page.screenshot({ path: shot('graphiql-subscription-1280') });
    expect(blocked).toEqual([]);
    await page.context().close();
  }, 240_000);
});
