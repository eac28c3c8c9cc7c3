import type { APIResponse, Browser, Route } from 'playwright-core';
import { register, startServer, type TestServer, type TestUser } from '../harness';
import { ok } from '../people-helpers';
import { describeBrowser, ensureWebBuilt, launchBrowser, send, twoFrames, WEB_DIST } from './browser';
import { DESKTOP, PHONE, signedInPage, sizeName, snap, waitForMessage, type Viewport } from './screens';

/**
 * "Seen by" against the send's own answer, in headless Chromium against a real server. A reader can read a message
 * before its sender's HTTP answer reaches the page: the message arrives live, the reader's ReadMarkerMoved follows,
 * and only then does the answer arrive, carrying the message as it was when it was stored (seen by nobody). That
 * answer must not take the reader back out of "Seen by". The test holds the answer until the reader's marker shows,
 * and learns that the page has applied it from the outbox: the next message's send goes out only after the one
 * before it was answered and written to the cache.
 */

jest.setTimeout(180_000);

let t: TestServer;
let base: string;
let browser: Browser;
let ann: TestUser;
let ben: TestUser;

/** A promise and the function that resolves it. */
function signal<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describeBrowser('"Seen by" and the send answer in the web app', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST } });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    [ann, ben] = [await register(t, 'ann'), await register(t, 'ben')];
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it.each([PHONE, DESKTOP])('a reader whose marker came before the send answer stays in "Seen by" (%o)', async (viewport: Viewport) => {
    const room = (await ok(t, `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: `Receipts ${sizeName(viewport)}`, memberIds: [ben.id] } }, ann)).createGroupRoom.id;
    const { context, page } = await signedInPage(t, base, browser, ann, viewport);
    const firstAnswer = signal<{ route: Route; response: APIResponse }>();
    const secondSend = signal<Route>();
    let sends = 0;
    try {
      await page.route('**/graphql', async (route) => {
        if (route.request().postDataJSON()?.operationName !== 'SendMessage') return route.continue();
        // The first send reaches the server (stored, published) but its answer is held; the second is held unsent.
        if (++sends === 1) firstAnswer.resolve({ route, response: await route.fetch() });
        else secondSend.resolve(route);
      });
      await page.goto(`${base}/rooms/${encodeURIComponent(room)}`);
      await page.getByTestId('composer').waitFor();

      await send(page, 'Read before its answer came');
      const { route, response } = await firstAnswer.promise;
      const seq: number = (await response.json()).data.sendMessage.seq;
      await waitForMessage(page, seq); // it arrived live, before its answer
      await ok(t, `mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: room, s: seq }, ben);
      const seenBy = page.getByTestId('seen-by');
      await seenBy.filter({ hasText: ben.username }).waitFor();

      // Queued behind the first in the outbox: it goes out once the first's answer was written to the cache.
      await send(page, 'Sent after the answer');
      await route.fulfill({ response });
      const second = await secondSend.promise;
      await twoFrames(page);
      expect((await seenBy.allTextContents()).join(' ')).toContain(ben.username); // read now, not waited for
      await snap(page, `seen-by-after-answer-${sizeName(viewport)}`);
      await second.continue();
      await page.getByTestId('message-body').filter({ hasText: 'Sent after the answer' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
