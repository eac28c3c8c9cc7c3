import { settleWithin } from '../../common/deadline.js';
import type { Redis } from 'ioredis';
import { removeFrom } from '../../common/arrays.js';
import type { MikroORM } from '@mikro-orm/core';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import type { Logger } from '../../logger.js';
import { topics, type AppPubSub } from '../../pubsub.js';
import type { ConnectionListener } from './connection.service.js';
import { openMemberStream, type MemberStreamDeps } from './member-stream.js';
import { PresenceEvent } from './realtime.types.js';
import { Membership } from '../rooms/membership.entity.js';
import { User } from '../users/user.entity.js';
import type { ViewerPresenceService } from './viewer-presence.service.js';

/** What travels on a room's presence topic. */
export interface PresenceMessage {
  userId: string;
  roomId: string;
  isOnline: boolean;
  lastSeenAt: string | null;
}

/** Counts each user's live connections; reports the moments a user goes from none to some and back. */
interface PresenceStore {
  /** True when this connection made the user online. */
  connect(userId: string, connId: string): Promise<boolean>;
  /** True when this connection's end made the user offline. */
  disconnect(userId: string, connId: string): Promise<boolean>;
  isOnline(userId: string): Promise<boolean>;
  onlineAmong(userIds: string[]): Promise<Set<string>>;
  anyoneOnline(): Promise<boolean>;
  /** Refreshes this instance's connections; returns users who had expired and are online again. */
  heartbeat(local: Map<string, string[]>): Promise<string[]>;
  /** Ends users whose every connection expired (a crashed or stalled instance); returns them. */
  sweep(): Promise<string[]>;
}

class MemoryPresenceStore implements PresenceStore {
  private readonly conns = new Map<string, Set<string>>();

  async connect(userId: string, connId: string) {
    let set = this.conns.get(userId);
    if (!set) this.conns.set(userId, (set = new Set()));
    set.add(connId);
    return set.size === 1;
  }

  async disconnect(userId: string, connId: string) {
    const set = this.conns.get(userId);
    if (!set || !set.delete(connId)) return false;
    if (set.size) return false;
    this.conns.delete(userId);
    return true;
  }

  async isOnline(userId: string) {
    return this.conns.has(userId);
  }

  async onlineAmong(userIds: string[]) {
    return new Set(userIds.filter((id) => this.conns.has(id)));
  }

  async anyoneOnline() {
    return this.conns.size > 0;
  }

  async heartbeat() {
    return [];
  }

  async sweep() {
    return [];
  }
}

// Per user, a sorted set of connection ids scored by expiry (ms); and one sorted set of online users scored by their
// latest connection expiry, which the sweeper scans for users whose instance stopped heartbeating.
const CONNECT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local before = redis.call('ZCARD', KEYS[1])
for i = 5, #ARGV do redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], 'GT', ARGV[1], ARGV[4])
return before`;

const DISCONNECT = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  return redis.call('ZREM', KEYS[2], ARGV[3])
end
return 0`;

const SWEEP = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  return redis.call('ZREM', KEYS[2], ARGV[2])
end
local top = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('ZADD', KEYS[2], top[2], ARGV[2])
return 0`;

class RedisPresenceStore implements PresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  private userKey(userId: string) {
    return `${this.prefix}presence:user:${userId}`;
  }

  private get onlineKey() {
    return `${this.prefix}presence:online`;
  }

  private async add(userId: string, connIds: string[]): Promise<boolean> {
    const now = Date.now();
    const before = await this.redis.eval(CONNECT, 2, this.userKey(userId), this.onlineKey, now + this.ttlMs, this.ttlMs, now, userId, ...connIds);
    return Number(before) === 0;
  }

  connect(userId: string, connId: string) {
    return this.add(userId, [connId]);
  }

  async disconnect(userId: string, connId: string) {
    const r = await this.redis.eval(DISCONNECT, 2, this.userKey(userId), this.onlineKey, connId, Date.now(), userId);
    return Number(r) === 1;
  }

  async isOnline(userId: string) {
    const score = await this.redis.zscore(this.onlineKey, userId);
    return score !== null && Number(score) > Date.now();
  }

  async onlineAmong(userIds: string[]) {
    if (!userIds.length) return new Set<string>();
    const scores = await this.redis.zmscore(this.onlineKey, ...userIds);
    const now = Date.now();
    return new Set(userIds.filter((_, i) => scores[i] !== null && Number(scores[i]) > now));
  }

  async anyoneOnline() {
    return (await this.redis.zcard(this.onlineKey)) > 0;
  }

  async heartbeat(local: Map<string, string[]>) {
    const back: string[] = [];
    for (const [userId, conns] of local) {
      if (conns.length && (await this.add(userId, [...conns]))) back.push(userId);
    }
    return back;
  }

  async sweep() {
    const now = Date.now();
    const stale = await this.redis.zrangebyscore(this.onlineKey, '-inf', now, 'LIMIT', 0, 500);
    const gone: string[] = [];
    for (const userId of stale) {
      const r = await this.redis.eval(SWEEP, 2, this.userKey(userId), this.onlineKey, now, userId);
      if (Number(r) === 1) gone.push(userId);
    }
    return gone;
  }
}

/**
 * Presence: a user is online while they hold at least one authenticated socket on any instance. Counts live in
 * Redis (each connection expires unless its instance heartbeats, so a crashed instance's users go offline within
 * PRESENCE_TTL_SECONDS plus a sweep) or in memory. Transitions update users.is_online and are fanned out to the
 * presence topic of every room the user is in.
 */
export interface PresenceServiceDeps extends MemberStreamDeps {
  config: Pick<Config, 'presenceTtlSeconds' | 'redisCommandTimeoutMs'>;
  orm: MikroORM;
  pubsub: AppPubSub;
  logger: Logger;
  /** Told of every transition, for the room lists' one stream (viewerPresence). */
  viewerPresence?: Pick<ViewerPresenceService, 'changed'>;
}

export class PresenceService implements ConnectionListener {
  private store?: PresenceStore;
  /** This instance's connections: userId -> connection ids (arrays: a user has a few, and each socket counts). */
  private readonly local = new Map<string, string[]>();
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Users whose last transition could not be written (Redis or the database failed): written on the next heartbeat. */
  private readonly unwritten = new Set<string>();
  /** Seam for tests (the diagnostics module sets it): awaited before each transition is written; a throw is a failure. */
  probe: { beforeChange?: (userId: string) => Promise<void> | void } = {};

  constructor(private readonly deps: PresenceServiceDeps) {}

  private get ttlMs() {
    return this.deps.config.presenceTtlSeconds * 1000;
  }

  /** The presence stream of a room: fellow members coming online and going offline. */
  open(ctx: Context, roomId: string): Promise<AsyncIterableIterator<PresenceMessage>> {
    return openMemberStream<PresenceMessage, PresenceMessage>(this.deps, ctx, { roomId, topic: topics.roomPresence, map: (m, viewerId) => (m.userId === viewerId ? null : m) });
  }

  static toEvent(m: PresenceMessage): PresenceEvent {
    return Object.assign(new PresenceEvent(), { roomId: m.roomId, userId: m.userId, isOnline: m.isOnline, lastSeenAt: m.lastSeenAt ? new Date(m.lastSeenAt) : null });
  }

  private getStore(): PresenceStore {
    if (!this.store) {
      const { pubsub } = this.deps;
      this.store = pubsub.redis ? new RedisPresenceStore(pubsub.redis, pubsub.prefix, this.ttlMs) : new MemoryPresenceStore();
    }
    return this.store;
  }

  /** Starts the heartbeat and the sweeper (Redis mode only; memory mode needs neither). */
  start() {
    if (!this.deps.pubsub.redis) return;
    const beat = setInterval(() => void this.track(this.heartbeat()), Math.max(500, Math.floor(this.ttlMs / 3)));
    const sweep = setInterval(() => void this.track(this.sweep()), Math.max(500, Math.floor(this.ttlMs / 4)));
    beat.unref();
    sweep.unref();
    this.timers.push(beat, sweep);
  }

  /**
   * In memory mode this process is the only instance and holds no socket before it listens: online flags left by a
   * previous run that crashed are cleared. (With Redis, the sweeper ends a crashed instance's connections instead.)
   */
  async clearStaleOnline() {
    if (this.deps.pubsub.redis) return;
    await this.deps.orm.em.fork().nativeUpdate(User, { isOnline: true }, { isOnline: false });
  }

  /** Stops the timers and ends this instance's connections (publishing who went offline). */
  async stop() {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const all = [...this.local].flatMap(([userId, conns]) => [...conns].map((c) => [userId, c] as const));
    for (const [userId, connId] of all) await this.disconnect(userId, connId);
    // Sockets that closed just before may still be writing their transition: let it land before Redis and the
    // database close.
    await this.settled();
    this.stopped = true;
  }

  /** Resolves once the transitions started so far are stored, written and published. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  /**
   * Stops heartbeating and forgets this instance's connections without telling anyone: what a crash leaves behind.
   * Only the diagnostics module calls it (src/diagnostics: tests play a crashed instance with it).
   */
  abandon() {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.local.clear();
    this.stopped = true;
  }

  async connect(userId: string, connId: string): Promise<void> {
    if (this.stopped) return;
    const conns = this.local.get(userId);
    if (!conns) this.local.set(userId, [connId]);
    else if (!conns.includes(connId)) conns.push(connId);
    await this.track(
      (async () => {
        // Redis failing (down, or past its command timeout) must not refuse the socket: the heartbeat counts it later.
        try {
          if (await this.getStore().connect(userId, connId)) await this.changed(userId);
        } catch (err) {
          this.deps.logger.warn({ err: { message: (err as Error).message } }, 'presence: could not record a connection now');
        }
      })(),
    );
  }

  async disconnect(userId: string, connId: string): Promise<void> {
    if (this.stopped) return;
    const conns = this.local.get(userId);
    if (!conns || !removeFrom(conns, connId)) return;
    if (!conns.length) this.local.delete(userId);
    await this.track(
      (async () => {
        try {
          if (await this.getStore().disconnect(userId, connId)) await this.changed(userId);
        } catch (err) {
          this.deps.logger.warn({ err: { message: (err as Error).message } }, 'presence: could not record a disconnection now (its TTL ends it)');
        }
      })(),
    );
  }

  isOnline(userId: string): Promise<boolean> {
    return this.getStore().isOnline(userId);
  }

  /** True when any user holds a live connection anywhere (nobody to tell otherwise); true when Redis cannot say. */
  anyoneOnline(): Promise<boolean> {
    return this.orUnknown(() => this.getStore().anyoneOnline(), true);
  }

  /** The users among these who hold a live connection somewhere; all of them when Redis cannot say. */
  onlineAmong(userIds: string[]): Promise<Set<string>> {
    return this.orUnknown(() => this.getStore().onlineAmong(userIds), new Set(userIds));
  }

  /**
   * Redis's answer, or `unknown` when Redis fails or does not answer within its command timeout. News for the online
   * (viewer news) then goes to everyone it may concern: those connected here get it at once, the others from the
   * outbox once Redis is back, as room events do; leaving them out would lose it.
   */
  private async orUnknown<T>(ask: () => Promise<T>, unknown: T): Promise<T> {
    if (!this.deps.pubsub.redis) return ask();
    try {
      return await settleWithin(ask(), this.deps.config.redisCommandTimeoutMs, 'redis presence');
    } catch (err) {
      this.deps.logger.debug({ err: { message: (err as Error).message } }, 'presence: Redis did not answer; counting everyone as online');
      return unknown;
    }
  }

  private async heartbeat() {
    try {
      for (const userId of await this.getStore().heartbeat(this.local)) await this.changed(userId);
    } catch (err) {
      this.deps.logger.warn({ err: { message: (err as Error).message } }, 'presence heartbeat failed');
    }
    // A transition that failed (a Redis read past its timeout, say) would otherwise leave users.is_online and the
    // rooms' view wrong until that user's next transition: write the current state again (it is read afresh).
    for (const userId of [...this.unwritten]) {
      this.unwritten.delete(userId);
      await this.changed(userId);
    }
  }

  private async sweep() {
    try {
      for (const userId of await this.getStore().sweep()) await this.changed(userId);
    } catch (err) {
      this.deps.logger.warn({ err: { message: (err as Error).message } }, 'presence sweep failed');
    }
  }

  /**
   * Writes the user's current state (read again, so that racing transitions on two instances settle on the
   * latest) to users.is_online and tells the user's rooms.
   */
  private async changed(userId: string) {
    const app = this.deps;
    try {
      await this.probe.beforeChange?.(userId);
      const isOnline = await this.getStore().isOnline(userId);
      const em = app.orm.em.fork();
      const lastSeenAt = new Date();
      await em.nativeUpdate(User, { id: userId }, { isOnline, lastSeenAt });
      const memberships = await em.find(Membership, { user: userId }, { fields: ['room'] });
      for (const m of memberships) {
        const roomId = m.room.id;
        const message: PresenceMessage = { userId, roomId, isOnline, lastSeenAt: lastSeenAt.toISOString() };
        await app.pubsub.publish(topics.roomPresence(roomId), message);
      }
      // One stream per room list: the user's direct-room partners hear it on their own topic (viewerPresence).
      await app.viewerPresence?.changed(userId, isOnline, lastSeenAt.toISOString());
      app.logger.debug({ userId, isOnline }, 'presence changed');
    } catch (err) {
      // Retried by the heartbeat (Redis mode; in memory mode only the database can fail, and the next transition fixes it).
      if (this.timers.length) this.unwritten.add(userId);
      app.logger.error({ err, userId }, 'presence update failed');
    }
  }
}
