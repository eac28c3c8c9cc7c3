import type { Redis } from 'ioredis';
import { RateLimitedError } from './errors.js';

/** Fixed-window counters: in Redis when configured (shared by every instance), in memory otherwise. */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly redis: Redis | undefined,
    private readonly prefix: string,
  ) {}

  /** Counts one hit on `key`; throws RATE_LIMITED once more than `limit` happen within `windowSeconds`. 0 disables. */
  async hit(key: string, limit: number, windowSeconds: number): Promise<void> {
    if (limit <= 0) return;
    let count: number;
    let ttl: number;
    if (this.redis) {
      const k = `${this.prefix}rl:${key}`;
      const res = await this.redis.multi().incr(k).expire(k, windowSeconds, 'NX').ttl(k).exec();
      count = Number(res?.[0]?.[1] ?? 0);
      ttl = Math.max(1, Number(res?.[2]?.[1] ?? windowSeconds));
    } else {
      const now = Date.now();
      let w = this.windows.get(key);
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + windowSeconds * 1000 };
        this.windows.set(key, w);
        if (this.windows.size > 50_000) this.sweep(now);
      }
      count = ++w.count;
      ttl = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
    }
    if (count > limit) throw new RateLimitedError(ttl);
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}
