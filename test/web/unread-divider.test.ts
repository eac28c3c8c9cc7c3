import type { Browser, Page } from 'playwright-core';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { ok } from '../people-helpers';
import { describeBrowser, ensureWebBuilt, launchBrowser, twoFrames, WEB_DIST } from './browser';
import { DESKTOP, PHONE, signedInPage, sizeName, snap, type Viewport } from './screens';

/**
 * The "New messages" line when a room is opened again from the cache, in headless Chromium against a real server.
 * The line goes above the first message after the viewer's own read marker as the page knows it when the room opens.
 * That marker must be the viewer's current one, not the one the page loaded with: the viewer may have read the room
 * since on another device (the page hears of it only as RoomActivity, with the room closed), or read it here with
 * read receipts off (no ReadMarkerMoved names them). Either way, the line must sit right above the one new message.
 * Nor may an answer to an earlier read, held up on its way, clear the count a newer message set.
 */

jest.setTimeout(180_000);

let t: TestServer;
let base: string;
let browser: Browser;
let ann: TestUser;
let ben: TestUser;

const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`;

async function post(roomId: string, body: string): Promise<number> {
  return (await ok(t, SEND, { i: { roomId, body } }, ann)).sendMessage.seq;
}

async function unreadFor(roomId: string, u: TestUser): Promise<number> {
  return (await ok(t, `query($id: ID!) { room(id: $id) { unreadCount } }`, { id: roomId }, u)).room.unreadCount;
}

/** The room's badge in the room list: its text, or null when it shows none. */
async function badge(page: Page, name: string): Promise<string | null> {
  // All at once (no wait for an element that may go while it is read).
  const [text] = await page.getByTestId('room-item').filter({ hasText: name }).locator('.badge').allTextContents();
  return text ?? null;
}

/**
 * Counts, in the page, GraphQL answers whose body names `field` once the app has read them (`answersRead`): Apollo
 * reads a response with `Response#text` and writes its data to the cache in the promise chain that follows.
 */
async function countAnswersRead(page: Page, field: string) {
  await page.evaluate((name) => {
    const g = globalThis as unknown as { answersRead: number; Response: { prototype: { text(): Promise<string> } } };
    g.answersRead = 0;
    const text = g.Response.prototype.text;
    g.Response.prototype.text = function (this: unknown) {
      return text.call(this).then((body: string) => {
        if (body.includes(`"${name}"`)) queueMicrotask(() => g.answersRead++);
        return body;
      });
    };
  }, field);
}

/**
 * Holds the answer to the page's next MarkRead: the read reaches the server, its answer waits. Resolves, once the read
 * was made, with the function that lets the answer through (`made`).
 */
async function holdNextReadAnswer(page: Page): Promise<{ made: Promise<() => void> }> {
  let made!: (release: () => void) => void;
  const held = new Promise<() => void>((resolve) => (made = resolve));
  let once = false;
  await page.route('**/graphql', async (route) => {
    if (once || route.request().postDataJSON()?.operationName !== 'MarkRead') return route.continue();
    once = true;
    const response = await route.fetch();
    made(() => void route.fulfill({ response }));
  });
  // In an object: an async function returning the promise itself would wait for it.
  return { made: held };
}

/**
 * A group of Ann's with Ben, holding `bodies`, opened and read by Ben in a page of his own at `viewport` (the page is
 * closed here if that fails; else the caller closes it).
 */
async function readRoomHere(name: string, viewport: Viewport, bodies: string[]) {
  const room: string = (await ok(t, `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name, memberIds: [ben.id] } }, ann)).createGroupRoom.id;
  for (const body of bodies) await post(room, body);
  const { context, page } = await signedInPage(t, base, browser, ben, viewport);
  try {
    await page.getByTestId('room-item').filter({ hasText: name }).click();
    await page.getByTestId('message-body').filter({ hasText: bodies[bodies.length - 1] }).waitFor();
    await waitFor(async () => (await unreadFor(room, ben)) === 0, 'ben read the room');
  } catch (err) {
    await context.close();
    throw err;
  }
  return { room, context, page };
}

/** Back to the room list inside the app (a reload would start from an empty cache, which is not the point). */
async function toRoomList(page: Page, viewport: Viewport) {
  await page.getByRole('link', { name: viewport === PHONE ? 'Back to rooms' : 'Parley' }).click();
  await page.getByTestId('room-item').first().waitFor();
}

/** Opens the room from the list and returns the text of the message right under the "New messages" line. */
async function reopen(page: Page, name: string): Promise<string | null> {
  await page.getByTestId('room-item').filter({ hasText: name }).click();
  await page.getByTestId('unread-divider').waitFor();
  return page.locator('[data-testid="unread-divider"] + li [data-testid="message-body"]').first().textContent();
}

describeBrowser('the "New messages" line in the web app', () => {
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

  test('sits above the first new message after the viewer read the room on another device (phone)', async () => {
    const viewport = PHONE;
    const name = `Elsewhere ${sizeName(viewport)}`;
    // Ben reads the room here: the page caches his marker as it is now.
    const { room, context, page } = await readRoomHere(name, viewport, ['first', 'second']);
    try {
      await toRoomList(page, viewport);

      // Two more, read on Ben's other device while this page shows the list.
      await post(room, 'third');
      const fourth = await post(room, 'fourth');
      await waitFor(async () => (await badge(page, name)) === '2', 'the badge counts the two');
      await ok(t, `mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: room, s: fourth }, ben);
      await waitFor(async () => (await badge(page, name)) === null, 'the badge goes with the read elsewhere');

      await post(room, 'fresh one');
      await waitFor(async () => (await badge(page, name)) === '1', 'the badge counts the new one');
      expect(await reopen(page, name)).toBe('fresh one');
      await snap(page, `unread-divider-elsewhere-${sizeName(viewport)}`);
    } finally {
      await context.close();
    }
  });

  test('sits above the first new message for a viewer with read receipts off (desktop)', async () => {
    const viewport = DESKTOP;
    const name = `No receipts ${sizeName(viewport)}`;
    await ok(t, `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }`, { i: { shareReadReceipts: false } }, ben);
    try {
      // Read here, with receipts off: the room's events never name Ben as a reader.
      const { room, context, page } = await readRoomHere(name, viewport, ['first', 'second']);
      try {
        await toRoomList(page, viewport);

        await post(room, 'fresh one');
        await waitFor(async () => (await badge(page, name)) === '1', 'the badge counts the new one');
        expect(await reopen(page, name)).toBe('fresh one');
        await snap(page, `unread-divider-no-receipts-${sizeName(viewport)}`);
      } finally {
        await context.close();
      }
    } finally {
      await ok(t, `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }`, { i: { shareReadReceipts: true } }, ben);
    }
  });

  // On a phone the room list mounts again (and asks for the list) when the viewer goes back; on a desktop it stays.
  test.each([PHONE, DESKTOP])('keeps its count and line when an answer to an earlier read arrives after a new message (%o)', async (viewport: Viewport) => {
    const name = `Late answer ${sizeName(viewport)}`;
    const { room, context, page } = await readRoomHere(name, viewport, ['first']);
    try {
      // The read of the next message reaches the server, but its answer is held on the way back.
      const late = await holdNextReadAnswer(page);
      await post(room, 'second');
      const release = await late.made;
      await toRoomList(page, viewport);
      await post(room, 'are you there?');
      await waitFor(async () => (await badge(page, name)) === '1', 'the badge counts the new one');
      // The answer, made before the new message, now arrives: it must not clear the badge. The page has read it once
      // its body was read (Apollo writes it to the cache in the same chain of promises) and two frames have rendered.
      await countAnswersRead(page, 'markRead');
      release();
      await page.waitForFunction(() => (globalThis as unknown as { answersRead: number }).answersRead > 0);
      await twoFrames(page);
      expect(await badge(page, name)).toBe('1');
      expect(await reopen(page, name)).toBe('are you there?');
      await snap(page, `unread-divider-late-answer-${sizeName(viewport)}`);
    } finally {
      await context.close();
    }
  });
});
