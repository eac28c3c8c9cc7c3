import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { Logger } from '../../logger.js';
import { topics, type AppPubSub } from '../../pubsub.js';
import type { RateLimiter } from '../../rate-limit.js';
import { openMemberStream, type MemberStreamDeps } from './member-stream.js';
import { TypingEvent } from './realtime.types.js';

/** A start is not re-broadcast within this long of the last broadcast start. */
export const TYPING_THROTTLE_MS = 3000;
/** A start with no stop ends by itself after this long (the last start counts). */
export const TYPING_EXPIRY_MS = 6000;
/** setTyping calls per user per minute (repeats are cheap to ignore, but each one is checked against the database). */
const TYPING_CALLS_PER_MINUTE = 120;

/** What travels on a room's typing topic. */
export interface TypingMessage {
  roomId: string;
  userId: string;
  isTyping: boolean;
  at: string;
}

interface TypingStore {
  /** Records a start under `token`; true when it should be broadcast (not a repeat within the throttle). */
  start(key: string, token: string, now: number): Promise<boolean>;
  /** Clears the state; true when the user was typing. */
  stop(key: string): Promise<boolean>;
  /** Clears the state only if the latest start is still `token`; true when it did. */
  expire(key: string, token: string): Promise<boolean>;
  /** Users whose start in the room is still live, with when it was taken. */
  current(roomId: string, now: number): Promise<Array<{ userId: string; at: number }>>;
}

function keyOf(roomId: string, userId: string) {
  return `typing:${roomId}:${userId}`;
}

function roomKeyOf(roomId: string) {
  return `typing-room:${roomId}`;
}

function parseKey(key: string): { roomId: string; userId: string } {
  const [, roomId, userId] = key.split(':');
  return { roomId, userId };
}

class MemoryTypingStore implements TypingStore {
  private readonly state = new Map<string, { token: string; broadcastAt: number; until: number }>();

  async start(key: string, token: string, now: number) {
    const cur = this.state.get(key);
    const live = cur && cur.until > now;
    const broadcast = !live || now - cur.broadcastAt >= TYPING_THROTTLE_MS;
    this.state.set(key, { token, broadcastAt: broadcast || !cur ? now : cur.broadcastAt, until: now + TYPING_EXPIRY_MS });
    return broadcast;
  }

  async stop(key: string) {
    const cur = this.state.get(key);
    this.state.delete(key);
    return !!cur && cur.until > Date.now();
  }

  async expire(key: string, token: string) {
    if (this.state.get(key)?.token !== token) return false;
    this.state.delete(key);
    return true;
  }

  async current(roomId: string, now: number) {
    const out: Array<{ userId: string; at: number }> = [];
    for (const [key, v] of this.state) {
      const k = parseKey(key);
      if (k.roomId === roomId && v.until > now) out.push({ userId: k.userId, at: v.until - TYPING_EXPIRY_MS });
    }
    return out;
  }
}

const START = `
local v = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[2])
local at = now
local bc = 1
if v then
  local last = tonumber(string.match(v, '|(%d+)$'))
  if last and now - last < tonumber(ARGV[3]) then at = last; bc = 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. at, 'PX', ARGV[4])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[6]), ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return bc`;

const EXPIRE = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[2])
  return 1
end
return 0`;

class RedisTypingStore implements TypingStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async start(key: string, token: string, now: number) {
    // The key outlives the expiry timer a little, so the timer always finds the start it is meant to end.
    const { roomId, userId } = parseKey(key);
    const r = await this.redis.eval(START, 2, this.prefix + key, this.prefix + roomKeyOf(roomId), token, now, TYPING_THROTTLE_MS, TYPING_EXPIRY_MS + 2000, userId, TYPING_EXPIRY_MS);
    return Number(r) === 1;
  }

  async stop(key: string) {
    const { roomId, userId } = parseKey(key);
    const [[, deleted]] = (await this.redis.multi().del(this.prefix + key).zrem(this.prefix + roomKeyOf(roomId), userId).exec()) ?? [[null, 0]];
    return Number(deleted) === 1;
  }

  async expire(key: string, token: string) {
    const { roomId, userId } = parseKey(key);
    return Number(await this.redis.eval(EXPIRE, 2, this.prefix + key, this.prefix + roomKeyOf(roomId), token, userId)) === 1;
  }

  async current(roomId: string, now: number) {
    const flat = await this.redis.zrangebyscore(this.prefix + roomKeyOf(roomId), now, '+inf', 'WITHSCORES');
    const out: Array<{ userId: string; at: number }> = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ userId: flat[i], at: Number(flat[i + 1]) - TYPING_EXPIRY_MS });
    return out;
  }
}

/**
 * Typing indicators: ephemeral, never stored in the database. Repeated starts are throttled, a start expires
 * after TYPING_EXPIRY_MS with an `isTyping: false` event, and state is shared across instances through Redis.
 * (The expiry timer lives on the instance that took the latest start; if that instance dies, clients' own
 * timeouts end the indicator.)
 */
export interface TypingServiceDeps extends MemberStreamDeps {
  pubsub: AppPubSub;
  logger: Logger;
  rateLimiter: RateLimiter;
}

export class TypingService {
  private store?: TypingStore;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: TypingServiceDeps) {}

  private getStore(): TypingStore {
    if (!this.store) {
      const { pubsub } = this.deps;
      this.store = pubsub.redis ? new RedisTypingStore(pubsub.redis, pubsub.prefix) : new MemoryTypingStore();
    }
    return this.store;
  }

  /** setTyping: a member starting or stopping typing (rate-limited per user). */
  async setTyping(ctx: Context, roomId: string, isTyping: boolean): Promise<boolean> {
    const viewer = this.deps.connections.viewerOf(ctx);
    await this.deps.rateLimiter.hit(`typing:user:${viewer.id}`, TYPING_CALLS_PER_MINUTE, 60);
    const { room } = await this.deps.rooms.assertMember(ctx.em, roomId, viewer.id);
    try {
      await this.set(room.id, viewer.id, !!isTyping);
    } catch (err) {
      // Typing is ephemeral: with Redis failing it is dropped, not an error for the client.
      this.deps.logger.warn({ err: { message: (err as Error).message } }, 'typing: could not record a start or stop now');
    }
    return true;
  }

  /** The typing stream: starts with who is typing now, so a client that (re)subscribes mid-sentence still shows it. */
  open(ctx: Context, roomId: string): Promise<AsyncIterableIterator<TypingMessage>> {
    return openMemberStream<TypingMessage, TypingMessage>(this.deps, ctx, {
      roomId,
      topic: topics.typing,
      map: (m, viewerId) => (m.userId === viewerId ? null : m),
      snapshot: { read: (id) => this.current(id), key: (m) => m.userId },
    });
  }

  static toEvent(m: TypingMessage): TypingEvent {
    return Object.assign(new TypingEvent(), { roomId: m.roomId, userId: m.userId, isTyping: m.isTyping, at: new Date(m.at) });
  }

  /** Records a start or stop for a member (the caller checked membership) and broadcasts it when due. */
  async set(roomId: string, userId: string, isTyping: boolean): Promise<void> {
    const key = keyOf(roomId, userId);
    const store = this.getStore();
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.delete(key);
    if (!isTyping) {
      if (await store.stop(key)) await this.broadcast(roomId, userId, false);
      return;
    }
    const token = randomUUID();
    const broadcast = await store.start(key, token, Date.now());
    const timer = setTimeout(() => {
      if (this.timers.get(key) === timer) this.timers.delete(key);
      void store
        .expire(key, token)
        .then((expired) => (expired ? this.broadcast(roomId, userId, false) : undefined))
        .catch((err) => this.deps.logger.warn({ err: { message: (err as Error).message } }, 'typing expiry failed'));
    }, TYPING_EXPIRY_MS);
    timer.unref();
    this.timers.set(key, timer);
    if (broadcast) await this.broadcast(roomId, userId, true);
  }

  /** Who is typing in the room right now, as typing-start messages. */
  async current(roomId: string): Promise<TypingMessage[]> {
    const live = await this.getStore().current(roomId, Date.now());
    return live.map((t) => ({ roomId, userId: t.userId, isTyping: true, at: new Date(t.at).toISOString() }));
  }

  private broadcast(roomId: string, userId: string, isTyping: boolean) {
    const message: TypingMessage = { roomId, userId, isTyping, at: new Date().toISOString() };
    return this.deps.pubsub.publish(topics.typing(roomId), message);
  }

  stop() {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
