import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to `text`, when the message has one. */
  html?: string;
  /** Machine-readable facts for tests and templates (e.g. the reset token); never logged. */
  data?: Record<string, string>;
}

/**
 * Delivers mail. `send` never fails the caller's request: a transport that can fail (SMTP) hands the message to its
 * own delivery and logs the outcome, so the request answers the same whether or not mail got through.
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Waits (briefly) for deliveries in flight, then releases the transport. */
  close?(): Promise<void>;
}

/** The mailer the configuration asks for: SMTP when SMTP_URL is set, else the log mailer (with a warning in production). */
export function createMailer(config: Config, logger: Logger): Mailer {
  if (config.mail.smtpUrl) return new SmtpMailer(config.mail.smtpUrl, config.mail.from, config.mail.timeoutMs, logger);
  if (config.isProduction) {
    logger.warn('SMTP_URL is not set: password-reset mail cannot be delivered (requestPasswordReset still answers true). Set SMTP_URL and MAIL_FROM.');
  }
  return new LogMailer(logger, config.isProduction);
}

/**
 * SMTP through nodemailer (`smtp://user:pass@host:587` with STARTTLS when offered, `smtps://...` for TLS). `send`
 * starts the delivery and returns at once: a slow or failing mail server neither delays nor fails the request (and
 * the answer's timing does not tell whether the address has an account). Every step has a timeout; failures are
 * logged without the message body, which may hold a token.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs: number,
    private readonly logger: Logger,
  ) {
    this.transport = nodemailer.createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  }

  async send(message: MailMessage): Promise<void> {
    const delivery = this.transport
      .sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text, html: message.html })
      .then(
        (info) => this.logger.info({ mail: { subject: message.subject, messageId: info.messageId } }, 'mail sent'),
        (err: Error & { code?: string }) => this.logger.error({ mail: { subject: message.subject }, err: { message: err.message, code: err.code } }, 'mail delivery failed'),
      )
      .finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    this.transport.close();
  }
}

/**
 * The default mailer: outside production the log is the mail channel, so it writes the message body
 * (which carries the reset link) to the log under `mail`. In production it never writes a body,
 * because the log is not a mailbox and a reset token in a log is a stolen account; it warns that
 * no transport is configured instead.
 */
export class LogMailer implements Mailer {
  constructor(
    private readonly logger: Logger,
    private readonly isProduction: boolean,
  ) {}

  async send(message: MailMessage): Promise<void> {
    if (this.isProduction) {
      this.logger.warn({ mail: { subject: message.subject } }, 'no mail transport configured: message not delivered');
      return;
    }
    this.logger.info({ mail: { to: message.to, subject: message.subject, text: message.text } }, 'mail (development log mailer)');
  }
}

/** Keeps messages in memory; the test harness reads `outbox`. */
export class MemoryMailer implements Mailer {
  readonly outbox: MailMessage[] = [];
  async send(message: MailMessage): Promise<void> {
    this.outbox.push(message);
  }
}
