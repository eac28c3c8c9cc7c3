import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { runAdminCli } from '../../src/modules/admin/admin.cli';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { describeBrowser, ensureWebBuilt, launchBrowser, WEB_DIST } from './browser';
import { DESKTOP, expectNoOverflow, PHONE, signedInPage, SMALL_PHONE, sizeName, snap, type Viewport } from './screens';

/**
 * The app from a 360 px phone to a desktop, in Chromium against a real server: one pane at a time on phones (room
 * list, room with a back button), the members sheet, admin tables as cards, the connection state inside a room,
 * nothing wider than the screen; and scrolling: landing on the first unread message, "Jump to latest", message
 * actions that never cover text (hover, keyboard, long press).
 */

jest.setTimeout(180_000);

let t: TestServer;
let browser: Browser;
let base: string;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let groupId: string;
/** The direct room (and its other person) each scrolling test opens with unread messages. */
const unreadRoom: Record<number, { id: string; name: string }> = {};

async function gql<T = any>(user: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await t.gql(query, variables, user.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

async function say(user: TestUser, roomId: string, body: string) {
  const d = await gql(user, `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`, { i: { roomId, body } });
  return d.sendMessage.seq as number;
}

async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not on screen`);
  return b;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describeBrowser('web app layout from phones to desktops', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn', RATE_LIMIT_LOGIN_PER_MINUTE: '1000' } });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    alice = await register(t, 'alice_long_name');
    bob = await register(t, 'bob');
    carol = await register(t, 'carol');
    await gql(alice, `mutation { updateProfile(input: { displayName: "Alice Wonderland-Longname" }) { id } }`);
    await gql(bob, `mutation { updateProfile(input: { displayName: "Bob" }) { id } }`);
    await gql(carol, `mutation { updateProfile(input: { displayName: "Carol" }) { id } }`);
    const io = { out: () => undefined, err: (l: string) => console.error(l) };
    expect(await runAdminCli(['promote', alice.username], loadConfig(t.env), io, t.server.app.orm)).toBe(0);
    const g = await gql(alice, `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, {
      i: { name: 'Design team with a name long enough to need cutting on a phone', memberIds: [bob.id, carol.id], description: 'Where the pixels are argued about' },
    });
    groupId = g.createGroupRoom.id;
    // Direct rooms with a long history: Alice has read the first 12 messages, 30 more came since.
    for (const [viewport, other, name] of [[DESKTOP, bob, 'Bob'], [PHONE, carol, 'Carol']] as const) {
      const d = await gql(alice, `mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: other.id });
      const id = d.createDirectRoom.id as string;
      unreadRoom[viewport.width] = { id, name };
      let seq = 0;
      for (let i = 1; i <= 12; i++) seq = await say(i % 2 ? other : alice, id, `read message ${i}`);
      await gql(alice, `mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { id } }`, { r: id, s: seq });
      for (let i = 1; i <= 30; i++) await say(other, id, `unread message ${i}${i === 5 ? ' which is a longer one, so that it wraps onto a second line on a phone screen and shows the bubble growing' : ''}`);
    }
    for (let i = 1; i <= 6; i++) await say(i % 2 ? carol : alice, groupId, `group message ${i} 👍🎉`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  for (const viewport of [PHONE, SMALL_PHONE]) {
    test(`phone ${sizeName(viewport)}: room list, then the room with a back button; members sheet; connection state inside the room; nothing wider than the screen`, async () => {
      const { context, page } = await signedInPage(t, base, browser, alice, viewport);
      const n = sizeName(viewport);
      await page.getByTestId('room-item').first().waitFor();
      await page.getByRole('button', { name: 'New chat' }).waitFor();
      await page.getByRole('button', { name: 'Log out' }).waitFor();
      await expectNoOverflow(page, 'room list');
      // Every control of the sidebar is inside the screen.
      for (const name of ['New chat', 'New group', 'Browse', 'Log out']) {
        const b = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
        expect(b.x + b.width).toBeLessThanOrEqual(viewport.width);
      }
      await snap(page, `layout-room-list-${n}`);

      // The room replaces the list; a back button returns to it.
      await page.getByTestId('room-item').filter({ hasText: 'Design team' }).click();
      await page.getByTestId('room-title').waitFor();
      expect(await page.locator('.sidebar').isVisible()).toBe(false);
      await page.getByTestId('message-body').filter({ hasText: 'group message 6' }).waitFor();
      await expectNoOverflow(page, 'room');
      await snap(page, `layout-room-${n}`);

      // Members open as a sheet over the room, inside the screen, and close again.
      await page.getByRole('button', { name: 'Members' }).click();
      const sheet = page.locator('.members-sheet__panel');
      await sheet.getByTestId('member').first().waitFor();
      const sb = (await sheet.boundingBox())!;
      expect(sb.x).toBeGreaterThanOrEqual(0);
      expect(sb.x + sb.width).toBeLessThanOrEqual(viewport.width + 0.5);
      expect(sb.y + sb.height).toBeLessThanOrEqual(viewport.height + 0.5);
      expect(await sheet.getByTestId('member').count()).toBe(3);
      await expectNoOverflow(page, 'members sheet');
      await snap(page, `layout-members-sheet-${n}`);
      await page.getByRole('button', { name: 'Close members' }).click();
      await sheet.waitFor({ state: 'detached' });

      // The connection state shows inside the room too (the sidebar's indicator is hidden on phones).
      await context.setOffline(true);
      const compact = page.getByTestId('connection-status-compact');
      await compact.and(page.locator('[data-status="offline"]')).waitFor();
      expect(await compact.isVisible()).toBe(true);
      expect(await compact.textContent()).toContain('Offline');
      await snap(page, `layout-room-offline-${n}`);
      await context.setOffline(false);
      await compact.waitFor({ state: 'detached', timeout: 30_000 });

      await page.getByRole('link', { name: 'Back to rooms' }).click();
      await page.getByTestId('room-item').first().waitFor();
      expect(await page.locator('.sidebar').isVisible()).toBe(true);

      // The admin page: tables become cards, a way back, nothing wider than the screen.
      await page.getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('heading', { name: 'Administration' }).waitFor();
      await page.getByTestId('admin-users').locator('tbody tr').first().waitFor();
      await page.getByTestId('admin-audit').locator('tbody tr').first().waitFor();
      await expectNoOverflow(page, 'admin');
      const row = (await page.getByTestId('admin-users').locator('tbody tr').first().boundingBox())!;
      expect(row.width).toBeLessThanOrEqual(viewport.width);
      await snap(page, `layout-admin-${n}`);
      await page.getByRole('link', { name: '← Rooms' }).click();
      await page.getByTestId('room-item').first().waitFor();
      await context.close();
    });
  }

  test('desktop: list and room side by side, members beside the history', async () => {
    const { context, page } = await signedInPage(t, base, browser, alice, DESKTOP);
    await page.getByTestId('room-item').filter({ hasText: 'Design team' }).click();
    await page.getByTestId('message-body').filter({ hasText: 'group message 6' }).waitFor();
    expect(await page.locator('.sidebar').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Back to rooms' }).isVisible()).toBe(false);
    // Wide enough for a members column at 1280 px: it sits beside the history, and the button hides it.
    const members = page.locator('.members');
    await members.getByTestId('member').first().waitFor();
    const mb = (await members.boundingBox())!;
    const history = (await page.getByTestId('history').boundingBox())!;
    expect(mb.x).toBeGreaterThanOrEqual(history.x + history.width - 1);
    await expectNoOverflow(page, 'desktop room');
    await snap(page, `layout-room-${sizeName(DESKTOP)}`);
    await page.getByRole('button', { name: 'Members' }).click();
    await members.waitFor({ state: 'detached' });
    // Narrower (a small laptop or tablet): the members open as a panel over the room, with a close button.
    await page.setViewportSize({ width: 900, height: 800 });
    await page.getByRole('button', { name: 'Members' }).click();
    await page.locator('.members-sheet__panel').getByTestId('member').first().waitFor();
    await expectNoOverflow(page, 'room at 900 px');
    await snap(page, 'layout-room-members-900x800');
    await page.getByRole('button', { name: 'Close members' }).click();
    await members.waitFor({ state: 'detached' });
    await context.close();
  });

  for (const viewport of [DESKTOP, PHONE] as Viewport[]) {
    test(`scrolling at ${sizeName(viewport)}: opens on the first unread message, fully visible; "Jump to latest" when away from the bottom; actions never cover text`, async () => {
      const touch = viewport.width < 800;
      const { context, page } = await signedInPage(t, base, browser, alice, viewport, touch ? { hasTouch: true, isMobile: true } : {});
      const n = sizeName(viewport);
      await page.getByTestId('room-item').filter({ hasText: unreadRoom[viewport.width]!.name }).click();
      const divider = page.getByTestId('unread-divider');
      await divider.waitFor();
      const first = page.getByTestId('message').filter({ hasText: 'unread message 1' }).first();
      await first.waitFor();
      // The first unread message is entirely inside the history's visible area (not under the composer).
      const hist = await box(page, '[data-testid="history"]');
      await waitFor(async () => {
        const b = (await first.boundingBox())!;
        return b.y >= hist.y - 1 && b.y + b.height <= hist.y + hist.height + 1;
      }, 'the first unread message fully visible');
      const comp = await box(page, '.composer');
      const fb = (await first.boundingBox())!;
      expect(fb.y + fb.height).toBeLessThanOrEqual(comp.y);
      // Not at the bottom: the way down is offered.
      await page.getByTestId('jump-latest').waitFor();
      await snap(page, `scroll-first-unread-${n}`);
      await page.getByTestId('jump-latest').click();
      const last = page.getByTestId('message').filter({ hasText: 'unread message 30' });
      await waitFor(async () => {
        const b = (await last.boundingBox())!;
        const h = await box(page, '[data-testid="history"]');
        return b.y + b.height <= h.y + h.height + 1 && b.y >= h.y;
      }, 'the newest message fully visible after Jump to latest');
      await page.getByTestId('jump-latest').waitFor({ state: 'detached' });
      const lb = (await last.boundingBox())!;
      expect(lb.y + lb.height).toBeLessThanOrEqual((await box(page, '.composer')).y);
      await snap(page, `scroll-bottom-${n}`);

      // Scrolling up brings "Jump to latest" back.
      await page.getByTestId('history').evaluate((el) => el.scrollBy(0, -400));
      await page.getByTestId('jump-latest').waitFor();
      await page.getByTestId('jump-latest').click();
      await page.getByTestId('jump-latest').waitFor({ state: 'detached' });

      // Message actions: beside the bubble on desktop (hover), under it after a long press on touch.
      const target = page.getByTestId('message').filter({ hasText: 'unread message 29' });
      const prevMsg = page.getByTestId('message').filter({ hasText: 'unread message 28' });
      if (touch) {
        await target.locator('.msg__bubble').dispatchEvent('pointerdown', { pointerType: 'touch', isPrimary: true });
        await target.and(page.locator('.is-selected')).waitFor();
        await target.locator('.msg__bubble').dispatchEvent('pointerup', { pointerType: 'touch', isPrimary: true });
      } else {
        await target.locator('.msg__bubble').hover();
      }
      const tools = target.getByTestId('message-tools');
      await waitFor(async () => (await tools.isVisible()) && (await tools.evaluate((el) => (globalThis as any).getComputedStyle(el).opacity === '1')), 'message actions visible');
      const tb = (await tools.boundingBox())!;
      const texts = [target.locator('.msg__bubble'), prevMsg.locator('.msg__bubble'), page.getByTestId('message').filter({ hasText: 'unread message 30' }).locator('.msg__bubble')];
      for (const el of texts) {
        const b = (await el.boundingBox())!;
        expect(overlaps(tb, b)).toBe(false);
      }
      const meta = target.locator('.msg__meta');
      if (await meta.count()) expect(overlaps(tb, (await meta.boundingBox())!)).toBe(false);
      expect(tb.x + tb.width).toBeLessThanOrEqual(viewport.width);
      await snap(page, `message-actions-${n}`);
      // Reachable by keyboard: the reaction buttons take the focus and show.
      await page.mouse.move(0, 0);
      await page.keyboard.press('Escape');
      await target.getByRole('button', { name: 'React with 👍' }).focus();
      expect(await target.getByTestId('message-tools').isVisible()).toBe(true);
      await page.keyboard.press('Enter');
      await target.locator('.reaction', { hasText: '👍' }).waitFor();
      await context.close();
    });
  }
});
