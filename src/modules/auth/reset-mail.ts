import type { MailMessage } from '../../mailer.js';

/** The password-reset mail: a link to the web app's reset page when APP_URL is known, the bare token otherwise. */
export function resetMail(options: { to: string; username: string; token: string; userId: string; ttlSeconds: number; appUrl?: string }): MailMessage {
  const { to, username, token, userId, ttlSeconds, appUrl } = options;
  const within = ttlSeconds % 3600 === 0 ? `${ttlSeconds / 3600} hour${ttlSeconds === 3600 ? '' : 's'}` : `${Math.ceil(ttlSeconds / 60)} minutes`;
  const link = appUrl ? `${appUrl}/reset-password?token=${encodeURIComponent(token)}` : undefined;
  const subject = 'Reset your Parley password';
  const ignore = 'If it was not you, ignore this message: your password stays as it is.';
  const text = link
    ? `Someone asked to reset the password of ${username}.\n\nChoose a new password here within ${within}:\n${link}\n\n${ignore}\n`
    : `Someone asked to reset the password of ${username}. Use this token within ${within}: ${token}\n${ignore}\n`;
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = link
    ? `<p>Someone asked to reset the password of <b>${esc(username)}</b>.</p>` +
      `<p><a href="${esc(link)}">Choose a new password</a> within ${within}.</p>` +
      `<p>If the link does not open, copy this address into your browser:<br>${esc(link)}</p><p>${esc(ignore)}</p>`
    : `<p>Someone asked to reset the password of <b>${esc(username)}</b>. Use this token within ${within}:</p>` +
      `<p><code>${esc(token)}</code></p><p>${esc(ignore)}</p>`;
  return { to, subject, text, html, data: { kind: 'password-reset', token, userId, ...(link ? { link } : {}) } };
}
