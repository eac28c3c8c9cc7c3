import type { Browser } from 'playwright-core';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { describeBrowser, ensureWebBuilt, launchBrowser, WEB_DIST } from './browser';
import { DESKTOP, expectNoOverflow, newPage, PHONE, signedInPage, sizeName, snap, type Viewport } from './screens';

/**
 * People in Chromium against a real server: the profile card (block from it), contact requests accepted from the
 * sidebar and seen live by the sender, the privacy setting, "sign out this device" ending another browser's
 * session, and hiding a direct chat until its next message.
 */

jest.setTimeout(300_000);

let t: TestServer;
let browser: Browser;
let base: string;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;

async function gql<T = any>(user: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await t.gql(query, variables, user.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

async function person(key: string, name: string) {
  const u = await register(t, key);
  await gql(u, `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }`, { i: { displayName: name } });
  return u;
}

describeBrowser('web app: profile card, contacts, blocking, privacy and sessions', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn', RATE_LIMIT_LOGIN_PER_MINUTE: '1000' } });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    alice = await person('alice', 'Alice');
    bob = await person('bob', 'Bob');
    carol = await person('carol', 'Carol');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('block from the profile card (opened from the member list); the blocked person cannot open a direct chat; unblock on People', async () => {
    const g = await gql(alice, `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name: 'Neighbours', memberIds: [bob.id] } });
    const { context, page } = await signedInPage(t, base, browser, bob, DESKTOP);
    await page.goto(`${base}/rooms/${g.createGroupRoom.id}`);
    await page.getByTestId('member').filter({ hasText: 'Alice' }).getByRole('button').click();
    const card = page.getByTestId('profile-card');
    await card.getByRole('heading', { name: 'Alice' }).waitFor();
    await card.getByRole('button', { name: 'Message' }).waitFor();
    await snap(page, 'profile-card-1280x800');
    await card.getByRole('button', { name: 'Block' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Block' }).click();
    await card.getByText('You blocked this person.').waitFor();
    expect(await card.getByRole('button', { name: 'Message' }).count()).toBe(0);
    const direct = await t.gql(`mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: bob.id }, alice.accessToken);
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'People' }).click();
    const row = page.getByTestId('blocked').filter({ hasText: 'Alice' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Unblock Alice' }).click();
    await page.getByText('You have not blocked anyone.').waitFor();
    expect((await gql(bob, `query($id: ID!) { user(id: $id) { blockedByMe } }`, { id: alice.id })).user.blockedByMe).toBe(false);
    await context.close();
  });

  test('a contact request: sent from the profile card, accepted from the sidebar, the sender’s People page follows live', async () => {
    const b = await signedInPage(t, base, browser, bob, DESKTOP);
    const c = await signedInPage(t, base, browser, carol, PHONE);
    await b.page.goto(`${base}/people`);
    await b.page.getByLabel('Search people').fill(carol.username);
    await b.page.getByRole('button', { name: new RegExp(`Show profile of .*@${carol.username}`) }).click();
    const card = b.page.getByTestId('profile-card');
    await card.getByRole('button', { name: 'Add contact' }).click();
    await card.getByText('Contact request sent.').waitFor();
    await b.page.keyboard.press('Escape');
    await b.page.getByTestId('outgoing-request').filter({ hasText: 'Carol' }).waitFor();

    const request = c.page.getByTestId('inbox-contact-request').filter({ hasText: 'Bob' });
    await request.waitFor();
    await snap(c.page, `inbox-contact-request-${sizeName(PHONE)}`);
    await request.getByRole('button', { name: /^Accept/ }).click();
    await request.waitFor({ state: 'detached' });
    await b.page.getByTestId('contact').filter({ hasText: 'Carol' }).waitFor();
    await b.page.getByTestId('toast').filter({ hasText: 'Carol accepted your contact request.' }).waitFor();
    expect(await b.page.getByTestId('outgoing-request').count()).toBe(0);
    for (const s of [b, c]) await s.context.close();
  });

  test('privacy: only contacts may start a direct chat', async () => {
    const { context, page } = await signedInPage(t, base, browser, alice, DESKTOP);
    await page.goto(`${base}/people`);
    await page.getByLabel(/Only my contacts/).check();
    await page.getByTestId('toast').filter({ hasText: 'Privacy setting saved.' }).waitFor();
    const direct = await t.gql(`mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: alice.id }, carol.accessToken);
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await page.getByLabel(/Everyone/).check();
    await waitFor(async () => (await gql(alice, `{ me { whoCanMessageMe } }`)).me.whoCanMessageMe === 'EVERYONE', 'the setting back to EVERYONE');
    await context.close();
  });

  test('"Sign out this device" ends the other browser’s session: it lands on the sign-in page', async () => {
    // The other device signs in through the page, with its own user agent, so its row is told apart.
    const other = await newPage(browser, PHONE, 'alice-phone', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' });
    await other.page.goto(`${base}/login`);
    await other.page.getByLabel('Username or email').fill(alice.username);
    await other.page.getByLabel('Password').fill(alice.password);
    await other.page.getByRole('button', { name: 'Sign in' }).click();
    await other.page.getByTestId('connection-status').and(other.page.locator('[data-status="connected"]')).waitFor({ timeout: 20_000 });

    const { context, page } = await signedInPage(t, base, browser, alice, DESKTOP);
    await page.goto(`${base}/people`);
    const row = page.getByTestId('session').filter({ hasText: 'Firefox' });
    await row.waitFor();
    await page.getByTestId('session').and(page.locator('[data-current="true"]')).waitFor();
    await row.scrollIntoViewIfNeeded();
    await snap(page, 'people-sessions-1280x800');
    await row.getByRole('button', { name: /^Sign out Firefox/ }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Sign out' }).click();
    await row.waitFor({ state: 'detached' });
    await other.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
    // This device is still signed in.
    await page.getByTestId('session').and(page.locator('[data-current="true"]')).waitFor();
    await other.context.close();
    await context.close();
  });

  for (const viewport of [PHONE, DESKTOP] as Viewport[]) {
    test(`Hide a direct chat from its header with the keyboard at ${sizeName(viewport)}; a new message brings it back live`, async () => {
      const [me, friend] = [await person('hider', 'Hannah'), await person('friend', 'Felix')];
      const roomId = (await gql(friend, `mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`, { u: me.id })).createDirectRoom.id;
      await gql(friend, `mutation($r: ID!) { sendMessage(input: { roomId: $r, body: "hello there" }) { id } }`, { r: roomId });
      const { context, page } = await signedInPage(t, base, browser, me, viewport);
      const item = page.getByTestId('room-item').filter({ hasText: 'Felix' });
      await item.waitFor();
      await page.goto(`${base}/rooms/${roomId}`);
      await page.getByTestId('room-title').filter({ hasText: 'Felix' }).waitFor();
      const hide = page.getByRole('button', { name: 'Hide', exact: true });
      await snap(page, `direct-room-header-hide-${sizeName(viewport)}`);
      if (viewport.width < 800) await expectNoOverflow(page, 'direct room header with Hide');
      await hide.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('toast').filter({ hasText: 'Hid your chat with Felix' }).waitFor();
      await item.waitFor({ state: 'detached' });
      expect(new URL(page.url()).pathname).toBe('/');
      await snap(page, `room-list-after-hide-${sizeName(viewport)}`);
      const listed = await gql(me, `query { rooms(first: 50) { edges { node { id } } } }`);
      expect(listed.rooms.edges.map((e: any) => e.node.id)).not.toContain(roomId);

      await gql(friend, `mutation($r: ID!) { sendMessage(input: { roomId: $r, body: "are you there?" }) { id } }`, { r: roomId });
      await item.filter({ hasText: 'are you there?' }).waitFor();
      await context.close();
    });

    test(`the People page and the profile card fit at ${sizeName(viewport)}`, async () => {
      const { context, page } = await signedInPage(t, base, browser, bob, viewport);
      await page.goto(`${base}/people`);
      await page.getByTestId('contact').first().waitFor();
      await page.getByTestId('session').first().waitFor();
      await snap(page, `people-${sizeName(viewport)}`);
      await page.getByTestId('contact').first().getByRole('button').first().click();
      await page.getByTestId('profile-card').getByRole('button', { name: 'Block' }).waitFor();
      await snap(page, `profile-card-${sizeName(viewport)}`);
      if (viewport.width < 800) await expectNoOverflow(page, 'profile card');
      await page.keyboard.press('Escape');
      if (viewport.width < 800) await expectNoOverflow(page, 'people page');
      await context.close();
    });
  }
});
