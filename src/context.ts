import type { EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Infrastructure, Services } from './app/container.js';
import { createLoaders, createSharedLoaders, type Loaders, type SharedLoaders } from './loaders.js';
import type { Session } from './modules/auth/session.entity.js';
import type { User } from './modules/users/user.entity.js';
import type { RealtimeConnection } from './modules/realtime/connection.service.js';
import { verifyAccessToken } from './modules/auth/tokens.js';

/** Long-lived parts of one running server, as operations see them (resolvers reach the services here). */
export interface AppParts extends Infrastructure {
  services: Services;
}

/** One Context for HTTP and graphql-ws (STYLE.md 5). */
export interface Context {
  app: AppParts;
  em: EntityManager;
  viewer: User | null;
  /** The session the operation runs under: its id is all an operation reads (a socket keeps no more). */
  session: { id: string } | null;
  /** Why a presented token was not accepted; the auth checker reports it. */
  authError?: string;
  /** Set by register/login/refresh: the user the response is about to authenticate (sees their own email). */
  actingUserId?: string | null;
  loaders: Loaders;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  /** The graphql-ws connection this operation runs on (subscriptions register with it to be revocable). */
  connection?: RealtimeConnection;
}

export interface RequestMeta {
  authorization?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface Authenticated {
  viewer: User | null;
  session: Session | null;
  authError?: string;
  accessTokenExpiresAt?: Date;
}

/** Resolves a bearer token to a live session and its user, or explains why not. */
export async function authenticate(app: AppParts, em: EntityManager, authorization: string | null | undefined): Promise<Authenticated> {
  if (!authorization) return { viewer: null, session: null };
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (!match) return { viewer: null, session: null, authError: 'The Authorization header must be "Bearer <accessToken>".' };
  const verified = verifyAccessToken(match[1], app.config.jwtSecret);
  if (!verified.ok) {
    return { viewer: null, session: null, authError: verified.reason === 'expired' ? 'Access token expired.' : 'Access token is invalid.' };
  }
  const session = await app.services.auth.findLiveSession(em, verified.claims.sid, verified.claims.sub);
  if (!session) return { viewer: null, session: null, authError: 'Session has ended; sign in again.' };
  const viewer = session.user;
  if (viewer.bannedAt) return { viewer: null, session: null, authError: 'This account is banned.' };
  return { viewer, session, accessTokenExpiresAt: verified.expiresAt };
}

/** The viewer is already loaded: resolving them as a User (a message's sender, a member) costs no query. */
function primeViewer(loaders: Loaders, viewer: User | null): Loaders {
  if (viewer) loaders.userById.prime(viewer.id, viewer);
  return loaders;
}

export async function buildContext(app: AppParts, meta: RequestMeta): Promise<Context> {
  const em = app.orm.em.fork();
  const auth = await authenticate(app, em, meta.authorization);
  if (auth.viewer) await app.services.users.touchLastSeen(em, auth.viewer);
  return {
    app,
    em,
    viewer: auth.viewer,
    session: auth.session,
    authError: auth.authError,
    loaders: primeViewer(createLoaders(em, auth.viewer?.id ?? null), auth.viewer),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    requestId: randomUUID(),
  };
}

/** What the executions of one room event share whoever they run for: a fork and the viewer-independent loaders. */
export interface EventLoads {
  em: EntityManager;
  loaders: SharedLoaders;
}

/** One event's shared loads, made when first used (an event whose fields read nothing costs no fork). */
export function eventLoads(app: AppParts): EventLoads {
  let em: EntityManager | undefined;
  let loaders: SharedLoaders | undefined;
  return {
    get em() {
      return (em ??= app.orm.em.fork());
    },
    get loaders() {
      return (loaders ??= createSharedLoaders(this.em));
    },
  };
}

/**
 * The context one subscription event executes with: the subscriber's viewer and connection, and a fresh fork and
 * fresh loaders (STYLE.md 5), made when first used (an event whose fields read neither costs neither). With `shared`,
 * the fork and the viewer-independent loaders are the event's, shared with the other groups' executions of it; only
 * the viewer's own loaders (membership, unread counts) are this context's. The delivery layer calls it once per
 * execution (realtime/shared-execution.ts); resolvers never renew a context themselves.
 */
export function eventContext(base: Context, shared: EventLoads = eventLoads(base.app)): Context {
  return new EventContext(base, shared);
}

/**
 * `eventContext`'s object: the base's fields copied, and the fork, the loaders and the request id made on first use
 * (accessors on the class, not per object: the per-viewer overlay makes one for each subscriber of a broadcast).
 */
class EventContext implements Context {
  app: AppParts;
  viewer: User | null;
  session: { id: string } | null;
  authError?: string;
  actingUserId?: string | null;
  ip: string | null;
  userAgent: string | null;
  connection?: RealtimeConnection;
  private ownEm?: EntityManager = undefined;
  private ownLoaders?: Loaders = undefined;
  private ownRequestId?: string = undefined;

  constructor(
    base: Context,
    private readonly shared: EventLoads,
  ) {
    // Context's own fields, one by one (not Object.assign: every object then has the same shape, and the overlay
    // makes one per subscriber of a broadcast); em, loaders and the request id are this context's, made on first use.
    this.app = base.app;
    this.viewer = base.viewer;
    this.session = base.session;
    this.authError = base.authError;
    this.actingUserId = base.actingUserId;
    this.ip = base.ip;
    this.userAgent = base.userAgent;
    this.connection = base.connection;
  }

  get em(): EntityManager {
    return (this.ownEm ??= this.shared.em);
  }
  set em(v: EntityManager) {
    this.ownEm = v;
  }

  get loaders(): Loaders {
    return (this.ownLoaders ??= createLoaders(this.em, this.viewer?.id ?? null, this.shared.loaders));
  }
  set loaders(v: Loaders) {
    this.ownLoaders = v;
  }

  get requestId(): string {
    return (this.ownRequestId ??= randomUUID());
  }
  set requestId(v: string) {
    this.ownRequestId = v;
  }
}
