import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type DatabaseKind = 'sqlite' | 'postgresql';

/** Everything Parley reads from the environment, validated once at start. */
export interface Config {
  nodeEnv: string;
  isProduction: boolean;
  port: number;
  host: string;
  database: { kind: DatabaseKind; url?: string; sqlitePath?: string; debugSql: boolean };
  redisUrl?: string;
  /** Prefix for every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  /** How long a Redis command on a request path may take before the caller degrades (memory rate limits, outbox). */
  redisCommandTimeoutMs: number;
  /** How often each instance re-checks its sockets' sessions, bans and memberships against the database. */
  revocationSweepMs: number;
  /** On SIGTERM: how long requests already received may take to be answered before connections are closed. */
  shutdownDrainMs: number;
  jwtSecret: string;
  jwtSecretGenerated: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  passwordResetTtlSeconds: number;
  corsOrigins: string[];
  logLevel: string;
  introspection: boolean;
  sandbox: boolean;
  profanityFilter: boolean;
  profanityExtraWords: string[];
  /** PostgreSQL text search configuration for message search (SEARCH_LANGUAGE, default simple). */
  searchLanguage: string;
  resyncBound: number;
  /** A connection counts for presence this long without a heartbeat (Redis mode): a crashed instance's users go offline after it. */
  presenceTtlSeconds: number;
  realtime: {
    /** A subscription event's execution that takes longer becomes a masked error for that event; its lane moves on. */
    executionTimeoutMs: number;
    /** A socket with more unsent bytes than this leaves the shared broadcast for its own paced stream until it drains. */
    maxBufferedBytes: number;
  };
  limits: { maxDepth: number; maxAliases: number; maxCost: number; maxTokens: number; maxComplexity: number };
  argon2: { memoryCost: number; timeCost: number; parallelism: number; concurrency: number; rest: number };
  rateLimits: { loginPerMinute: number; sendPerMinute: number; roomsPerMinute: number; addMembersPerMinute: number; editsPerMinute: number; reactionsPerMinute: number };
  webDist: string;
  serveWeb: boolean;
  uploads: UploadConfig;
  /** Outgoing mail: SMTP when smtpUrl is set (else the log mailer); appUrl is the web app's public URL for links. */
  mail: { smtpUrl?: string; from: string; appUrl?: string; timeoutMs: number };
  /** Prometheus metrics at /metrics (off by default), behind a bearer token when one is set. */
  metrics: { enabled: boolean; token?: string };
  /** The bundled GraphiQL explorer at /graphiql: on in development, off in production (like Sandbox). */
  graphiql: boolean;
}

/** Files (src/modules/uploads): where they live and what a user may send. */
export interface UploadConfig {
  maxBytes: number;
  allowedTypes: string[];
  dir: string;
  s3?: { bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
  perMinute: number;
  /** Bytes one user may upload per 24 hours. */
  quotaBytes: number;
  /** Signed file URLs live at least this long (and up to 5 minutes more, so URLs repeat and browsers cache them). */
  urlTtlSeconds: number;
  /** Uploads not attached to a message within this long are deleted by the sweep. */
  unattachedTtlSeconds: number;
  sweepIntervalSeconds: number;
}

/** What an upload may be, detected from its bytes. */
export const DEFAULT_UPLOAD_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/zip',
  'text/plain',
  'video/mp4',
  'video/webm',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
];

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** A PostgreSQL text search configuration name (simple, english, german...): a plain identifier. */
export function searchLanguage(value: string | undefined, problems: string[] = []): string {
  if (value === undefined || value === '') return 'simple';
  if (/^[a-z_]{1,63}$/.test(value)) return value;
  problems.push(`SEARCH_LANGUAGE must be a text search configuration name such as simple or english (got "${value}")`);
  return 'simple';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function bool(value: string | undefined, name: string, fallback: boolean, problems: string[]): boolean {
  if (value === undefined || value === '') return fallback;
  const v = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return fallback;
}

function int(value: string | undefined, name: string, fallback: number, problems: string[], min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
    return fallback;
  }
  return n;
}

function num(value: string | undefined, name: string, fallback: number, problems: string[], min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    problems.push(`${name} must be a number from ${min} to ${max} (got "${value}")`);
    return fallback;
  }
  return n;
}

function url(value: string | undefined, name: string, protocols: string[], example: string, problems: string[]): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    if (protocols.includes(new URL(value).protocol)) return value;
  } catch {
    // reported below
  }
  problems.push(`${name} must be a URL like ${example}`);
  return undefined;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Reads and validates configuration. Throws a ConfigError listing every problem at once,
 * so an operator fixes them in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV || 'development';
  const isProduction = nodeEnv === 'production';

  const port = int(env.PORT, 'PORT', 4000, problems, 0, 65535);

  let database: Config['database'];
  const debugSql = bool(env.DEBUG_SQL, 'DEBUG_SQL', false, problems);
  if (env.DATABASE_URL) {
    let url: URL | undefined;
    try {
      url = new URL(env.DATABASE_URL);
    } catch {
      problems.push('DATABASE_URL is not a valid URL (expected postgres://user:pass@host:5432/db or sqlite:./data/file.db)');
    }
    if (url && (url.protocol === 'postgres:' || url.protocol === 'postgresql:')) {
      if (!url.pathname || url.pathname === '/') problems.push('DATABASE_URL must name a database, e.g. postgres://localhost:5432/parley');
      database = { kind: 'postgresql', url: env.DATABASE_URL, debugSql };
    } else if (url && url.protocol === 'sqlite:') {
      const file = env.DATABASE_URL.slice('sqlite:'.length).replace(/^\/\//, '');
      database = { kind: 'sqlite', sqlitePath: file === ':memory:' ? file : path.resolve(file), debugSql };
    } else {
      if (url) problems.push(`DATABASE_URL protocol "${url.protocol}" is not supported (use postgres:// or sqlite:)`);
      database = { kind: 'sqlite', sqlitePath: path.resolve('data/parley.db'), debugSql };
    }
  } else {
    database = { kind: 'sqlite', sqlitePath: path.resolve('data/parley.db'), debugSql };
  }

  let redisUrl: string | undefined;
  if (env.REDIS_URL) {
    try {
      const u = new URL(env.REDIS_URL);
      if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') problems.push('REDIS_URL must start with redis:// or rediss://');
      redisUrl = env.REDIS_URL;
    } catch {
      problems.push('REDIS_URL is not a valid URL (expected redis://host:6379)');
    }
  }

  let jwtSecret = env.JWT_SECRET ?? '';
  let jwtSecretGenerated = false;
  if (!jwtSecret) {
    if (isProduction) problems.push('JWT_SECRET is required when NODE_ENV=production (at least 32 characters; e.g. `openssl rand -base64 48`)');
    jwtSecret = randomBytes(48).toString('base64');
    jwtSecretGenerated = true;
  } else if (jwtSecret.length < 32 || new Set(jwtSecret).size < 10) {
    if (isProduction) problems.push('JWT_SECRET is too weak: use at least 32 random characters (e.g. `openssl rand -base64 48`)');
  }

  const logLevel = (env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info')).toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);

  const corsOrigins = list(env.CORS_ORIGINS);
  for (const o of corsOrigins) {
    if (o === '*') continue;
    try {
      new URL(o);
    } catch {
      problems.push(`CORS_ORIGINS entry "${o}" is not an origin like https://chat.example.com`);
    }
  }

  const config: Config = {
    nodeEnv,
    isProduction,
    port,
    host: env.HOST || '0.0.0.0',
    database,
    redisUrl,
    redisPrefix: env.REDIS_PREFIX || 'parley:',
    shutdownDrainMs: int(env.SHUTDOWN_DRAIN_MS, 'SHUTDOWN_DRAIN_MS', 10_000, problems, 0, 60_000),
    revocationSweepMs: int(env.REVOCATION_SWEEP_MS, 'REVOCATION_SWEEP_MS', 5000, problems, 100, 600_000),
    redisCommandTimeoutMs: int(env.REDIS_COMMAND_TIMEOUT_MS, 'REDIS_COMMAND_TIMEOUT_MS', 500, problems, 50, 10_000),
    jwtSecret,
    jwtSecretGenerated,
    accessTokenTtlSeconds: int(env.ACCESS_TOKEN_TTL_SECONDS, 'ACCESS_TOKEN_TTL_SECONDS', 30 * 60, problems, 1, 24 * 3600),
    refreshTokenTtlSeconds: int(env.REFRESH_TOKEN_TTL_SECONDS, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, problems, 60),
    passwordResetTtlSeconds: int(env.PASSWORD_RESET_TTL_SECONDS, 'PASSWORD_RESET_TTL_SECONDS', 3600, problems, 1, 24 * 3600),
    corsOrigins,
    logLevel,
    introspection: bool(env.GRAPHQL_INTROSPECTION, 'GRAPHQL_INTROSPECTION', !isProduction, problems),
    sandbox: bool(env.GRAPHQL_SANDBOX, 'GRAPHQL_SANDBOX', !isProduction, problems),
    profanityFilter: bool(env.PROFANITY_FILTER, 'PROFANITY_FILTER', true, problems),
    profanityExtraWords: list(env.PROFANITY_WORDS),
    searchLanguage: searchLanguage(env.SEARCH_LANGUAGE, problems),
    limits: {
      maxDepth: int(env.GRAPHQL_MAX_DEPTH, 'GRAPHQL_MAX_DEPTH', 12, problems, 1, 100),
      maxAliases: int(env.GRAPHQL_MAX_ALIASES, 'GRAPHQL_MAX_ALIASES', 15, problems, 0, 1000),
      maxCost: int(env.GRAPHQL_MAX_COST, 'GRAPHQL_MAX_COST', 100000, problems, 1),
      maxTokens: int(env.GRAPHQL_MAX_TOKENS, 'GRAPHQL_MAX_TOKENS', 3000, problems, 10),
      maxComplexity: int(env.GRAPHQL_MAX_COMPLEXITY, 'GRAPHQL_MAX_COMPLEXITY', 25000, problems, 1),
    },
    resyncBound: int(env.RESYNC_BOUND, 'RESYNC_BOUND', 500, problems, 1, 100000),
    presenceTtlSeconds: int(env.PRESENCE_TTL_SECONDS, 'PRESENCE_TTL_SECONDS', 45, problems, 2, 600),
    realtime: {
      executionTimeoutMs: int(env.REALTIME_EXECUTION_TIMEOUT_MS, 'REALTIME_EXECUTION_TIMEOUT_MS', 10000, problems, 10, 600000),
      maxBufferedBytes: int(env.REALTIME_MAX_BUFFERED_BYTES, 'REALTIME_MAX_BUFFERED_BYTES', 1024 * 1024, problems, 1024),
    },
    argon2: {
      // OWASP minimum for argon2id: m=19 MiB, t=2, p=1. We never go below it.
      memoryCost: int(env.ARGON2_MEMORY_KIB, 'ARGON2_MEMORY_KIB', 19456, problems, 19456, 1024 * 1024),
      timeCost: int(env.ARGON2_ITERATIONS, 'ARGON2_ITERATIONS', 2, problems, 2, 20),
      parallelism: 1,
      // At most this many hashes at once, and a rest after each queued one (a fraction of its time), so a login
      // burst leaves CPU for message delivery.
      concurrency: int(env.ARGON2_CONCURRENCY, 'ARGON2_CONCURRENCY', 1, problems, 1, 64),
      rest: num(env.ARGON2_REST, 'ARGON2_REST', 0.5, problems, 0, 10),
    },
    rateLimits: {
      loginPerMinute: int(env.RATE_LIMIT_LOGIN_PER_MINUTE, 'RATE_LIMIT_LOGIN_PER_MINUTE', 20, problems, 0),
      sendPerMinute: int(env.RATE_LIMIT_SEND_PER_MINUTE, 'RATE_LIMIT_SEND_PER_MINUTE', 600, problems, 0),
      // Room creation (direct, group, public), addMembers calls, message edits and reaction changes, per user.
      roomsPerMinute: int(env.RATE_LIMIT_ROOMS_PER_MINUTE, 'RATE_LIMIT_ROOMS_PER_MINUTE', 20, problems, 0),
      addMembersPerMinute: int(env.RATE_LIMIT_ADD_MEMBERS_PER_MINUTE, 'RATE_LIMIT_ADD_MEMBERS_PER_MINUTE', 60, problems, 0),
      editsPerMinute: int(env.RATE_LIMIT_EDITS_PER_MINUTE, 'RATE_LIMIT_EDITS_PER_MINUTE', 60, problems, 0),
      reactionsPerMinute: int(env.RATE_LIMIT_REACTIONS_PER_MINUTE, 'RATE_LIMIT_REACTIONS_PER_MINUTE', 120, problems, 0),
    },
    webDist: path.resolve(env.WEB_DIST || 'web/dist'),
    serveWeb: bool(env.SERVE_WEB, 'SERVE_WEB', true, problems),
    uploads: uploadConfig(env, problems),
    mail: {
      smtpUrl: url(env.SMTP_URL, 'SMTP_URL', ['smtp:', 'smtps:'], 'smtp://user:pass@mail.example.com:587', problems),
      from: env.MAIL_FROM || 'Parley <no-reply@localhost>',
      appUrl: url(env.APP_URL, 'APP_URL', ['http:', 'https:'], 'https://chat.example.com', problems)?.replace(/\/+$/, ''),
      timeoutMs: int(env.SMTP_TIMEOUT_MS, 'SMTP_TIMEOUT_MS', 10_000, problems, 100, 120_000),
    },
    metrics: { enabled: bool(env.METRICS_ENABLED, 'METRICS_ENABLED', false, problems), token: env.METRICS_TOKEN || undefined },
    graphiql: bool(env.GRAPHIQL, 'GRAPHIQL', !isProduction, problems),
  };

  if (problems.length) throw new ConfigError(problems);
  return config;
}

function uploadConfig(env: NodeJS.ProcessEnv, problems: string[]): UploadConfig {
  const allowedTypes = env.UPLOAD_ALLOWED_TYPES ? list(env.UPLOAD_ALLOWED_TYPES).map((t) => t.toLowerCase()) : DEFAULT_UPLOAD_TYPES;
  for (const t of allowedTypes) if (!DEFAULT_UPLOAD_TYPES.includes(t)) problems.push(`UPLOAD_ALLOWED_TYPES entry "${t}" is not a type Parley detects (${DEFAULT_UPLOAD_TYPES.join(', ')})`);
  let s3: UploadConfig['s3'];
  if (env.S3_BUCKET) {
    if (env.S3_ENDPOINT) {
      try {
        new URL(env.S3_ENDPOINT);
      } catch {
        problems.push('S3_ENDPOINT is not a URL (e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000)');
      }
    }
    if (!!env.S3_ACCESS_KEY_ID !== !!env.S3_SECRET_ACCESS_KEY) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or leave both out to use the default AWS credential chain)');
    s3 = {
      bucket: env.S3_BUCKET,
      endpoint: env.S3_ENDPOINT || undefined,
      region: env.S3_REGION || 'us-east-1',
      accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
      forcePathStyle: bool(env.S3_FORCE_PATH_STYLE, 'S3_FORCE_PATH_STYLE', false, problems),
    };
  }
  return {
    maxBytes: int(env.UPLOAD_MAX_BYTES, 'UPLOAD_MAX_BYTES', 25 * 1024 * 1024, problems, 1, 2 * 1024 * 1024 * 1024),
    allowedTypes,
    dir: path.resolve(env.UPLOAD_DIR || 'data/uploads'),
    s3,
    perMinute: int(env.UPLOAD_RATE_PER_MINUTE, 'UPLOAD_RATE_PER_MINUTE', 30, problems, 0),
    quotaBytes: int(env.UPLOAD_QUOTA_BYTES_PER_DAY, 'UPLOAD_QUOTA_BYTES_PER_DAY', 1024 * 1024 * 1024, problems, 0),
    urlTtlSeconds: int(env.FILE_URL_TTL_SECONDS, 'FILE_URL_TTL_SECONDS', 15 * 60, problems, 1, 7 * 24 * 3600),
    unattachedTtlSeconds: int(env.UPLOAD_UNATTACHED_TTL_SECONDS, 'UPLOAD_UNATTACHED_TTL_SECONDS', 24 * 3600, problems, 1),
    sweepIntervalSeconds: int(env.UPLOAD_SWEEP_INTERVAL_SECONDS, 'UPLOAD_SWEEP_INTERVAL_SECONDS', 3600, problems, 1),
  };
}
