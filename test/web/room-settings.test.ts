import type { Browser, Page } from 'playwright-core';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';
import { describeBrowser, ensureWebBuilt, launchBrowser, WEB_DIST } from './browser';
import { DESKTOP, expectNoOverflow, newPage, PHONE, signedInPage, sizeName, snap, type Viewport } from './screens';

/**
 * The room settings screen in Chromium against a real server: details and password (with the server's field
 * errors), members (role, removal, ban and unban), invite links (create, copy, join through /invite/<code> after
 * signing in, revoke), personal invitations accepted from the sidebar, and join requests approved there; each seen
 * live by the other people involved.
 */

jest.setTimeout(300_000);

let t: TestServer;
let browser: Browser;
let base: string;
const people: Record<string, TestUser> = {};

async function gql<T = any>(user: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await t.gql(query, variables, user.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

async function person(key: string, name: string) {
  const u = await register(t, key);
  await gql(u, `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }`, { i: { displayName: name } });
  people[key] = u;
  return u;
}

async function group(owner: TestUser, name: string, members: TestUser[], extra: Record<string, unknown> = {}): Promise<string> {
  const g = await gql(owner, `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name, memberIds: members.map((m) => m.id) } });
  const id = g.createGroupRoom.id as string;
  if (Object.keys(extra).length) await gql(owner, `mutation($r: ID!, $i: UpdateRoomInput!) { updateRoom(roomId: $r, input: $i) { id } }`, { r: id, i: extra });
  return id;
}

async function open(user: TestUser, path: string, viewport: Viewport = DESKTOP, extra = {}) {
  const s = await signedInPage(t, base, browser, user, viewport, extra);
  if (path !== '/') await s.page.goto(`${base}${path}`);
  return s;
}

const settingsOf = (page: Page) => page.getByTestId('room-settings');

describeBrowser('web app: room settings, members, invite links, invitations and join requests', () => {
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startServer({ env: { SERVE_WEB: 'true', WEB_DIST, LOG_LEVEL: 'warn', RATE_LIMIT_LOGIN_PER_MINUTE: '1000' } });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    for (const [k, n] of [['alice', 'Alice'], ['bob', 'Bob'], ['carol', 'Carol'], ['dave', 'Dave'], ['erin', 'Erin'], ['frank', 'Frank'], ['grace', 'Grace']]) await person(k!, n!);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('settings: rename live for members, a field error from the server, password, discoverable and invite-only', async () => {
    const { alice, bob } = people as Record<string, TestUser>;
    const roomId = await group(alice!, 'Book club', [bob!]);
    const b = await open(bob!, `/rooms/${roomId}`);
    await b.page.getByTestId('room-title').filter({ hasText: 'Book club' }).waitFor();
    const a = await open(alice!, `/rooms/${roomId}`);
    await a.page.getByRole('link', { name: 'Settings' }).click();
    await settingsOf(a.page).waitFor();
    await a.page.getByLabel('Name', { exact: true }).fill('Reading club');
    await a.page.getByLabel('Description').fill('Monthly reads');
    await a.page.getByLabel('Discoverable').check();
    await a.page.getByLabel(/Owner and admins invite people/).check();
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    await a.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await b.page.getByTestId('room-title').filter({ hasText: 'Reading club' }).waitFor();
    const r = await gql(alice!, `query($id: ID!) { room(id: $id) { name description discoverable addPolicy } }`, { id: roomId });
    expect(r.room).toEqual({ name: 'Reading club', description: 'Monthly reads', discoverable: true, addPolicy: 'INVITE' });

    // A public room's password: too short is the server's field error, shown under the field; then a good one.
    const pub = await gql(alice!, `mutation { createPublicRoom(input: { name: "lobby" }) { id } }`);
    await a.page.goto(`${base}/rooms/${pub.createPublicRoom.id}/settings`);
    await a.page.getByLabel('Set a password').fill('ab');
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    const error = a.page.locator('.field--error .field__error');
    await error.waitFor();
    expect(await a.page.getByLabel('Set a password').getAttribute('aria-invalid')).toBe('true');
    await snap(a.page, 'settings-password-error-1280x800');
    await a.page.getByLabel('Set a password').fill('open sesame');
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    await a.page.getByText('this room has one').waitFor();
    const p = await gql(bob!, `query($id: ID!) { room(id: $id) { hasPassword joinState } }`, { id: pub.createPublicRoom.id });
    expect(p.room).toEqual({ hasPassword: true, joinState: 'PASSWORD' });
    await a.context.close();
    await b.context.close();
  });

  test('members: role change, removal and a ban with its reason, then unban; the other admin’s screen follows', async () => {
    const { alice, bob, carol, dave } = people as Record<string, TestUser>;
    const roomId = await group(alice!, 'Crew', [bob!, carol!, dave!]);
    const b = await open(bob!, `/rooms/${roomId}`);
    const c = await open(carol!, `/rooms/${roomId}`);
    await c.page.getByTestId('room-title').filter({ hasText: 'Crew' }).waitFor();
    const a = await open(alice!, `/rooms/${roomId}/settings?tab=members`);
    await a.page.getByTestId('settings-member').nth(3).waitFor();

    await a.page.getByLabel('Role of Bob').selectOption('ADMIN');
    await a.page.getByTestId('settings-member').filter({ hasText: 'Bob' }).and(a.page.locator('[data-role="ADMIN"]')).waitFor();
    await b.page.getByRole('button', { name: 'Settings' }).or(b.page.getByRole('link', { name: 'Settings' })).waitFor();

    await a.page.getByRole('button', { name: 'Remove Carol' }).click();
    await a.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
    await c.page.getByRole('alert').filter({ hasText: /removed|no longer/i }).waitFor();
    await waitFor(async () => (await a.page.getByTestId('settings-member').count()) === 3, 'Carol gone from the list');

    await a.page.getByRole('button', { name: 'Ban Dave' }).click();
    await a.page.getByLabel(/Reason/).fill('Spamming links');
    await snap(a.page, 'settings-ban-dialog-1280x800');
    await a.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Ban' }).click();
    await waitFor(async () => (await a.page.getByTestId('settings-member').count()) === 2, 'Dave gone from the list');

    // Bob (an admin now) watches the bans; Alice unbans; Bob's list follows without a reload.
    await b.page.goto(`${base}/rooms/${roomId}/settings?tab=bans`);
    await b.page.getByTestId('ban').filter({ hasText: 'Dave' }).filter({ hasText: 'Spamming links' }).waitFor();
    await a.page.getByRole('link', { name: 'Bans' }).click();
    await a.page.getByTestId('ban').filter({ hasText: 'Dave' }).waitFor();
    await snap(a.page, 'settings-bans-1280x800');
    await a.page.getByRole('button', { name: 'Unban Dave' }).click();
    await a.page.getByText('Nobody is banned.').waitFor();
    // Live (RoomBanChanged on Bob's viewerEvents), not polled: the screen no longer reloads on a timer.
    await b.page.getByText('Nobody is banned.').waitFor();
    const again = await t.gql(`mutation($r: ID!, $u: [ID!]!) { addMembers(roomId: $r, userIds: $u) { memberCount } }`, { r: roomId, u: [dave!.id] }, alice!.accessToken);
    expect(again.errors).toBeUndefined();
    for (const s of [a, b, c]) await s.context.close();
  });

  test('invite links: create, copy, join through /invite/<code> after signing in, uses counted live, revoke', async () => {
    const { alice, erin, frank } = people as Record<string, TestUser>;
    const roomId = await group(alice!, 'Link club', []);
    const a = await open(alice!, `/rooms/${roomId}/settings?tab=links`, DESKTOP, { permissions: ['clipboard-read', 'clipboard-write'] });
    await a.page.getByLabel('Expires after').selectOption({ label: '1 day' });
    await a.page.getByLabel('Maximum uses').fill('0');
    await a.page.getByRole('button', { name: 'Create link' }).click();
    await a.page.locator('.field__error').filter({ hasText: 'whole number' }).waitFor();
    await a.page.getByLabel('Maximum uses').fill('2');
    await a.page.getByRole('button', { name: 'Create link' }).click();
    const item = a.page.getByTestId('invite-link').first();
    await item.filter({ hasText: '2 left' }).waitFor();
    await item.getByRole('button', { name: 'Copy link' }).click();
    await item.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await a.page.evaluate(() => (globalThis as any).navigator.clipboard.readText());
    expect(copied).toBe(await item.getByLabel('Invite link').inputValue());
    expect(copied).toMatch(new RegExp(`^${base}/invite/[^/]+$`));
    await snap(a.page, 'settings-links-1280x800');

    // Erin opens the link signed out: sign in first, then the invite page, then the room.
    const e = await newPage(browser, PHONE, 'erin');
    await e.page.goto(copied);
    await e.page.getByLabel('Username or email').fill(erin!.username);
    await e.page.getByLabel('Password').fill(erin!.password);
    await e.page.getByRole('button', { name: 'Sign in' }).click();
    await e.page.getByTestId('invite-page').waitFor();
    // The room behind the link shows before joining: its name and size, nothing else.
    await e.page.getByTestId('invite-room-name').filter({ hasText: 'Link club' }).waitFor();
    expect(await e.page.getByTestId('invite-room-facts').textContent()).toBe('Group · 1 member');
    await e.page.getByText('2 uses left').waitFor();
    await snap(e.page, `invite-page-${sizeName(PHONE)}`);
    await expectNoOverflow(e.page, 'invite page');
    await e.page.getByRole('button', { name: 'Join room' }).click();
    await e.page.getByTestId('room-title').filter({ hasText: 'Link club' }).waitFor();
    await item.filter({ hasText: '1 use, 1 left' }).waitFor();

    await item.getByRole('button', { name: 'Revoke' }).click();
    await a.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Revoke link' }).click();
    await a.page.getByText('No active links.').waitFor();
    const f = await open(frank!, new URL(copied).pathname);
    await f.page.getByRole('alert').filter({ hasText: 'does not exist, or it was revoked' }).waitFor();
    expect(await f.page.getByRole('button', { name: 'Join room' }).count()).toBe(0);
    await snap(f.page, 'invite-page-revoked-1280x800');
    for (const s of [a, e, f]) await s.context.close();
  });

  test('another admin’s screen follows new links, uses, invitations and a cancelled invitation live; the invitee’s sidebar too', async () => {
    const { alice, bob, carol, dave } = people as Record<string, TestUser>;
    const roomId = await group(alice!, 'Live lists', [bob!], { addPolicy: 'INVITE' });
    await gql(alice!, `mutation($r: ID!, $u: ID!, $role: MemberRole!) { setMemberRole(roomId: $r, userId: $u, role: $role) { id } }`, { r: roomId, u: bob!.id, role: 'ADMIN' });
    const b = await open(bob!, `/rooms/${roomId}/settings?tab=links`);
    await b.page.getByText('No active links.').waitFor();
    const { code } = (await gql(alice!, `mutation($r: ID!) { createInviteLink(roomId: $r, maxUses: 3) { code } }`, { r: roomId })).createInviteLink;
    const item = b.page.getByTestId('invite-link').and(b.page.locator(`[data-code="${code}"]`));
    await item.filter({ hasText: '0 uses, 3 left' }).waitFor();
    await gql(dave!, `mutation($c: String!) { joinByInvite(code: $c) { id } }`, { c: code });
    await item.filter({ hasText: '1 use, 2 left' }).waitFor();

    const c = await open(carol!, '/', PHONE);
    await b.page.getByRole('link', { name: 'Members' }).click();
    await b.page.getByRole('heading', { name: 'Invite people' }).waitFor();
    const inv = (await gql(alice!, `mutation($r: ID!, $u: ID!) { inviteToRoom(roomId: $r, userId: $u) { id } }`, { r: roomId, u: carol!.id })).inviteToRoom;
    const pending = b.page.getByTestId('pending-invitation').filter({ hasText: 'Carol' });
    await pending.waitFor();
    await c.page.getByTestId('inbox-invitation').filter({ hasText: 'Live lists' }).waitFor();
    await pending.scrollIntoViewIfNeeded();
    await snap(b.page, 'settings-pending-invitation-1280x800');
    await pending.getByRole('button', { name: 'Cancel the invitation of Carol' }).click();
    await b.page.getByRole('status').filter({ hasText: 'Cancelled the invitation of Carol.' }).waitFor();
    await pending.waitFor({ state: 'detached' });
    await c.page.getByTestId('inbox-invitation').filter({ hasText: 'Live lists' }).waitFor({ state: 'detached' });
    const after = await gql(carol!, `query { invitations { edges { node { id status } } } }`);
    expect(after.invitations.edges.map((e: any) => e.node.id)).not.toContain(inv.id);
    for (const s of [b, c]) await s.context.close();
  });

  test('a personal invitation arrives live in the sidebar and is accepted there', async () => {
    const { alice, frank } = people as Record<string, TestUser>;
    const roomId = await group(alice!, 'Invite only', [], { addPolicy: 'INVITE' });
    const f = await open(frank!, '/', PHONE);
    const a = await open(alice!, `/rooms/${roomId}/settings?tab=members`);
    await a.page.getByRole('heading', { name: 'Invite people' }).waitFor();
    await a.page.getByLabel('Search people').fill(frank!.username);
    await a.page.getByRole('button', { name: new RegExp(`Invite .*@${frank!.username}`) }).click();
    await a.page.getByRole('status').filter({ hasText: 'Invited Frank.' }).waitFor();
    await a.page.getByTestId('pending-invitation').filter({ hasText: 'Frank' }).waitFor();

    const invitation = f.page.getByTestId('inbox-invitation').filter({ hasText: 'Invite only' });
    await invitation.waitFor();
    await snap(f.page, `inbox-invitation-${sizeName(PHONE)}`);
    await expectNoOverflow(f.page, 'sidebar with an invitation');
    await invitation.getByRole('button', { name: /^Accept/ }).click();
    await f.page.getByTestId('room-title').filter({ hasText: 'Invite only' }).waitFor();
    await a.page.getByTestId('settings-member').filter({ hasText: 'Frank' }).waitFor();
    expect(await a.page.getByTestId('pending-invitation').count()).toBe(0);
    for (const s of [a, f]) await s.context.close();
  });

  test('a join request: asked from Browse, approved live from the owner’s sidebar, the room appears for the asker', async () => {
    const { alice, grace } = people as Record<string, TestUser>;
    await group(alice!, 'Findable folk', [], { discoverable: true });
    const a = await open(alice!, '/');
    const g = await open(grace!, '/');
    await g.page.getByRole('button', { name: 'Browse', exact: true }).click();
    await g.page.getByLabel('Search public rooms').fill('Findable');
    await g.page.getByRole('button', { name: 'Ask to join Findable folk' }).click();
    await g.page.getByRole('button', { name: 'Asked to join Findable folk' }).waitFor();
    await g.page.keyboard.press('Escape');

    const request = a.page.getByTestId('inbox-join-request').filter({ hasText: 'Grace' });
    await request.waitFor();
    await snap(a.page, 'inbox-join-request-1280x800');
    await request.getByRole('button', { name: /^Approve/ }).click();
    await request.waitFor({ state: 'detached' });
    await g.page.getByTestId('room-item').filter({ hasText: 'Findable folk' }).waitFor();
    await g.page.getByTestId('toast').filter({ hasText: 'Findable folk' }).waitFor();
    for (const s of [a, g]) await s.context.close();
  });

  for (const viewport of [PHONE, DESKTOP] as Viewport[]) {
    test(`every settings tab fits at ${sizeName(viewport)}`, async () => {
      const { alice, bob, carol, grace } = people as Record<string, TestUser>;
      const roomId = await group(alice!, 'Layout check with a rather long group name', [bob!, carol!], { discoverable: true });
      await gql(alice!, `mutation($r: ID!, $u: ID!) { inviteToRoom(roomId: $r, userId: $u) { id } }`, { r: roomId, u: grace!.id });
      await gql(alice!, `mutation($r: ID!) { createInviteLink(roomId: $r, maxUses: 5, expiresInHours: 24) { code } }`, { r: roomId });
      await gql(alice!, `mutation($r: ID!, $u: ID!) { banFromRoom(roomId: $r, userId: $u, reason: "Off-topic posting, again and again") { id } }`, { r: roomId, u: carol!.id });
      const a = await open(alice!, `/rooms/${roomId}`, viewport);
      // The room's header, with its Settings button, as the owner sees it.
      await a.page.getByRole('link', { name: 'Settings', exact: true }).waitFor();
      await snap(a.page, `room-header-owner-${sizeName(viewport)}`);
      if (viewport.width < 800) await expectNoOverflow(a.page, 'room header with Settings');
      for (const tab of ['general', 'members', 'links', 'bans']) {
        await a.page.goto(`${base}/rooms/${roomId}/settings?tab=${tab}`);
        await settingsOf(a.page).waitFor();
        if (tab === 'links') await a.page.getByTestId('invite-link').first().waitFor();
        if (tab === 'bans') await a.page.getByTestId('ban').first().waitFor();
        if (tab === 'members') await a.page.getByTestId('settings-member').nth(1).waitFor();
        await snap(a.page, `settings-${tab}-${sizeName(viewport)}`);
        if (viewport.width < 800) await expectNoOverflow(a.page, `settings ${tab}`);
        if (tab === 'members') {
          const pending = a.page.getByTestId('pending-invitation').filter({ hasText: 'Grace' });
          await pending.getByRole('button', { name: 'Cancel the invitation of Grace' }).scrollIntoViewIfNeeded();
          await snap(a.page, `settings-members-pending-${sizeName(viewport)}`);
        }
      }
      await a.context.close();
    });
  }
});
