import { removeFrom } from '../../common/arrays.js';
import { flatUuid } from '../../common/ids.js';
import type { Context } from '../../context.js';
import { ForbiddenError, UnauthenticatedError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { topics, type AppPubSub, type Unsubscribe } from '../../pubsub.js';
import type { UserControlMessage } from '../../topics.js';
import { SessionEndReason } from '../auth/session-end-reason.js';
import { Role, type User } from '../users/user.entity.js';
import { AccessRevokedReason } from './realtime.types.js';

/** A live stream that session revocation (logout, ban) must end. */
export interface RevocableStream {
  roomId: string | null;
  revoke(reason: AccessRevokedReason): void;
  /** Resolves once the stream has ended. */
  finished(): Promise<void>;
  /** News may have been lost (the PubSub reconnected): look in the log for what came after the last event sent. */
  catchUp?(): void;
}

/** One authenticated graphql-ws socket on this instance. */
export class RealtimeConnection {
  readonly id = flatUuid();
  /** Its live streams (an array: a socket holds a handful, and an idle one should cost little). */
  streams: RevocableStream[] = [];
  ending = false;
  /** Closed for an expired access token (by the instance's expiry sweep). */
  expired = false;
  /** The viewer every operation on this socket runs as (authenticated once, at connect). */
  viewer?: User;

  constructor(
    readonly userId: string,
    readonly sessionId: string,
    /** When its access token expires (epoch ms). */
    readonly accessTokenExpiresAt: number | undefined,
    /** The socket (kept itself rather than a closure over it: one less object per socket). */
    private readonly socket: { close(code: number, reason: string): void },
  ) {}

  /** Takes an ended stream off the list. */
  unlist(stream: object) {
    removeFrom(this.streams, stream as RevocableStream);
  }

  /** Closes the socket. */
  close(code: number, reason: string) {
    this.socket.close(code, reason);
  }
}

export const CLOSE_FORBIDDEN = 4403;
/** Live subscriptions one socket may hold: a client needs a handful per open room, not thousands. */
export const MAX_STREAMS_PER_CONNECTION = 200;
/** How often sockets are checked for an expired access token (one timer per instance, not one per socket). */
const EXPIRY_SWEEP_MS = 500;
/** A socket closes this long after its token expired, so the client's refreshed token is certainly the next one. */
const EXPIRY_GRACE_MS = 250;

/** What a live stream says when its session ended, by why the session ended (every reason must have a line). */
const REVOKED_BY_SESSION_END: Record<SessionEndReason, AccessRevokedReason> = {
  [SessionEndReason.LOGOUT]: AccessRevokedReason.SIGNED_OUT,
  [SessionEndReason.SIGNED_OUT_REMOTELY]: AccessRevokedReason.SIGNED_OUT,
  [SessionEndReason.BANNED]: AccessRevokedReason.BANNED,
  [SessionEndReason.ACCOUNT_DELETED]: AccessRevokedReason.ACCOUNT_DELETED,
  [SessionEndReason.PASSWORD_CHANGED]: AccessRevokedReason.SESSION_ENDED,
  [SessionEndReason.PASSWORD_RESET]: AccessRevokedReason.SESSION_ENDED,
  [SessionEndReason.REFRESH_TOKEN_REUSE]: AccessRevokedReason.SESSION_ENDED,
  [SessionEndReason.SEEDED]: AccessRevokedReason.SESSION_ENDED,
};

export function accessRevokedReason(reason: SessionEndReason): AccessRevokedReason {
  // A reason a newer instance knows and this one does not still ends the stream.
  return REVOKED_BY_SESSION_END[reason] ?? AccessRevokedReason.SESSION_ENDED;
}

/** Told when a socket of a user registers and when it goes (presence counts them). */
export interface ConnectionListener {
  connect(userId: string, connId: string): Promise<void>;
  disconnect(userId: string, connId: string): Promise<void>;
}

export interface ConnectionServiceDeps {
  pubsub: AppPubSub;
  logger: Logger;
}

/**
 * The graphql-ws connections on this instance: each user's control topic (session revocation, bans, role changes),
 * access-token expiry, presence, and the live streams each socket holds (so revocation can end them). Every stream
 * opens through `openStream`, which checks the viewer and the per-socket limit.
 */
export class ConnectionService {
  /** Per user: their sockets here, and their control topic's unsubscribe (the promise of it until it settles). */
  private readonly users = new Map<string, { conns: RealtimeConnection[]; unsubscribe: Promise<Unsubscribe | null> | Unsubscribe | null }>();
  private stopped = false;
  private expirySweep?: NodeJS.Timeout;
  /** Wired by the composition root (presence listens here; it also opens streams, so it cannot be a dependency). */
  readonly listeners: ConnectionListener[] = [];

  constructor(private readonly deps: ConnectionServiceDeps) {}

  start() {
    if (this.expirySweep) return;
    this.expirySweep = setInterval(() => this.closeExpired(), EXPIRY_SWEEP_MS);
    this.expirySweep.unref();
  }

  /** Called after the sockets were closed. */
  async stop() {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.expirySweep);
    const subs = [...this.users.values()];
    this.users.clear();
    await Promise.allSettled(subs.map(async (u) => (await u.unsubscribe)?.()));
  }

  /** This instance's connections of one user (or of everyone), for counts. */
  connectionsOf(userId?: string): readonly RealtimeConnection[] {
    if (userId !== undefined) return this.users.get(userId)?.conns ?? [];
    return [...this.users.values()].flatMap((u) => u.conns);
  }

  /** Registers an authenticated socket: its user's control topic, token expiry, presence. */
  async connect(conn: RealtimeConnection): Promise<void> {
    if (this.stopped) throw new Error('server is stopping');
    let entry = this.users.get(conn.userId);
    if (!entry) {
      const userId = conn.userId;
      const pending = this.deps.pubsub
        .subscribe(topics.user(userId), (msg) => this.onUserMessage(userId, msg))
        .catch((err) => {
          this.deps.logger.error({ err }, 'could not subscribe to a user topic');
          return null;
        });
      const created = { conns: [conn], unsubscribe: pending as Promise<Unsubscribe | null> | Unsubscribe | null };
      // Once settled, the entry keeps the function rather than a promise of it (one less promise per user).
      void pending.then((u) => {
        if (created.unsubscribe === pending) created.unsubscribe = u;
      });
      entry = created;
      this.users.set(userId, entry);
    } else entry.conns.push(conn);
    if (!(await entry.unsubscribe)) {
      // Without its control topic the socket could not be revoked: refuse it rather than serve it blind.
      removeFrom(entry.conns, conn);
      if (this.users.get(conn.userId) === entry) this.users.delete(conn.userId);
      throw new Error('could not subscribe to the user topic');
    }
    for (const l of this.listeners) await l.connect(conn.userId, conn.id);
  }

  async disconnect(conn: RealtimeConnection): Promise<void> {
    if (this.stopped) return;
    const entry = this.users.get(conn.userId);
    if (entry && removeFrom(entry.conns, conn) && entry.conns.length === 0) {
      this.users.delete(conn.userId);
      const unsubscribe = await entry.unsubscribe;
      await unsubscribe?.();
    }
    for (const l of this.listeners) await l.disconnect(conn.userId, conn.id);
  }

  /** Closes sockets whose access token expired (4403): the client reconnects with its refreshed token. */
  private closeExpired() {
    const now = Date.now();
    for (const { conns } of this.users.values()) {
      for (const conn of conns) {
        if (conn.expired || conn.accessTokenExpiresAt === undefined || now < conn.accessTokenExpiresAt + EXPIRY_GRACE_MS) continue;
        conn.expired = true;
        this.deps.logger.debug({ userId: conn.userId }, 'closing a socket whose access token expired');
        conn.close(CLOSE_FORBIDDEN, 'Access token expired');
      }
    }
  }

  private onUserMessage(userId: string, msg: UserControlMessage) {
    const entry = this.users.get(userId);
    if (!entry) return;
    if (msg.type === 'SessionRevoked') {
      for (const c of entry.conns) if (c.sessionId === msg.sessionId) void this.endConnection(c, accessRevokedReason(msg.reason));
    } else if (msg.type === 'UserBanned') {
      for (const c of entry.conns) void this.endConnection(c, AccessRevokedReason.BANNED);
    } else if (msg.type === 'UserRoleChanged' && (Object.values(Role) as string[]).includes(msg.role)) {
      // Operations on a socket run as the viewer read at connect: keep its global role current, so a demoted
      // admin loses admin access on open sockets too. (The check: a message from another version may not fit.)
      for (const c of entry.conns) if (c.viewer) c.viewer.role = msg.role;
    } else if (msg.type === 'UserSettingsChanged' && typeof msg.shareReadReceipts === 'boolean') {
      // Read receipts go both ways: a user who stops sharing theirs stops seeing others' on open sockets too.
      for (const c of entry.conns) if (c.viewer) c.viewer.shareReadReceipts = msg.shareReadReceipts;
    }
  }

  /** Ends the socket's streams with AccessRevoked, lets them flush, then closes it with 4403. */
  async endConnection(conn: RealtimeConnection, reason: AccessRevokedReason) {
    if (conn.ending) return;
    conn.ending = true;
    const streams = [...conn.streams];
    for (const s of streams) s.revoke(reason);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(streams.map((s) => s.finished())), new Promise((r) => (timer = setTimeout(r, 1500)))]);
    clearTimeout(timer);
    // Let the last frames (AccessRevoked, complete) leave before the close frame.
    await new Promise((r) => setTimeout(r, 50));
    conn.close(CLOSE_FORBIDDEN, reason === AccessRevokedReason.BANNED ? 'Account banned' : 'Session ended');
  }

  /** The viewer of an operation, or UNAUTHENTICATED. */
  viewerOf(ctx: Context): User {
    if (!ctx.viewer) throw new UnauthenticatedError(ctx.authError);
    return ctx.viewer;
  }

  /** A viewer opening one more stream on this socket: signed in, the session not ending, under the limit. */
  streamViewer(ctx: Context): User {
    const viewer = this.viewerOf(ctx);
    if (ctx.connection?.ending) throw new UnauthenticatedError('This session has ended.');
    if (ctx.connection && ctx.connection.streams.length >= MAX_STREAMS_PER_CONNECTION) {
      throw new ForbiddenError(`At most ${MAX_STREAMS_PER_CONNECTION} live subscriptions per connection.`);
    }
    return viewer;
  }

  /** Lists a stream with its socket, so revocation reaches it; returns the function that unlists it. */
  register(ctx: Context, stream: RevocableStream): () => void {
    const conn = this.list(ctx, stream);
    return conn ? () => conn.unlist(stream) : () => {};
  }

  /** Lists a stream with its socket and returns the socket's connection (`unlist` takes it off), if it has one. */
  list(ctx: Context, stream: RevocableStream): RealtimeConnection | undefined {
    const conn = ctx.connection;
    if (!conn) return undefined;
    // A one-element literal: pushing onto an empty array reserves room for 17.
    if (conn.streams.length) conn.streams.push(stream);
    else conn.streams = [stream];
    return conn;
  }
}
