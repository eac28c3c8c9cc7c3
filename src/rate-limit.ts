import type { Redis } from 'ioredis';
import { RateLimitedError } from './errors.js';
import type { Logger } from './logger.js';

/** For each key: count one hit, start its window if it has none, and return the count and the seconds left. */
const HIT_LUA = `
local out = {}
for i, k in ipairs(KEYS) do
  local count = redis.call('INCR', k)
  redis.call('EXPIRE', k, ARGV[1], 'NX')
  out[2 * i - 1] = count
  out[2 * i] = redis.call('TTL', k)
end
return out`;

type RedisWithHit = Redis & { parleyRateHit(numKeys: number, ...args: Array<string | number>): Promise<number[]> };

/** How often at most a Redis failure of the limiter is logged (each one is counted). */
const FALLBACK_LOG_MS = 10_000;
/**
 * After Redis failed the limiter, how long it counts in memory without asking Redis again: during an outage each
 * request would otherwise wait the whole command timeout first (the outage soak saw every send pay it).
 */
const REDIS_BACKOFF_MS = 1000;

/**
 * Fixed-window counters: in Redis when configured (shared by every instance), and in memory (this instance's own).
 * When Redis does not answer (down, or slower than the command timeout), the memory counts decide: limits still hold
 * per instance, and a send never fails because Redis did.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly redis: RedisWithHit | undefined;
  /** Hits counted in memory because Redis failed (a warning metric). */
  fallbacks = 0;
  private lastFallbackLog = 0;
  /** Until then Redis is not asked (it failed just before). */
  private redisBackoffUntil = 0;

  constructor(
    redis: Redis | undefined,
    private readonly prefix: string,
    /** Told about each refusal with the refused key's kind (its first segment: `login`, `send`, `reset`...). */
    private readonly onRefused?: (limit: string) => void,
    private readonly logger?: Logger,
  ) {
    if (redis && !(redis as unknown as Partial<RedisWithHit>).parleyRateHit) redis.defineCommand('parleyRateHit', { lua: HIT_LUA });
    this.redis = redis as unknown as RedisWithHit | undefined;
  }

  /** Counts one hit on `key`; throws RATE_LIMITED once more than `limit` happen within `windowSeconds`. 0 disables. */
  hit(key: string, limit: number, windowSeconds: number): Promise<void> {
    return this.hitAll([[key, limit]], windowSeconds);
  }

  /**
   * Counts one hit on each `[key, limit]` (one Redis round trip for all of them); throws RATE_LIMITED when any is over
   * its limit, with the longest wait among those. A limit of 0 disables that key.
   */
  async hitAll(entries: Array<[key: string, limit: number]>, windowSeconds: number): Promise<void> {
    const active = entries.filter(([, limit]) => limit > 0);
    if (!active.length) return;
    let counts: Array<{ count: number; ttl: number }> | undefined;
    if (this.redis && Date.now() < this.redisBackoffUntil) this.fallbacks++;
    else if (this.redis) {
      try {
        const res = await this.redis.parleyRateHit(active.length, ...active.map(([key]) => `${this.prefix}rl:${key}`), windowSeconds);
        counts = active.map((_, i) => ({ count: Number(res[2 * i]), ttl: Math.max(1, Number(res[2 * i + 1] ?? windowSeconds)) }));
      } catch (err) {
        this.fallbacks++;
        const now = Date.now();
        this.redisBackoffUntil = now + REDIS_BACKOFF_MS;
        if (now - this.lastFallbackLog >= FALLBACK_LOG_MS) {
          this.lastFallbackLog = now;
          this.logger?.warn({ err: { message: (err as Error).message }, fallbacks: this.fallbacks }, 'rate limiter: redis failed, counting in memory');
        }
      }
    }
    // Counted in memory too, Redis or not: when Redis fails mid-window, this instance's own hits so far still count
    // (a fallback that started from zero let a prober through right after a slow Redis answer).
    const now = Date.now();
    const local = active.map(([key]) => {
      let w = this.windows.get(key);
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + windowSeconds * 1000 };
        this.windows.set(key, w);
        if (this.windows.size > 50_000) this.sweep(now);
      }
      return { count: ++w.count, ttl: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
    });
    counts ??= local;
    let wait = 0;
    active.forEach(([, limit], i) => {
      if (counts[i].count > limit) wait = Math.max(wait, counts[i].ttl);
    });
    if (wait && this.onRefused) for (const [i, [key, limit]] of active.entries()) if (counts[i].count > limit) this.onRefused(key.split(':')[0]!);
    if (wait) throw new RateLimitedError(wait);
  }

  /** Drops ended windows, then the oldest ones if still over the bound (at most once per 5,000 new keys). */
  private sweep(now: number) {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    for (const k of this.windows.keys()) {
      if (this.windows.size <= 45_000) break;
      this.windows.delete(k);
    }
  }
}
