import type { Logger } from './logger.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Machine-readable facts for tests and templates (e.g. the reset token); never logged. */
  data?: Record<string, string>;
}

/** Delivers mail. Production deployments plug a real transport in here. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
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
