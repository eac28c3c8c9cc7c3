import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { removeFrom } from '../../common/arrays.js';
import { assertId } from '../../common/ids.js';
import { freshContext, type AppParts, type Context } from '../../context.js';
import { BadInputError, ForbiddenError, UnauthenticatedError } from '../../errors.js';
import { topics, type Unsubscribe } from '../../pubsub.js';
import type { RoomEventMessage } from '../rooms/room-events.service.js';
import type { Room } from '../rooms/room.entity.js';
import { Role, type User } from '../users/user.entity.js';
import type { PresenceMessage } from './presence.service.js';
import {
  AccessRevokedEvent,
  AccessRevokedReason,
  AddedToRoomEvent,
  MemberJoinedEvent,
  MemberLeftEvent,
  MemberRoleChangedEvent,
  MessageAddedEvent,
  MessageDeletedEvent,
  MessageEditedEvent,
  PresenceEvent,
  ReactionChangedEvent,
  RemovedFromRoomEvent,
  RemovedFromRoomReason,
  ResyncRequiredEvent,
  RoomActivityEvent,
  RoomDeletedEvent,
  RoomUpdatedEvent,
  TypingEvent,
  type RoomEventBase,
  type ViewerEventBase,
} from './realtime.types.js';
import { RoomEventStream, type RoomStreamItem } from './room-event-stream.js';
import { QueueStream } from './stream.js';
import type { TypingMessage } from './typing.service.js';

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
  readonly id = randomUUID();
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

  /** Closes the socket. */
  close(code: number, reason: string) {
    this.socket.close(code, reason);
  }
}

/** News for one user's viewerEvents. */
interface ViewerMessage {
  type: 'ViewerEvent';
  kind: 'ADDED' | 'REMOVED' | 'ACTIVITY';
  roomId: string;
  seq: number;
  reason?: RemovedFromRoomReason;
  at: string;
}

export const CLOSE_FORBIDDEN = 4403;
/** Live subscriptions one socket may hold: a client needs a handful per open room, not thousands. */
export const MAX_STREAMS_PER_CONNECTION = 200;
/** How often sockets are checked for an expired access token (one timer per instance, not one per socket). */
const EXPIRY_SWEEP_MS = 500;
/** A socket closes this long after its token expired, so the client's refreshed token is certainly the next one. */
const EXPIRY_GRACE_MS = 250;
/** How long viewer news waits for more events of the same batch (activity is coalesced per room within it). */
const FAN_OUT_WINDOW_MS = 100;
/** setTyping calls per user per minute (repeats are cheap to ignore, but each one is checked against the database). */
const TYPING_CALLS_PER_MINUTE = 120;

export function revokeReason(sessionReason: unknown): AccessRevokedReason {
  const r = String(sessionReason ?? '').toLowerCase();
  if (r.includes('ban')) return AccessRevokedReason.BANNED;
  if (r.includes('logout') || r.includes('sign')) return AccessRevokedReason.SIGNED_OUT;
  if (r.includes('delete')) return AccessRevokedReason.ACCOUNT_DELETED;
  return AccessRevokedReason.SESSION_ENDED;
}

/** Gives a subscription's shared context a fresh EntityManager fork and fresh loaders for the event about to resolve. */
export function renewContext(ctx: Context): Context {
  const fresh = freshContext(ctx);
  ctx.em = fresh.em;
  ctx.loaders = fresh.loaders;
  ctx.requestId = fresh.requestId;
  ctx.app.metrics.subscriptionExecutions++;
  return ctx;
}

/**
 * Live delivery: graphql-ws connections on this instance (token expiry, session revocation, presence), the
 * roomEvents / typing / presence / viewerEvents streams with their authorization kept true while they live,
 * and the viewer-news fan-out after every published room event.
 */
export class RealtimeService {
  private readonly users = new Map<string, { conns: RealtimeConnection[]; unsubscribe: Promise<Unsubscribe | null> }>();
  private started = false;
  private stopped = false;
  private expirySweep?: NodeJS.Timeout;
  private fanOutQueue: RoomEventMessage[] = [];
  private fanOutRunning?: Promise<void>;

  constructor(private readonly app: () => AppParts) {}

  /** Hooks the viewer-news fan-out into the room event log and starts presence heartbeats. */
  start() {
    if (this.started) return;
    this.started = true;
    const { services } = this.app();
    services.roomEvents.afterPublish.push(async (events) => {
      // Off the writer's path: the mutation answers without waiting for the fan-out.
      this.fanOutQueue.push(...events);
      this.kickFanOut();
    });
    services.presence.start();
    this.expirySweep = setInterval(() => this.closeExpired(), EXPIRY_SWEEP_MS);
    this.expirySweep.unref();
  }

  /** Publishes one piece of viewer news on each listed user's own topic. */
  private publishNews(userIds: Iterable<string>, news: Omit<ViewerMessage, 'type'>) {
    return this.app().pubsub.publishMany(Array.from(userIds, topics.viewer), { type: 'ViewerEvent', ...news } satisfies ViewerMessage);
  }

  /** Called after the sockets were closed: ends presence for this instance's connections. */
  async stop() {
    if (this.stopped) return;
    this.stopped = true;
    await this.fanOutRunning;
    clearInterval(this.expirySweep);
    this.app().services.typing.stop();
    await this.app().services.presence.stop();
    const subs = [...this.users.values()];
    this.users.clear();
    await Promise.allSettled(subs.map(async (u) => (await u.unsubscribe)?.()));
  }

  /** This instance's live connections (the revocation sweep re-checks them). */
  connections(): RealtimeConnection[] {
    const all: RealtimeConnection[] = [];
    for (const u of this.users.values()) for (const c of u.conns) if (!c.ending) all.push(c);
    return all;
  }

  /** Local connection counts, for tests and metrics. */
  localConnections(): number {
    let n = 0;
    for (const u of this.users.values()) n += u.conns.length;
    return n;
  }

  /** Live streams a user holds on this instance's sockets (tests wait on it instead of sleeping). */
  localStreams(userId: string): number {
    let n = 0;
    for (const c of this.users.get(userId)?.conns ?? []) n += c.streams.length;
    return n;
  }

  // ---- connections ----

  /** Registers an authenticated socket: its user's control topic, token expiry, presence. */
  async connect(conn: RealtimeConnection): Promise<void> {
    if (this.stopped) throw new Error('server is stopping');
    let entry = this.users.get(conn.userId);
    if (!entry) {
      const userId = conn.userId;
      entry = {
        conns: [conn],
        unsubscribe: this.app()
          .pubsub.subscribe(topics.user(userId), (msg) => this.onUserMessage(userId, msg))
          .catch((err) => {
            this.app().logger.error({ err }, 'could not subscribe to a user topic');
            return null;
          }),
      };
      this.users.set(userId, entry);
    } else entry.conns.push(conn);
    if (!(await entry.unsubscribe)) {
      // Without its control topic the socket could not be revoked: refuse it rather than serve it blind.
      removeFrom(entry.conns, conn);
      if (this.users.get(conn.userId) === entry) this.users.delete(conn.userId);
      throw new Error('could not subscribe to the user topic');
    }
    await this.app().services.presence.connect(conn.userId, conn.id);
  }

  /** Closes sockets whose access token expired (4403): the client reconnects with its refreshed token. */
  private closeExpired() {
    const now = Date.now();
    for (const { conns } of this.users.values()) {
      for (const conn of conns) {
        if (conn.expired || conn.accessTokenExpiresAt === undefined || now < conn.accessTokenExpiresAt + EXPIRY_GRACE_MS) continue;
        conn.expired = true;
        this.app().logger.debug({ userId: conn.userId }, 'closing a socket whose access token expired');
        conn.close(CLOSE_FORBIDDEN, 'Access token expired');
      }
    }
  }

  async disconnect(conn: RealtimeConnection): Promise<void> {
    if (this.stopped) return;
    const entry = this.users.get(conn.userId);
    if (entry && removeFrom(entry.conns, conn) && entry.conns.length === 0) {
      this.users.delete(conn.userId);
      const unsubscribe = await entry.unsubscribe;
      await unsubscribe?.();
    }
    await this.app().services.presence.disconnect(conn.userId, conn.id);
  }

  private onUserMessage(userId: string, msg: { type?: string; sessionId?: string; reason?: string; role?: string }) {
    const entry = this.users.get(userId);
    if (!entry) return;
    if (msg.type === 'SessionRevoked') {
      for (const c of entry.conns) if (c.sessionId === msg.sessionId) void this.endConnection(c, revokeReason(msg.reason));
    } else if (msg.type === 'UserBanned') {
      for (const c of entry.conns) void this.endConnection(c, AccessRevokedReason.BANNED);
    } else if (msg.type === 'UserRoleChanged' && typeof msg.role === 'string' && (Object.values(Role) as string[]).includes(msg.role)) {
      // Operations on a socket run as the viewer read at connect: keep its global role current, so a demoted
      // admin loses admin access on open sockets too.
      for (const c of entry.conns) if (c.viewer) c.viewer.role = msg.role as Role;
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

  // ---- access ----

  private viewerOf(ctx: Context): User {
    if (!ctx.viewer) throw new UnauthenticatedError(ctx.authError);
    return ctx.viewer;
  }

  /** A viewer opening one more stream on this socket. */
  private streamViewer(ctx: Context): User {
    const viewer = this.viewerOf(ctx);
    if (ctx.connection?.ending) throw new UnauthenticatedError('This session has ended.');
    if (ctx.connection && ctx.connection.streams.length >= MAX_STREAMS_PER_CONNECTION) {
      throw new ForbiddenError(`At most ${MAX_STREAMS_PER_CONNECTION} live subscriptions per connection.`);
    }
    return viewer;
  }

  /**
   * The room, if the user is a member (the rooms module's rule: NOT_FOUND for private rooms, FORBIDDEN for public
   * ones). The room row is read before the membership, so its lastSeq predates the check.
   */
  async assertMember(em: EntityManager, roomId: string, userId: string): Promise<Room> {
    const { room } = await this.app().services.rooms.assertMember(em, roomId, userId);
    return room;
  }

  private register(ctx: Context, stream: RevocableStream) {
    const conn = ctx.connection;
    if (!conn) return () => {};
    // A one-element literal: pushing onto an empty array reserves room for 17.
    if (conn.streams.length) conn.streams.push(stream);
    else conn.streams = [stream];
    return () => void removeFrom(conn.streams, stream);
  }

  // ---- roomEvents ----

  async roomEvents(ctx: Context, roomId: string, afterSeq: number | null | undefined): Promise<AsyncIterableIterator<RoomStreamItem>> {
    const viewer = this.streamViewer(ctx);
    const id = assertId(roomId, 'roomId');
    if (afterSeq !== null && afterSeq !== undefined && (!Number.isInteger(afterSeq) || afterSeq < 0)) {
      throw new BadInputError('afterSeq', '"afterSeq" must be a non-negative whole number.');
    }
    const app = this.app();
    let unsubscribe: Unsubscribe = async () => {};
    let unregister = () => {};
    const rs = new RoomEventStream({
      roomId: id,
      viewerId: viewer.id,
      readLog: (after, limit) => app.services.roomEvents.eventsAfter(app.orm.em.fork(), id, after, limit),
      cleanup: async () => {
        unregister();
        await unsubscribe();
      },
    });
    // Subscribe first, then read where the room is: nothing published in between can be missed.
    unsubscribe = await app.pubsub.subscribe(topics.room(id), rs.onLive);
    try {
      const room = await this.assertMember(app.orm.em.fork(), id, viewer.id);
      if (afterSeq != null && afterSeq > room.lastSeq) {
        throw new BadInputError('afterSeq', `"afterSeq" is ahead of the room's latest seq (${room.lastSeq}).`);
      }
      rs.start(room.lastSeq, afterSeq ?? null, app.config.resyncBound);
    } catch (err) {
      await unsubscribe();
      throw err;
    }
    unregister = this.register(ctx, rs);
    return rs.stream;
  }

  /** Turns a stream item into its GraphQL event, with a fresh fork and loaders for this event. */
  toRoomEvent(ctx: Context, item: RoomStreamItem): RoomEventBase {
    renewContext(ctx);
    const base = (e: RoomEventBase, roomId: string, seq: number, at: Date) => Object.assign(e, { roomId, seq, at });
    if (item.kind === 'resync') return base(new ResyncRequiredEvent(), item.roomId, item.seq, new Date());
    if (item.kind === 'revoked') return Object.assign(base(new AccessRevokedEvent(), item.roomId, item.seq, new Date()), { reason: item.reason });
    const m = item.event;
    const p = (m.payload ?? {}) as Record<string, any>;
    const at = new Date(m.at);
    switch (m.type as string) {
      case 'MessageAdded':
        return Object.assign(base(new MessageAddedEvent(), m.roomId, m.seq, at), { messageId: p.messageId });
      case 'MessageEdited':
        return Object.assign(base(new MessageEditedEvent(), m.roomId, m.seq, at), { messageId: p.messageId });
      case 'MessageDeleted':
        return Object.assign(base(new MessageDeletedEvent(), m.roomId, m.seq, at), { messageId: p.messageId, deletedById: p.deletedById ?? null });
      case 'ReactionChanged':
        return Object.assign(base(new ReactionChangedEvent(), m.roomId, m.seq, at), { messageId: p.messageId, emoji: p.emoji, userId: p.userId, added: !!p.added });
      case 'MemberJoined':
        return Object.assign(base(new MemberJoinedEvent(), m.roomId, m.seq, at), { userId: p.userId, addedById: p.addedById ?? null });
      case 'MemberLeft':
        return Object.assign(base(new MemberLeftEvent(), m.roomId, m.seq, at), { userId: p.userId, removedById: p.removedById ?? null });
      case 'MemberRoleChanged':
        return Object.assign(base(new MemberRoleChangedEvent(), m.roomId, m.seq, at), { userId: p.userId, role: p.role });
      case 'RoomUpdated':
        return base(new RoomUpdatedEvent(), m.roomId, m.seq, at);
      case 'RoomDeleted':
        return base(new RoomDeletedEvent(), m.roomId, m.seq, at);
      default:
        // An event type this server does not know yet (a newer instance wrote it): say so rather than guess.
        throw new Error(`unknown room event type ${String(m.type)}`);
    }
  }

  // ---- typing and presence ----

  async setTyping(ctx: Context, roomId: string, isTyping: boolean): Promise<boolean> {
    const viewer = this.viewerOf(ctx);
    await this.app().rateLimiter.hit(`typing:user:${viewer.id}`, TYPING_CALLS_PER_MINUTE, 60);
    const room = await this.assertMember(ctx.em, roomId, viewer.id);
    await this.app().services.typing.set(room.id, viewer.id, !!isTyping);
    return true;
  }

  /**
   * A member-only stream of a room topic, ending when the viewer leaves or is removed, the room is deleted,
   * or the session ends.
   */
  private async memberStream<M, T>(
    ctx: Context,
    roomId: string,
    topic: (roomId: string) => string,
    map: (msg: M, viewerId: string) => T | null,
    /** The current state to start with (read after the topic is live); `key` drops what live news already covered. */
    snapshot?: { read: (roomId: string) => Promise<M[]>; key: (msg: M) => string },
  ): Promise<AsyncIterableIterator<T>> {
    const viewer = this.streamViewer(ctx);
    const id = assertId(roomId, 'roomId');
    const app = this.app();
    const unsubs: Unsubscribe[] = [];
    let unregister = () => {};
    const q = new QueueStream<T>(async () => {
      unregister();
      await Promise.allSettled(unsubs.map((u) => u()));
    });
    try {
      unsubs.push(
        await app.pubsub.subscribe(topics.room(id), (e: RoomEventMessage) => {
          if (e.type === 'RoomDeleted' || (e.type === 'MemberLeft' && e.payload?.userId === viewer.id)) q.end();
        }),
      );
      const seenLive = new Set<string>();
      unsubs.push(
        await app.pubsub.subscribe(topic(id), (msg: M) => {
          if (snapshot) seenLive.add(snapshot.key(msg));
          const value = map(msg, viewer.id);
          if (value !== null) q.push(value);
        }),
      );
      await this.assertMember(app.orm.em.fork(), id, viewer.id);
      if (snapshot) {
        for (const msg of await snapshot.read(id)) {
          if (seenLive.has(snapshot.key(msg))) continue;
          const value = map(msg, viewer.id);
          if (value !== null) q.push(value);
        }
      }
    } catch (err) {
      await q.stream.finish();
      throw err;
    }
    unregister = this.register(ctx, { roomId: id, revoke: () => q.end(), finished: () => q.stream.ended });
    return q.stream;
  }

  /** Starts with who is typing now, so a client that (re)subscribes mid-sentence still shows the indicator. */
  typing(ctx: Context, roomId: string) {
    const typing = this.app().services.typing;
    return this.memberStream<TypingMessage, TypingMessage>(ctx, roomId, topics.typing, (m, viewerId) => (m.userId === viewerId ? null : m), {
      read: (id) => typing.current(id),
      key: (m) => m.userId,
    });
  }

  toTypingEvent(ctx: Context, m: TypingMessage): TypingEvent {
    renewContext(ctx);
    return Object.assign(new TypingEvent(), { roomId: m.roomId, userId: m.userId, isTyping: m.isTyping, at: new Date(m.at) });
  }

  presence(ctx: Context, roomId: string) {
    return this.memberStream<PresenceMessage, PresenceMessage>(ctx, roomId, topics.roomPresence, (m, viewerId) => (m.userId === viewerId ? null : m));
  }

  toPresenceEvent(ctx: Context, m: PresenceMessage): PresenceEvent {
    renewContext(ctx);
    return Object.assign(new PresenceEvent(), { roomId: m.roomId, userId: m.userId, isOnline: m.isOnline, lastSeenAt: m.lastSeenAt ? new Date(m.lastSeenAt) : null });
  }

  // ---- viewerEvents ----

  async viewerEvents(ctx: Context): Promise<AsyncIterableIterator<ViewerMessage | { type: 'RoomRead'; roomId: string }>> {
    const viewer = this.streamViewer(ctx);
    const app = this.app();
    const unsubs: Unsubscribe[] = [];
    let unregister = () => {};
    const q = new QueueStream<ViewerMessage | { type: 'RoomRead'; roomId: string }>(async () => {
      unregister();
      await Promise.allSettled(unsubs.map((u) => u()));
    });
    try {
      unsubs.push(
        await app.pubsub.subscribe(topics.user(viewer.id), (msg: { type?: string; roomId?: string; sessionId?: string }) => {
          if (msg.type === 'RoomRead' && typeof msg.roomId === 'string') q.push(msg as { type: 'RoomRead'; roomId: string });
          else if ((msg.type === 'SessionRevoked' && msg.sessionId === ctx.session?.id) || msg.type === 'UserBanned') q.end();
        }),
      );
      unsubs.push(
        await app.pubsub.subscribe(topics.viewer(viewer.id), (msg: { type?: string }) => {
          if (msg.type === 'ViewerEvent') q.push(msg as ViewerMessage);
        }),
      );
    } catch (err) {
      await q.stream.finish();
      throw err;
    }
    unregister = this.register(ctx, { roomId: null, revoke: () => q.end(), finished: () => q.stream.ended });
    return q.stream;
  }

  async toViewerEvent(ctx: Context, m: ViewerMessage | { type: 'RoomRead'; roomId: string; at?: string }): Promise<ViewerEventBase> {
    renewContext(ctx);
    const at = new Date('at' in m && m.at ? m.at : Date.now());
    if (m.type === 'ViewerEvent' && m.kind === 'ADDED') return Object.assign(new AddedToRoomEvent(), { roomId: m.roomId, at });
    if (m.type === 'ViewerEvent' && m.kind === 'REMOVED') return Object.assign(new RemovedFromRoomEvent(), { roomId: m.roomId, at, reason: m.reason ?? RemovedFromRoomReason.REMOVED });
    const room = await ctx.loaders.roomById.load(m.roomId);
    const unreadCount = await ctx.loaders.unreadCount.load(m.roomId);
    return Object.assign(new RoomActivityEvent(), { roomId: m.roomId, at, lastSeq: room?.lastSeq ?? ('seq' in m ? m.seq : 0), unreadCount });
  }

  /** One worker per instance drains the queue; a burst becomes one batch, with activity coalesced per room. */
  private kickFanOut() {
    if (this.stopped) this.fanOutQueue = [];
    if (this.fanOutRunning || !this.fanOutQueue.length) return;
    this.fanOutRunning = (async () => {
      while (this.fanOutQueue.length) {
        // A short window first: a busy room's messages in it become one RoomActivity per member, not one each
        // (a room list needs the latest seq and unread count, not every step).
        if (!this.stopped) await new Promise((r) => setTimeout(r, FAN_OUT_WINDOW_MS));
        const batch = this.fanOutQueue.splice(0);
        try {
          await this.fanOut(batch);
        } catch (err) {
          this.app().logger.error({ err }, 'viewer fan-out failed');
        }
      }
    })().finally(() => {
      this.fanOutRunning = undefined;
      this.kickFanOut();
    });
  }

  /**
   * After room events are published: tells users their room list changed (added, removed) and tells online members
   * of each room that it has new activity (one message per room per batch).
   */
  private async fanOut(events: RoomEventMessage[]) {
    const app = this.app();
    const send = (userId: string, m: Omit<ViewerMessage, 'type'>) => this.publishNews([userId], m);
    const latest = new Map<string, RoomEventMessage>();
    for (const e of events) {
      const p = (e.payload ?? {}) as Record<string, any>;
      if (e.type === 'MemberJoined' && typeof p.userId === 'string') await send(p.userId, { kind: 'ADDED', roomId: e.roomId, seq: e.seq, at: e.at });
      if (e.type === 'MemberLeft' && typeof p.userId === 'string') {
        await send(p.userId, { kind: 'REMOVED', roomId: e.roomId, seq: e.seq, at: e.at, reason: p.removedById ? RemovedFromRoomReason.REMOVED : RemovedFromRoomReason.LEFT });
        // A former member is not typing here any more.
        await app.services.typing.set(e.roomId, p.userId, false);
      }
      if (e.type === 'RoomDeleted') {
        latest.delete(e.roomId);
        const memberIds = (Array.isArray(p.memberIds) ? p.memberIds : []).filter((id: unknown): id is string => typeof id === 'string');
        if (memberIds.length) await this.publishNews(memberIds, { kind: 'REMOVED', roomId: e.roomId, seq: e.seq, at: e.at, reason: RemovedFromRoomReason.ROOM_DELETED });
        continue;
      }
      latest.set(e.roomId, e);
    }
    if (latest.size && !(await app.services.presence.anyoneOnline())) return;
    for (const [roomId, e] of latest) {
      // Plain ids, not entities: a room of 1,000 members would otherwise hydrate 1,000 memberships per batch.
      const rows = await (app.orm.em.fork() as SqlEntityManager).execute<Array<{ user_id: string }>>('select user_id from memberships where room_id = ?', [roomId]);
      const online = await app.services.presence.onlineAmong(rows.map((r) => r.user_id));
      // Each online member's own topic; only their viewerEvents streams listen to it.
      if (online.size) await this.publishNews(online, { kind: 'ACTIVITY', roomId, seq: e.seq, at: e.at });
    }
  }
}
