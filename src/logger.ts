import pino from 'pino';

/**
 * Structured JSON logs. Anything that looks like a secret is redacted by key, wherever it sits,
 * so a careless `log.info({ input })` cannot leak a password or a token.
 */
export const REDACT_PATHS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'refreshTokenHash',
  'tokenHash',
  'authorization',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.refreshTokenHash',
  '*.tokenHash',
  '*.authorization',
  'req.headers.authorization',
  'variables.*.password',
  'variables.*.newPassword',
  'variables.*.token',
  'variables.*.refreshToken',
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'parley' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
