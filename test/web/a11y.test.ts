import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { runAdminCli } from '../../src/modules/admin/admin.cli';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { describeBrowser, ensureWebBuilt, launchBrowser, WEB_DIST } from './browser';
import { checkScreen, DESKTOP, newPage, PHONE, signedInPage, sizeName, snap, type Viewport } from './screens';

/**
 * Keyboard and screen readers, in Chromium against a real server: an axe-core audit of every screen at phone and
 * desktop sizes (no serious or critical violation, no sideways overflow on phones), dialogs that focus their first
 * field and keep Tab inside, Tab from the composer, Up-arrow to edit, Ctrl+K, and a live region for new messages only.
 */

jest.setTimeout(600_000);

let t: TestServer;
let browser: Browser;
let base: string;
let alice: TestUser;
let bob: TestUser;
let groupId: string;
let inviteCode: string;

async function gql<T = any>(user: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await t.gql(query, variables, user.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

async function say(user: TestUser, roomId: string, body: string) {
  await gql(user, `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { roomId, body } });
}

/** What has the keyboard focus: its tag, accessible name (aria-label or text), and whether it is inside a dialog. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = (globalThis as any).document.activeElement;
    return { tag: el?.tagName.toLowerCase(), label: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '', inDialog: !!el?.closest('dialog'), testId: el?.getAttribute('data-testid') };
  });
}

describeBrowser('web app: keyboard, screen readers and an accessibility audit', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn', RATE_LIMIT_LOGIN_PER_MINUTE: '1000' } });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    alice = await register(t, 'alice');
    bob = await register(t, 'bob');
    await gql(alice, `mutation { updateProfile(input: { displayName: "Alice" }) { id } }`);
    await gql(bob, `mutation { updateProfile(input: { displayName: "Bob" }) { id } }`);
    const io = { out: () => undefined, err: (l: string) => console.error(l) };
    expect(await runAdminCli(['promote', alice.username], loadConfig(t.env), io, t.server.app.orm)).toBe(0);
    const g = await gql(alice, `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Book club', memberIds: [bob.id], description: 'Monthly reads' } });
    groupId = g.createGroupRoom.id;
    await gql(alice, `mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { id } }`, { i: { name: 'general' } });
    const d = await gql(alice, `mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: bob.id });
    for (let i = 1; i <= 70; i++) await say(i % 3 ? bob : alice, groupId, `history message ${i} 📚`);
    await say(bob, d.createDirectRoom.id, 'Hi Alice 👋');
    // People news in Alice's sidebar (an invitation, a contact request), and lists for the room settings screen.
    const corner = await gql(bob, `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Bob’s corner', memberIds: [] } });
    await gql(bob, `mutation($r: ID!) { updateRoom(roomId: $r, input: { addPolicy: INVITE }) { id } }`, { r: corner.createGroupRoom.id });
    await gql(bob, `mutation($r: ID!, $u: ID!) { inviteToRoom(roomId: $r, userId: $u) { id } }`, { r: corner.createGroupRoom.id, u: alice.id });
    await gql(bob, `mutation($u: ID!) { sendContactRequest(userId: $u) { id } }`, { u: alice.id });
    const link = await gql(alice, `mutation($r: ID!) { createInviteLink(roomId: $r, maxUses: 5, expiresInHours: 24) { code } }`, { r: groupId });
    inviteCode = link.createInviteLink.code;
    const carol = await register(t, 'carol');
    await gql(alice, `mutation($r: ID!, $u: ID!) { banFromRoom(roomId: $r, userId: $u, reason: "Spam") { id } }`, { r: groupId, u: carol.id });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  for (const viewport of [PHONE, DESKTOP] as Viewport[]) {
    test(`every screen at ${sizeName(viewport)}: no serious or critical axe violation, nothing wider than the screen`, async () => {
      const problems: string[] = [];
      const anon = await newPage(browser, viewport, 'anonymous');
      for (const [path, heading] of [
        ['/login', 'Sign in'],
        ['/register', 'Create your account'],
        ['/forgot-password', undefined],
        ['/reset-password?token=abc', undefined],
      ] as const) {
        await anon.page.goto(`${base}${path}`);
        if (heading) await anon.page.getByRole('heading', { name: heading }).waitFor();
        else await anon.page.locator('form').first().waitFor();
        await checkScreen(anon.page, `a11y${path.replace(/[/?=]/g, '-')}`, viewport, problems);
      }
      // A form showing its errors.
      await anon.page.goto(`${base}/register`);
      await anon.page.getByRole('button', { name: 'Create account' }).click();
      await anon.page.locator('.field__error').first().waitFor();
      await checkScreen(anon.page, 'a11y-register-errors', viewport, problems);
      await anon.context.close();

      const { context, page } = await signedInPage(t, base, browser, alice, viewport);
      await page.getByTestId('room-item').first().waitFor();
      await page.getByTestId('inbox-invitation').waitFor();
      await page.getByTestId('inbox-contact-request').waitFor();
      await checkScreen(page, 'a11y-rooms', viewport, problems);
      for (const [button, title] of [
        ['New chat', 'Start a direct chat'],
        ['New group', 'New group'],
        ['Browse', 'Public rooms'],
      ] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await checkScreen(page, `a11y-dialog-${button.replace(/\W+/g, '-').toLowerCase()}`, viewport, problems);
        void title;
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      }
      await page.getByTestId('me').click();
      await page.getByRole('dialog').waitFor();
      await checkScreen(page, 'a11y-dialog-profile', viewport, problems);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+k');
      await page.getByTestId('room-switcher').waitFor();
      await checkScreen(page, 'a11y-room-switcher', viewport, problems);
      await page.keyboard.press('Escape');

      await page.goto(`${base}/rooms/${groupId}`);
      await page.getByTestId('message-body').filter({ hasText: 'history message 70' }).waitFor();
      await checkScreen(page, 'a11y-room', viewport, problems);
      const members = page.getByRole('button', { name: 'Members' });
      if ((await members.getAttribute('aria-pressed')) !== 'true') await members.click();
      await page.getByTestId('member').first().waitFor();
      await checkScreen(page, 'a11y-room-members', viewport, problems);
      if (viewport.width < 1100) await page.getByRole('button', { name: 'Close members' }).click();
      await page.getByRole('button', { name: 'Leave' }).click();
      await page.getByTestId('confirm-dialog').waitFor();
      await checkScreen(page, 'a11y-confirm-leave', viewport, problems);
      await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();

      await page.goto(`${base}/rooms/not-a-room`);
      await page.getByTestId('room-unavailable').waitFor();
      await checkScreen(page, 'a11y-unknown-room', viewport, problems);

      await page.goto(`${base}/admin`);
      await page.getByTestId('admin-users').locator('tbody tr').first().waitFor();
      await page.getByTestId('admin-audit').locator('tbody tr').first().waitFor();
      await checkScreen(page, 'a11y-admin', viewport, problems);
      await page.getByTestId('admin-users').getByRole('button', { name: `Ban ${bob.username}` }).click();
      await page.getByTestId('confirm-dialog').waitFor();
      await checkScreen(page, 'a11y-confirm-ban', viewport, problems);
      await page.keyboard.press('Escape');

      // Room settings (each section), People, a profile card, and an invite link's page.
      for (const [tab, ready] of [['general', 'Save changes'], ['members', 'Add people'], ['links', 'Create link'], ['bans', undefined]] as const) {
        await page.goto(`${base}/rooms/${groupId}/settings?tab=${tab}`);
        if (ready) await page.getByRole('button', { name: ready }).or(page.getByRole('heading', { name: ready })).first().waitFor();
        if (tab === 'links') await page.getByTestId('invite-link').first().waitFor();
        if (tab === 'bans') await page.getByTestId('ban').first().waitFor();
        await checkScreen(page, `a11y-room-settings-${tab}`, viewport, problems);
      }
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Delete room' }).click();
      await page.getByTestId('confirm-dialog').waitFor();
      await checkScreen(page, 'a11y-confirm-delete-room', viewport, problems);
      await page.keyboard.press('Escape');
      await page.goto(`${base}/people`);
      await page.getByTestId('incoming-request').first().waitFor();
      await page.getByTestId('session').first().waitFor();
      await checkScreen(page, 'a11y-people', viewport, problems);
      await page.getByTestId('incoming-request').first().getByRole('button').first().click();
      await page.getByTestId('profile-card').getByRole('button', { name: 'Block' }).waitFor();
      await checkScreen(page, 'a11y-profile-card', viewport, problems);
      await page.keyboard.press('Escape');
      await page.goto(`${base}/invite/${inviteCode}`);
      await page.getByTestId('invite-page').waitFor();
      await checkScreen(page, 'a11y-invite', viewport, problems);
      await context.close();
      expect(problems).toEqual([]);
    });
  }

  test('dialogs focus their first field and keep Tab inside; closing returns the focus', async () => {
    const { context, page } = await signedInPage(t, base, browser, alice, DESKTOP);
    for (const [button, firstField] of [
      ['New chat', 'input'],
      ['New group', 'input'],
      ['Browse', 'input'],
    ] as const) {
      const opener = page.getByRole('button', { name: button, exact: true });
      await opener.click();
      await page.getByRole('dialog').waitFor();
      const f = await focused(page);
      expect(f.tag).toBe(firstField);
      expect(f.inDialog).toBe(true);
      expect(f.label).not.toBe('Close');
      // Typing goes into the field at once.
      await page.keyboard.type('bo');
      expect(await page.evaluate(() => (globalThis as any).document.activeElement.value)).toBe('bo');
      const count = await page.getByRole('dialog').evaluate((d) => d.querySelectorAll('a[href], button:not([disabled]), input, select, textarea').length);
      for (let i = 0; i < count + 3; i++) {
        await page.keyboard.press('Tab');
        expect((await focused(page)).inDialog).toBe(true);
      }
      for (let i = 0; i < count + 3; i++) {
        await page.keyboard.press('Shift+Tab');
        expect((await focused(page)).inDialog).toBe(true);
      }
      // The focused control going away (a result list re-rendering as results arrive) drops the focus to <body>:
      // Tab and Shift+Tab still land inside the dialog.
      for (const key of ['Tab', 'Shift+Tab']) {
        await page.evaluate(() => {
          const doc = (globalThis as any).document;
          const gone = doc.createElement('button');
          gone.textContent = 'a result about to go';
          doc.querySelector('dialog[open] .dialog__body').append(gone);
          gone.focus();
          gone.remove();
        });
        expect((await focused(page)).tag).toBe('body');
        await page.keyboard.press(key);
        expect((await focused(page)).inDialog).toBe(true);
      }
      // Escape closes (a first Escape may only clear a search field, as search fields do).
      await page.keyboard.press('Escape');
      if (await page.getByRole('dialog').count()) await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect((await focused(page)).label).toBe(button);
    }
    await context.close();
  });

  test('Tab from the composer goes to Send; Up-arrow in an empty composer edits your last message; Ctrl+K switches rooms', async () => {
    const { context, page } = await signedInPage(t, base, browser, alice, DESKTOP);
    await page.goto(`${base}/rooms/${groupId}`);
    const composer = page.getByTestId('composer');
    await composer.waitFor();
    await composer.focus();
    await page.keyboard.press('Tab');
    const f = await focused(page);
    expect(f.tag).toBe('button');
    expect(f.label).toBe('Send message');
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).testId).toBe('composer');

    await composer.fill('my last words');
    await composer.press('Enter');
    await page.getByTestId('message-body').filter({ hasText: 'my last words' }).waitFor();
    await composer.press('ArrowUp');
    const editor = page.getByRole('textbox', { name: 'Edit message' });
    await editor.waitFor();
    expect(await editor.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    expect(await editor.inputValue()).toBe('my last words');
    await snap(page, 'keyboard-edit-last');
    await editor.fill('my last words, edited');
    await editor.press('Enter');
    await page.getByTestId('message-body').filter({ hasText: 'my last words, edited' }).waitFor();
    // Up-arrow with text in the composer moves the caret as usual: no editor opens.
    await composer.fill('line one\nline two');
    await composer.press('ArrowUp');
    expect(await page.getByRole('textbox', { name: 'Edit message' }).count()).toBe(0);
    await composer.fill('');

    await page.keyboard.press('Control+k');
    const switcher = page.getByTestId('room-switcher');
    await switcher.waitFor();
    expect((await focused(page)).tag).toBe('input');
    await page.keyboard.type('gene');
    await switcher.getByRole('option', { name: 'general' }).waitFor();
    expect(await switcher.getByRole('option').count()).toBe(1);
    await snap(page, 'keyboard-room-switcher');
    await page.keyboard.press('Enter');
    await page.getByTestId('room-title').filter({ hasText: 'general' }).waitFor();
    await switcher.waitFor({ state: 'detached' });
    // Arrow keys choose among several.
    await page.keyboard.press('Control+k');
    await switcher.waitFor();
    await page.keyboard.press('ArrowDown');
    const chosen = await switcher.locator('[aria-selected="true"]').textContent();
    await page.keyboard.press('Enter');
    await page.getByTestId('room-title').filter({ hasText: chosen!.replace(/\d+ unread$/, '').trim() }).waitFor();
    await context.close();
  });

  test('the live region announces new messages, not history pages as they load', async () => {
    const { context, page } = await signedInPage(t, base, browser, alice, DESKTOP);
    await page.goto(`${base}/rooms/${groupId}`);
    await page.getByTestId('message-body').filter({ hasText: 'history message 70' }).waitFor();
    const announcer = page.getByTestId('announcer');
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
    // The history list itself is not a live region (else every loaded page would be read out).
    expect(await page.locator('.history__list[aria-live]').count()).toBe(0);
    expect((await announcer.textContent())!.trim()).toBe('');
    // Load older pages: nothing is announced.
    const history = page.getByTestId('history');
    for (let i = 0; i < 3; i++) {
      await history.evaluate((el) => el.scrollTo({ top: 0 }));
      await page.waitForTimeout(300);
    }
    await page.getByTestId('message-body').filter({ hasText: /^history message 1 / }).waitFor({ timeout: 20_000 });
    expect((await announcer.textContent())!.trim()).toBe('');
    // A new message from someone else is announced with its sender.
    await say(bob, groupId, 'a fresh message for everyone');
    await waitFor(async () => (await announcer.textContent())?.includes('Bob: a fresh message for everyone'), 'the new message announced');
    // The viewer's own message is not read back to them.
    await page.getByTestId('composer').fill('my own message');
    await page.getByTestId('composer').press('Enter');
    await page.getByTestId('message-body').filter({ hasText: 'my own message' }).waitFor();
    expect(await announcer.textContent()).toContain('Bob: a fresh message for everyone');
    await context.close();
  });
});
