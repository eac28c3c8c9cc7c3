/** Passwords: changePassword, reset by an emailed single-use token, and deleteAccount (which asks for the password). */
import { PasswordReset } from '../src/modules/auth/password-reset.entity.js';
import { code, field, register, type TestServer } from './harness.js';
import { LOGIN, ME, REGISTER, useAuthFixture } from './auth-helpers.js';

let t: TestServer;
const { secrets, track, auditActions, expectNoSecretsInLogs } = useAuthFixture((server) => (t = server));

describe('passwords', () => {
  it('changes the password, ends the other sessions, and keeps this one', async () => {
    const u = track(await register(t));
    const other = track((await t.gql(LOGIN, { input: { email: u.email, password: u.password } })).data.login);
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
    const wrong = await t.gql(CHANGE, { c: 'not it at all', n: 'brand new password' }, u.accessToken);
    expect(field(wrong)).toBe('currentPassword');
    const short = await t.gql(CHANGE, { c: u.password, n: 'short' }, u.accessToken);
    expect(field(short)).toBe('newPassword');
    expect((await t.gql(CHANGE, { c: u.password, n: 'brand new password' }, u.accessToken)).data.changePassword).toBe(true);
    expect((await t.gql(ME, {}, u.accessToken)).data.me.id).toBe(u.id);
    expect(code(await t.gql(ME, {}, other.accessToken))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(LOGIN, { input: { email: u.email, password: u.password } }))).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOGIN, { input: { email: u.email, password: 'brand new password' } })).data.login.user.id).toBe(u.id);
    expect(await auditActions(u.id)).toContain('PASSWORD_CHANGED');
    secrets.push('brand new password');
  });

  it('resets a password with a single-use emailed token, ending every session', async () => {
    const u = track(await register(t));
    const before = t.mailer.outbox.length;
    const REQ = `mutation($e: String!) { requestPasswordReset(email: $e) }`;
    expect((await t.gql(REQ, { e: 'nobody-here@example.com' })).data.requestPasswordReset).toBe(true);
    expect(t.mailer.outbox.length).toBe(before);
    expect((await t.gql(REQ, { e: u.email.toUpperCase() })).data.requestPasswordReset).toBe(true);
    const mail = t.mailer.outbox[t.mailer.outbox.length - 1];
    expect(mail.to).toBe(u.email);
    const token = mail.data!.token;
    secrets.push(token);
    expect(mail.text).toContain(token);

    const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;
    expect(field(await t.gql(RESET, { t: token, p: 'short' }))).toBe('newPassword');
    expect(field(await t.gql(RESET, { t: 'x'.repeat(43), p: 'reset password 1' }))).toBe('token');
    expect((await t.gql(RESET, { t: token, p: 'reset password 1' })).data.resetPassword).toBe(true);
    expect(code(await t.gql(ME, {}, u.accessToken))).toBe('UNAUTHENTICATED');
    const reuse = await t.gql(RESET, { t: token, p: 'reset password 2' });
    expect(code(reuse)).toBe('BAD_USER_INPUT');
    expect(field(reuse)).toBe('token');
    expect((await t.gql(LOGIN, { input: { email: u.email, password: 'reset password 1' } })).data.login.user.id).toBe(u.id);
    expect(await auditActions(u.id)).toEqual(expect.arrayContaining(['PASSWORD_RESET_REQUESTED', 'PASSWORD_RESET']));
    secrets.push('reset password 1');
  });

  it('refuses an expired reset token', async () => {
    const u = track(await register(t));
    await t.gql(`mutation($e: String!) { requestPasswordReset(email: $e) }`, { e: u.email });
    const token = t.mailer.outbox[t.mailer.outbox.length - 1].data!.token;
    secrets.push(token);
    await t.server.app.orm.em.fork().nativeUpdate(PasswordReset, { user: u.id }, { expiresAt: new Date(Date.now() - 1000) });
    const r = await t.gql(`mutation($t: String!) { resetPassword(token: $t, newPassword: "whatever123") }`, { t: token });
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(field(r)).toBe('token');
  });
});

describe('deleteAccount', () => {
  it('needs the password, then ends sessions and removes the account', async () => {
    const u = track(await register(t));
    const DEL = `mutation($p: String!) { deleteAccount(password: $p) }`;
    expect(field(await t.gql(DEL, { p: 'wrong password' }, u.accessToken))).toBe('password');
    expect(code(await t.gql(DEL, { p: u.password }))).toBe('UNAUTHENTICATED');
    expect((await t.gql(DEL, { p: u.password }, u.accessToken)).data.deleteAccount).toBe(true);
    expect(code(await t.gql(ME, {}, u.accessToken))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(LOGIN, { input: { email: u.email, password: u.password } }))).toBe('UNAUTHENTICATED');
    const again = await t.gql(REGISTER, { input: { email: u.email, username: u.username, password: 'password123' } });
    expect(again.errors).toBeUndefined();
  });
});

describe('logs', () => {
  it('never contain passwords, tokens or hashes', () => expectNoSecretsInLogs());
});
