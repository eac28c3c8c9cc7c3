import type { Logger } from './logger.js';

/** Publishes not yet accepted by Redis, held at most this many (oldest dropped: streams fill gaps from the room log). */
const OUTBOX_LIMIT = 20_000;
/** How long to wait before trying again while Redis still refuses. */
const RETRY_MS = 500;
/** Entries per drain round trip (one pipeline). */
const DRAIN_BATCH = 500;
/** Entries dropped at once when the outbox is full (a tenth: an array's shift per publish would cost O(n) each). */
const DROP_AT_ONCE = OUTBOX_LIMIT / 10;
/** How long a locally delivered publish waits for its own echo from Redis before the echo is no longer expected. */
const ECHO_TTL_MS = 120_000;

export interface OutboxEntry {
  channel: string;
  json: string;
}

/** An entry with its place in line (drops from the head while a drain is out must not shift what it took). */
interface Queued extends OutboxEntry {
  n: number;
}

export interface OutboxStats {
  /** Publishes waiting for Redis. */
  pending: number;
  /** Publishes Redis refused or did not answer in time (each went to the outbox). */
  failed: number;
  /** Publishes dropped because the outbox was full. */
  dropped: number;
  /** Outbox entries published after all. */
  drained: number;
}

/**
 * The PubSub's outbox (DESIGN.md "Faults": the database is the truth, the PubSub carries news). A publish Redis does
 * not take (down, or no answer within the command timeout) is delivered to this instance's own subscribers at once and
 * kept here, in order, until Redis takes it; later publishes queue behind it, so a topic's order holds. When the
 * drained publish comes back from Redis, this instance's subscribers already had it: `isEcho` drops that copy once.
 */
export class PublishOutbox {
  private readonly queue: Queued[] = [];
  private added = 0;
  private draining = false;
  private retry?: NodeJS.Timeout;
  private closed = false;
  /** No draining before this time (Infinity: until `release`): other instances' subscribers reconnect meanwhile. */
  private holdUntil = 0;
  /** channel + json of publishes delivered locally whose Redis echo is still to come, with when they expire. */
  private readonly echoes = new Map<string, { count: number; until: number }>();
  readonly stats: OutboxStats = { pending: 0, failed: 0, dropped: 0, drained: 0 };

  constructor(
    /**
     * Publishes entries on Redis in order, in one round trip; resolves to how many it took, counted from the first
     * (it stops at the first refusal), or rejects when Redis does not answer.
     */
    private readonly send: (entries: readonly OutboxEntry[]) => Promise<number>,
    /** Whether the connection is up (the drain waits for it). */
    private readonly connected: () => boolean,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.queue.length;
  }

  /** Keeps a publish Redis did not take (the caller delivered it locally when `local` is true). */
  add(entry: OutboxEntry, local: boolean, err?: unknown) {
    this.stats.failed++;
    if (this.queue.length >= OUTBOX_LIMIT) {
      this.stats.dropped += this.queue.splice(0, DROP_AT_ONCE).length;
    }
    this.queue.push({ channel: entry.channel, json: entry.json, n: ++this.added });
    this.stats.pending = this.queue.length;
    if (local) {
      const key = entry.channel + '\u0000' + entry.json;
      const e = this.echoes.get(key);
      if (e) e.count++;
      else this.echoes.set(key, { count: 1, until: Date.now() + ECHO_TTL_MS });
    }
    if (this.stats.failed === 1 || this.queue.length === 1) {
      this.logger.warn({ err: err instanceof Error ? { message: err.message } : undefined, pending: this.queue.length }, 'redis did not take a publish: delivered locally, kept for retry');
    }
    this.kick();
  }

  /** True (once) for a message from Redis that this instance already delivered locally. */
  isEcho(channel: string, payload: unknown): boolean {
    if (!this.echoes.size) return false;
    const key = channel + '\u0000' + JSON.stringify(payload);
    const e = this.echoes.get(key);
    if (!e) return false;
    if (--e.count <= 0) this.echoes.delete(key);
    return true;
  }

  /** The connection was lost: hold the drain until `release`. */
  hold() {
    this.holdUntil = Number.POSITIVE_INFINITY;
  }

  /**
   * The connection is back: drain after `settleMs`, so the other instances' subscribers (reconnecting on their own
   * schedule) are back too and get what is drained.
   */
  release(settleMs: number) {
    if (this.holdUntil !== Number.POSITIVE_INFINITY) return;
    this.holdUntil = Date.now() + settleMs;
    this.kick();
  }

  /** Drains the outbox now if the connection is up and not held. */
  kick() {
    if (this.draining || this.closed || !this.queue.length) return;
    const wait = this.holdUntil - Date.now();
    if (wait === Number.POSITIVE_INFINITY) return;
    if (wait > 0) return this.later(wait);
    if (!this.connected()) return this.later();
    this.draining = true;
    void this.drain().finally(() => {
      this.draining = false;
      if (this.queue.length) this.later();
    });
  }

  private later(ms = RETRY_MS) {
    if (this.retry || this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.kick();
    }, ms);
    this.retry.unref();
  }

  private async drain() {
    const started = this.queue.length;
    while (this.queue.length && !this.closed) {
      const batch = this.queue.slice(0, DRAIN_BATCH);
      let taken: number;
      try {
        taken = await this.send(batch);
      } catch {
        return;
      }
      // Entries dropped meanwhile left from the head: remove what was taken by its place in line, not by index.
      const last = taken > 0 ? batch[taken - 1].n : 0;
      let gone = 0;
      while (gone < this.queue.length && this.queue[gone].n <= last) gone++;
      this.queue.splice(0, gone);
      this.stats.drained += taken;
      this.stats.pending = this.queue.length;
      if (taken < batch.length) return;
    }
    const now = Date.now();
    for (const [k, e] of this.echoes) if (e.until < now) this.echoes.delete(k);
    if (started) this.logger.info({ published: started }, 'redis is back: the outbox was published');
  }

  close() {
    this.closed = true;
    clearTimeout(this.retry);
  }
}
