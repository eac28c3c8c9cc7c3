import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { register, startServer, waitFor, type TestServer } from './harness';
import { freePort } from './redis-control';

/** Password-reset mail through a real SMTP server (smtp-server, on a free port), and the link in it followed. */

interface Received {
  from: string;
  to: string[];
  user?: string;
  raw: string;
}

async function startSmtp(options: { user: string; pass: string }) {
  const inbox: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === options.user && auth.password === options.pass) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { inbox, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The decoded body of the message's part with this content type (quoted-printable or base64, as nodemailer chose). */
function part(raw: string, contentType: string): string {
  const sections = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const s of sections) {
    const split = s.search(/\r?\n\r?\n/);
    const headers = s.slice(0, split).toLowerCase();
    if (!headers.includes(`content-type: ${contentType}`)) continue;
    let body = s.slice(split).trim();
    body = body.replace(/\r?\n--[^\r\n]*--\s*$/, '');
    if (headers.includes('content-transfer-encoding: base64')) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (headers.includes('content-transfer-encoding: quoted-printable')) {
      const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    return body;
  }
  throw new Error(`no ${contentType} part in:\n${raw}`);
}

const RESET = 'mutation($email: String!) { requestPasswordReset(email: $email) }';

describe('password-reset mail over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestServer;
  let webDist: string;
  let appUrl: string;

  beforeAll(async () => {
    smtp = await startSmtp({ user: 'parley', pass: 's3cret pass' });
    // A stand-in web build, so the link can be followed to the page the server serves for it.
    webDist = mkdtempSync(path.join(os.tmpdir(), 'parley-mail-web-'));
    writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Parley</title><div id="root" data-test="web-app"></div>');
    // APP_URL must name the server's own address, so the port is chosen before it starts; another process can take
    // that port between the choice and the listen (EADDRINUSE): then another port.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      appUrl = `http://127.0.0.1:${port}`;
      try {
        t = await startServer({
          configuredMailer: true,
          env: {
            PORT: String(port),
            SMTP_URL: `smtp://parley:${encodeURIComponent('s3cret pass')}@127.0.0.1:${smtp.port}`,
            MAIL_FROM: 'Parley <no-reply@parley.test>',
            APP_URL: `${appUrl}/`,
            SERVE_WEB: 'true',
            WEB_DIST: webDist,
          },
        });
        break;
      } catch (err) {
        if (attempt >= 5 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      }
    }
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.close();
    rmSync(webDist, { recursive: true, force: true });
  });

  test('the mail reaches the SMTP server with a link to the reset page; following it resets the password', async () => {
    const user = await register(t, 'mailer');
    const before = smtp.inbox.length;
    const r = await t.gql(RESET, { email: user.email });
    expect(r.errors).toBeUndefined();
    expect(r.data.requestPasswordReset).toBe(true);
    await waitFor(() => smtp.inbox.length > before, 'the reset mail at the SMTP server', 30_000);
    const mail = smtp.inbox[smtp.inbox.length - 1]!;
    expect(mail.user).toBe('parley'); // authenticated with the credentials from SMTP_URL
    expect(mail.from).toBe('no-reply@parley.test');
    expect(mail.to).toEqual([user.email]);
    expect(mail.raw).toMatch(/^Subject: Reset your Parley password/m);

    const text = part(mail.raw, 'text/plain');
    const html = part(mail.raw, 'text/html');
    const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(text)?.[1];
    expect(link).toBeDefined();
    expect(link!.startsWith(`${appUrl}/reset-password?token=`)).toBe(true); // APP_URL's trailing slash dropped
    expect(html).toContain(`href="${link!.replace(/&/g, '&#38;')}"`);
    expect(text).toContain(user.username);

    // Following the link opens the web app's reset page...
    const page = await fetch(link!, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-test="web-app"');
    // ...whose form sends the token from the link with the new password.
    const token = new URL(link!).searchParams.get('token')!;
    const reset = await t.gql('mutation($token: String!, $p: String!) { resetPassword(token: $token, newPassword: $p) }', { token, p: 'a brand new password' });
    expect(reset.errors).toBeUndefined();
    const login = await t.gql('mutation($input: LoginInput!) { login(input: $input) { user { id } } }', { input: { username: user.username, password: 'a brand new password' } });
    expect(login.data?.login.user.id).toBe(user.id);
    const old = await t.gql('mutation($input: LoginInput!) { login(input: $input) { user { id } } }', { input: { username: user.username, password: user.password } });
    expect(old.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The token never reaches the log (the access log of the link's request shows it redacted).
    expect(t.logs.join('\n')).not.toContain(token);
    expect(t.logs.some((l) => l.includes('/reset-password?token=[redacted]'))).toBe(true);
  });

  test('an unknown address gets the same answer and no mail', async () => {
    const known = await register(t, 'known');
    const before = smtp.inbox.length;
    const r = await t.gql(RESET, { email: 'nobody-here@example.com' });
    expect(r.data.requestPasswordReset).toBe(true);
    // A later mail for a real account arrives alone: nothing was sent for the unknown address.
    await t.gql(RESET, { email: known.email });
    await waitFor(() => smtp.inbox.length > before, 'the second mail', 30_000);
    expect(smtp.inbox.slice(before).map((m) => m.to[0])).toEqual([known.email]);
  });
});

describe('mail that cannot be delivered', () => {
  test('a dead SMTP server fails neither the request nor the server, and the failure is logged without the token', async () => {
    const deadPort = await freePort(); // nothing listens there
    const t = await startServer({ configuredMailer: true, env: { SMTP_URL: `smtp://127.0.0.1:${deadPort}`, SMTP_TIMEOUT_MS: '2000', APP_URL: 'https://chat.example.test' } });
    try {
      const user = await register(t, 'nomail');
      const r = await t.gql(RESET, { email: user.email });
      expect(r.errors).toBeUndefined();
      expect(r.data.requestPasswordReset).toBe(true);
      const line = await waitFor(() => t.logs.find((l) => l.includes('mail delivery failed')), 'the delivery failure in the log', 30_000);
      expect(line).not.toContain('reset-password?token=');
      expect((await t.gql('{ __typename }')).data.__typename).toBe('Query');
    } finally {
      await t.stop();
    }
  });

  test('NODE_ENV=production without SMTP_URL starts with a warning and requestPasswordReset answers as before', async () => {
    const t = await startServer({ configuredMailer: true, env: { NODE_ENV: 'production', LOG_LEVEL: 'info' } });
    try {
      expect(t.logs.some((l) => l.includes('SMTP_URL is not set'))).toBe(true);
      const user = await register(t, 'prodmail');
      const r = await t.gql(RESET, { email: user.email });
      expect(r.errors).toBeUndefined();
      expect(r.data.requestPasswordReset).toBe(true);
      expect(t.logs.join('\n')).not.toMatch(/token=|Use this token/);
    } finally {
      await t.stop();
    }
  });

  test('a bad SMTP_URL or APP_URL refuses to start, naming the variable and not echoing the value', async () => {
    const { loadConfig, ConfigError } = await import('../src/config.js');
    let err: unknown;
    try {
      loadConfig({ SMTP_URL: 'http://user:hunter2@mail', APP_URL: 'not a url' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toMatch(/SMTP_URL must be a URL/);
    expect(String((err as Error).message)).toMatch(/APP_URL must be a URL/);
    expect(String((err as Error).message)).not.toContain('hunter2');
  });
});
