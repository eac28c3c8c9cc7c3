import type { Browser, BrowserContext, Page, Route, WebSocketRoute } from 'playwright-core';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { bodies, describeBrowser, ensureWebBuilt, launchBrowser, newContext, send, shot, untilBodies, WEB_DIST } from './browser';

/**
 * The web app recovers by itself (issue #11), in headless Chromium against a real server: an event that arrives with
 * errors resyncs the room, a stream error resubscribes from the last seq (and says so), a server restart loses and
 * doubles nothing, a room opened while offline loads when the connection is back, and unsent messages survive a room
 * switch and a reload, go out once when the server is back, and can be discarded.
 * Alice uses the browser; Bob and Carol talk through the API. Alice's socket runs through a route that can record,
 * hold, fail or corrupt frames, and refuse new sockets.
 */

jest.setTimeout(240_000);

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken accessTokenExpiresAt user { id username displayName email role } } }`;
const MESSAGES = `query($id: ID!) { room(id: $id) { lastSeq messages(last: 100) { edges { node { body seq clientId sender { id } } } } } }`;

let first: TestServer; // owns the database
let t: TestServer; // the server running now (first, or its restart on the same port and database)
let port: number;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let directId: string;
let groupId: string;

interface Frame {
  id: string;
  type: string;
  payload?: { operationName?: string; variables?: Record<string, unknown> };
}
/** Alice's live socket as the route sees it. */
let live: { page: WebSocketRoute; server: WebSocketRoute } | null = null;
const sockets = new Set<WebSocketRoute>();
let wsBlocked = false;
/** Every RoomEvents subscribe Alice's page sent (including held and failed ones). */
const roomSubscribes: Frame[] = [];
/**
 * The body of the message whose event is lost on the way (an error frame arrives in its place); null for none. By
 * body, not "the next event": a late event of the test before (the page's own read marker moving) would otherwise be
 * the one lost, and the message would arrive live, with no resync to test.
 */
let corruptBody: string | null = null;
const corrupted: unknown[] = [];
let failSubscribes = 0;
let holdSubscribes = false;
const held: Array<{ raw: string; server: WebSocketRoute }> = [];

/** The page's localStorage (the test's tsconfig has no DOM types). */
type Storage = { getItem(k: string): string | null; setItem(k: string, v: string): void };

const text = (m: string | Buffer) => (typeof m === 'string' ? m : m.toString('utf8'));

async function api<T = any>(query: string, variables: Record<string, unknown>, user: TestUser): Promise<T> {
  const r = await t.gql(query, variables, user.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

const say = (user: TestUser, roomId: string, body: string) => api(SEND, { input: { roomId, body, clientId: `c-${Math.random().toString(36).slice(2)}` } }, user);

async function seqsShown(): Promise<number[]> {
  const seqs = await page.getByTestId('message').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
  return seqs;
}

/** Each message once and in seq order. */
async function expectOnceInOrder() {
  const seqs = await seqsShown();
  expect(seqs.length).toBeGreaterThan(0);
  expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  expect(new Set(seqs).size).toBe(seqs.length);
}

async function storedMessages(roomId: string) {
  const d = await api<{ room: { lastSeq: number; messages: { edges: Array<{ node: { body: string; seq: number; clientId: string | null } }> } } }>(MESSAGES, { id: roomId }, roomId === groupId ? carol : bob);
  return d.room.messages.edges.map((e) => e.node);
}

function streamStatus(state: string) {
  return page.locator(`[data-testid="stream-status"][data-state="${state}"]`);
}

describeBrowser('the web app recovers by itself', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    first = t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn' } });
    port = Number(new URL(t.url).port);
    base = t.url.replace(/\/graphql$/, '');
    [alice, bob, carol] = [await register(t, 'alice'), await register(t, 'bob'), await register(t, 'carol')];
    directId = (await api(`mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: bob.id }, alice)).createDirectRoom.id;
    groupId = (await api(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Offline club', memberIds: [alice.id] } }, carol)).createGroupRoom.id;

    browser = await launchBrowser();
    context = await newContext(browser, { viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' });
    await context.routeWebSocket(/\/graphql$/, (ws) => {
      if (wsBlocked) {
        ws.close({ code: 1013, reason: 'blocked by the test' });
        return;
      }
      const server = ws.connectToServer();
      sockets.add(ws);
      live = { page: ws, server };
      ws.onClose(() => {
        sockets.delete(ws);
        if (live?.page === ws) live = null;
      });
      ws.onMessage((m) => {
        const raw = text(m);
        const f = JSON.parse(raw) as Frame;
        if (f.type === 'subscribe' && f.payload?.operationName === 'RoomEvents') {
          roomSubscribes.push(f);
          if (failSubscribes > 0) {
            failSubscribes--;
            ws.send(JSON.stringify({ id: f.id, type: 'error', payload: [{ message: 'injected by the test: subscription refused' }] }));
            return;
          }
          if (holdSubscribes) {
            held.push({ raw, server });
            return;
          }
        }
        server.send(raw);
      });
      server.onMessage((m) => {
        const raw = text(m);
        const f = JSON.parse(raw) as Frame;
        const event = (f.payload as { data?: { roomEvents?: { message?: { body?: string } } } } | undefined)?.data?.roomEvents;
        if (corruptBody !== null && f.type === 'next' && roomSubscribes.some((s) => s.id === f.id) && event?.message?.body === corruptBody) {
          // The event is lost on the way and an error arrives in its place.
          corruptBody = null;
          corrupted.push(f);
          ws.send(JSON.stringify({ id: f.id, type: 'next', payload: { data: null, errors: [{ message: 'injected by the test: event lost', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } }));
          return;
        }
        ws.send(raw);
      });
    });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('[alice page error]', e));

    // Alice signs in (the session the app keeps), and opens the direct room.
    const login = await t.gql(LOGIN, { i: { username: alice.username, password: alice.password } });
    await page.goto(`${base}/login`);
    await page.evaluate((s) => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('parley.session', JSON.stringify(s)), login.data.login);
    await say(bob, directId, 'first');
    await page.goto(`${base}/rooms/${encodeURIComponent(directId)}`);
    await untilBodies(page, (b) => b.includes('first'), 'the first message');
  }, 300_000);

  afterEach(async () => {
    // A failed test leaves no frames held or failing for the next one.
    holdSubscribes = false;
    failSubscribes = 0;
    corruptBody = null;
    wsBlocked = false;
    for (const h of held.splice(0)) h.server.send(h.raw);
    const name = expect.getState().currentTestName?.replace(/^the web app recovers by itself /, '').replace(/\W+/g, '-').slice(0, 40) ?? 'test';
    await page?.screenshot({ path: shot(`recovery-after-${name}`) }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    if (t !== first) await t?.stop();
    await first?.stop();
  });

  test('an event that arrives with errors makes the room resync: the lost message shows, once', async () => {
    const roomPages: string[] = [];
    const count = (r: { postDataJSON(): { operationName?: string } | null }) => {
      if (r.postDataJSON()?.operationName === 'RoomPage') roomPages.push('RoomPage');
    };
    page.on('request', count);
    corruptBody = 'lost in transit';
    await say(bob, directId, 'lost in transit');
    await untilBodies(page, (b) => b.includes('lost in transit'), 'the lost message, through the resync', 30_000);
    page.off('request', count);
    expect(corrupted).toHaveLength(1); // the event really never reached the page
    expect(roomPages.length).toBeGreaterThanOrEqual(1); // the room refetched its newest page
    await say(bob, directId, 'after the gap');
    await untilBodies(page, (b) => b.includes('after the gap'), 'live after the resync');
    expect(await bodies(page)).toEqual(['first', 'lost in transit', 'after the gap']);
    await expectOnceInOrder();
    await page.screenshot({ path: shot('recovery-01-gap-resynced') });
  });

  test('a resync whose refetch never answers is tried again: the room does not stay "catching up"', async () => {
    // The first RoomPage request of the resync is held forever (lost on a busy network); later ones go through.
    const hung: Route[] = [];
    let roomPages = 0;
    await page.route('**/graphql', (route) => {
      if (route.request().postDataJSON()?.operationName !== 'RoomPage') return route.continue();
      roomPages++;
      if (hung.length === 0) {
        hung.push(route);
        return;
      }
      return route.continue();
    });
    try {
      corruptBody = 'lost while the refetch hangs';
      await say(bob, directId, 'lost while the refetch hangs');
      await page.locator('[data-testid="stream-status"][data-state="catching-up"]').waitFor({ timeout: 30_000 });
      await untilBodies(page, (b) => b.includes('lost while the refetch hangs'), 'the lost message, through a second resync', 90_000);
      expect(hung).toHaveLength(1);
      expect(roomPages).toBeGreaterThanOrEqual(2);
      await page.locator('[data-testid="stream-status"][data-state="live"]').waitFor({ state: 'attached', timeout: 30_000 });
      await say(bob, directId, 'live after the retried resync');
      await untilBodies(page, (b) => b.includes('live after the retried resync'), 'live after the retried resync');
      await expectOnceInOrder();
    } finally {
      await page.unroute('**/graphql');
      for (const r of hung) await r.abort().catch(() => undefined);
    }
  }, 180_000);

  test('a stream error resubscribes with backoff from the last seq seen, and the room says so', async () => {
    // The room's seq also counts events that are not messages (read markers): the resume point lies between the
    // newest message shown and the room's seq now.
    const lastSeen = Math.max(...(await seqsShown()));
    const before = roomSubscribes.length;
    const current = roomSubscribes[roomSubscribes.length - 1]!;
    failSubscribes = 1; // the first resubscription fails too: a second, longer backoff
    holdSubscribes = true;
    // The stream fails: an error for the operation on the page's side; the server side is told to stop it.
    live!.page.send(JSON.stringify({ id: current.id, type: 'error', payload: [{ message: 'injected by the test: stream failed' }] }));
    live!.server.send(JSON.stringify({ id: current.id, type: 'complete' }));
    const line = streamStatus('retrying');
    await line.waitFor();
    expect(await line.textContent()).toMatch(/Live updates were interrupted\. Reconnecting in \d+ s/);
    expect(await line.getAttribute('role')).toBe('status');
    await page.screenshot({ path: shot('recovery-02-stream-retrying') });

    // Messages sent while the stream is down.
    await waitFor(() => held.length === 1, 'the resubscription after the backoffs');
    // The room's seq once both resubscriptions were made (read here, not at the start: the page's own read marker
    // for the test before's last message can still add an event after the start, and the page then resumes after it).
    const roomSeq = (await api(MESSAGES, { id: directId }, bob)).room.lastSeq as number;
    await say(bob, directId, 'while the stream was down 1');
    await say(bob, directId, 'while the stream was down 2');
    const resub = roomSubscribes.slice(before);
    expect(resub).toHaveLength(2); // one failed, one held
    for (const f of resub) expect(f.payload?.variables?.roomId).toBe(directId);
    for (const f of resub) expect(f.payload?.variables?.afterSeq).toBeGreaterThanOrEqual(lastSeen);
    for (const f of resub) expect(f.payload?.variables?.afterSeq).toBeLessThanOrEqual(roomSeq);
    holdSubscribes = false;
    for (const h of held.splice(0)) h.server.send(h.raw);

    await untilBodies(page, (b) => b.includes('while the stream was down 2'), 'the missed messages, replayed');
    await streamStatus('live').waitFor({ state: 'attached' });
    await say(bob, directId, 'live after the resubscription');
    await untilBodies(page, (b) => b.includes('live after the resubscription'), 'live again');
    expect((await bodies(page)).slice(-4)).toEqual(['live after the retried resync', 'while the stream was down 1', 'while the stream was down 2', 'live after the resubscription']);
    await expectOnceInOrder();
  });

  test('a server restart (phone-sized): the room resumes from the last seq, nothing doubled or missed; a message written meanwhile goes once', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const lastSeen = Math.max(...(await seqsShown()));
    const before = await bodies(page);
    await t.server.stop();
    await streamStatus('waiting').waitFor({ timeout: 30_000 });
    await send(page, 'written while the server was down');
    await page.getByTestId('pending-message').filter({ hasText: 'written while the server was down' }).and(page.locator('[data-status="waiting"]')).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: shot('recovery-03-server-down-phone') });

    // The server comes back on the same port and database; Alice's socket stays out until Bob has talked.
    wsBlocked = true;
    const subscribesBefore = roomSubscribes.length;
    t = await startServer({ shareWith: first, env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn', PORT: String(port) } });
    // The room's seq as the outage left it, read before anything new is written. Not read before the stop: the page's
    // read marker moving past the last message is a room event too, and it may land after such a read (the stream
    // then shows it, and resumes from it).
    const roomSeq = (await api(MESSAGES, { id: directId }, bob)).room.lastSeq as number;
    await say(bob, directId, 'during the restart 1');
    await say(bob, directId, 'during the restart 2');
    wsBlocked = false;

    await untilBodies(page, (b) => b.includes('during the restart 2') && b.includes('written while the server was down'), 'everything after the restart', 60_000);
    await page.getByTestId('pending-message').waitFor({ state: 'detached' });
    // The first subscription on the new server resumed from the last seq the room had shown.
    const resumed = roomSubscribes[subscribesBefore]?.payload?.variables;
    expect(resumed?.roomId).toBe(directId);
    expect(resumed?.afterSeq).toBeGreaterThanOrEqual(lastSeen);
    expect(resumed?.afterSeq).toBeLessThanOrEqual(roomSeq);
    const after = await bodies(page);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).sort()).toEqual(['during the restart 1', 'during the restart 2', 'written while the server was down'].sort());
    await expectOnceInOrder();
    const stored = await storedMessages(directId);
    expect(stored.filter((m) => m.body === 'written while the server was down')).toHaveLength(1);
    await streamStatus('live').waitFor({ state: 'attached' });
    await page.screenshot({ path: shot('recovery-04-after-restart-phone') });
  });

  test('a room opened while offline (phone-sized) shows the cache or waits, and loads when the connection is back, without a reload', async () => {
    await page.evaluate(() => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true));
    // The member list opened at desktop width is a sheet over the room on a phone: close it first.
    const closeMembers = page.getByRole('button', { name: 'Close members' });
    if (await closeMembers.isVisible()) await closeMembers.click();
    await page.getByRole('link', { name: 'Back to rooms' }).click();
    const group = page.getByTestId('room-item').filter({ hasText: 'Offline club' });
    await group.waitFor();
    await say(carol, groupId, 'welcome to the club');

    await context.setOffline(true);
    await page.getByTestId('connection-status').and(page.locator('[data-status="offline"]')).waitFor({ state: 'attached' });
    // The room visited before shows what the cache holds.
    await page.getByTestId('room-item').filter({ hasText: bob.username }).click();
    await untilBodies(page, (b) => b.includes('during the restart 2'), 'the cached room while offline');
    await page.getByRole('link', { name: 'Back to rooms' }).click();
    // A room never opened waits for the connection.
    await group.click();
    await page.getByTestId('room-offline').waitFor();
    expect(await page.getByTestId('room-offline').getByRole('status').textContent()).toMatch(/load by itself/);
    await page.screenshot({ path: shot('recovery-05-offline-room-phone') });
    await say(carol, groupId, 'while you were offline');

    await context.setOffline(false);
    await untilBodies(page, (b) => b.includes('welcome to the club') && b.includes('while you were offline'), 'the room, loaded when back', 60_000);
    expect(await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await say(carol, groupId, 'live in the club');
    await untilBodies(page, (b) => b.includes('live in the club'), 'live in the room opened offline');
    expect(await bodies(page)).toEqual(['welcome to the club', 'while you were offline', 'live in the club']);
    await page.screenshot({ path: shot('recovery-06-offline-room-loaded-phone') });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('unsent messages survive a room switch and a reload, go out once when the server is back, and can be discarded', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('room-item').filter({ hasText: bob.username }).click();
    await page.getByTestId('composer').waitFor();
    // The server is out of reach: sends fail and the socket is cut.
    await page.route('**/graphql', (route) => (route.request().postDataJSON()?.operationName === 'SendMessage' ? route.abort('internetdisconnected') : route.continue()));
    wsBlocked = true;
    for (const ws of sockets) ws.close({ code: 1012, reason: 'cut by the test' });
    await page.getByTestId('connection-status').and(page.locator('[data-status="reconnecting"], [data-status="offline"]')).waitFor({ state: 'attached' });

    for (const body of ['keep me 1', 'keep me 2', 'discard me']) await send(page, body);
    const pending = page.getByTestId('pending-message');
    await waitFor(async () => (await pending.and(page.locator('[data-status="waiting"]')).count()) === 3, 'three waiting messages', 30_000);
    await page.screenshot({ path: shot('recovery-07-outbox-waiting') });

    // Another room and back: still there.
    await page.getByTestId('room-item').filter({ hasText: 'Offline club' }).click();
    await page.getByTestId('room-title').filter({ hasText: 'Offline club' }).waitFor();
    expect(await pending.count()).toBe(0);
    await page.getByTestId('room-item').filter({ hasText: bob.username }).click();
    await waitFor(async () => (await pending.count()) === 3, 'the unsent messages after a room switch');

    // Discard one.
    await pending.filter({ hasText: 'discard me' }).getByRole('button', { name: 'Discard' }).click();
    await pending.filter({ hasText: 'discard me' }).waitFor({ state: 'detached' });

    // A reload: still there (the page itself loads; the server stays out of reach for sends and the socket).
    await page.reload();
    await untilBodies(page, (b) => b.includes('first'), 'the room after the reload');
    await waitFor(async () => (await pending.count()) === 2, 'the unsent messages after a reload', 30_000);
    expect(await pending.allTextContents()).toEqual([expect.stringContaining('keep me 1'), expect.stringContaining('keep me 2')]);
    await pending.and(page.locator('[data-status="waiting"]')).nth(1).waitFor();

    // The server is back: each goes out once, with the clientId it was written with.
    // Requests that reached the server and were answered (aborted ones while still cut off do not count).
    const sent: string[] = [];
    page.on('requestfinished', (r) => {
      const body = r.postDataJSON?.();
      if (body?.operationName === 'SendMessage') sent.push(body.variables.input.clientId);
    });
    const stored = JSON.parse((await page.evaluate((k) => (globalThis as unknown as { localStorage: Storage }).localStorage.getItem(k), `parley.outbox.${alice.id}`))!) as Array<{ clientId: string; body: string }>;
    expect(stored.map((e) => e.body)).toEqual(['keep me 1', 'keep me 2']);
    await page.unroute('**/graphql');
    wsBlocked = false;
    await pending.first().waitFor({ state: 'detached', timeout: 60_000 });
    await waitFor(async () => (await pending.count()) === 0, 'the outbox emptied', 30_000);
    await untilBodies(page, (b) => b.includes('keep me 2'), 'the resent messages');
    // A message can reach the list (its live event, which also empties its outbox entry) before its send's HTTP
    // answer has finished reaching the page: wait for both answers before counting them.
    await waitFor(async () => new Set(sent).size >= stored.length, 'both sends answered', 30_000);
    expect([...new Set(sent)].sort()).toEqual(stored.map((e) => e.clientId).sort());
    expect(sent).toHaveLength(2); // once each
    const server = await storedMessages(directId);
    for (const e of stored) expect(server.filter((m) => m.clientId === e.clientId)).toHaveLength(1);
    expect(server.some((m) => m.body === 'discard me')).toBe(false);
    expect((await bodies(page)).slice(-2)).toEqual(['keep me 1', 'keep me 2']);
    await expectOnceInOrder();
    expect(await page.evaluate((k) => (globalThis as unknown as { localStorage: Storage }).localStorage.getItem(k), `parley.outbox.${alice.id}`)).toBeNull();
    await page.screenshot({ path: shot('recovery-08-outbox-sent') });
  });
});
