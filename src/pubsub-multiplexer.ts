import { removeFrom } from './common/arrays.js';
import type { Logger } from './logger.js';
import type { PubSubStats, Unsubscribe } from './pubsub.js';

const SUBSCRIBE_TIMEOUT_MS = 5000;
type Handler = (payload: any) => void;
/** The `ready` of every topic whose engine subscription is live. */
const LIVE = Promise.resolve();

interface TopicEntry {
  /** Its handlers (an array: most topics, a user's, have one, and a Set costs several times more). */
  list: Handler[];
  ready: Promise<void>;
  /** Ends this entry's engine subscription; set once the engine acknowledged it. */
  detach?: () => void;
  /** The last handler left (possibly before the engine acknowledged). */
  gone: boolean;
}

/**
 * Waits for an engine subscription to be live. While Redis is unreachable a SUBSCRIBE waits in ioredis's offline
 * queue: this fails the caller instead of hanging it. (A function of its own: the timer stays out of the context of
 * the unsubscribe closure, which lives as long as the subscription.)
 */
async function readyWithin(ready: Promise<void>, topic: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`pubsub subscribe to ${topic} timed out`)), SUBSCRIBE_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Local handler bookkeeping shared by both engines: one engine subscription per locally held topic, owned by
 * its entry, delivering only to that entry's handlers (so a re-subscribe racing an unsubscribe never delivers twice).
 */
export abstract class Multiplexer {
  protected readonly handlers = new Map<string, TopicEntry>();

  constructor(protected readonly logger: Logger) {}

  /** Subscribes the engine to `topic`, delivering to `deliver`; resolves to a function that ends it. */
  protected abstract attach(topic: string, deliver: (payload: unknown) => void): Promise<() => void>;

  /** Delivers to this instance's handlers of `topic` only (when the engine cannot carry a publish). */
  protected deliverLocally(topic: string, payload: unknown) {
    const entry = this.handlers.get(topic);
    if (entry && !entry.gone) this.deliver(topic, entry, payload);
  }

  private deliver(topic: string, entry: TopicEntry, payload: unknown) {
    for (const h of entry.list.slice()) {
      try {
        h(payload);
      } catch (err) {
        this.logger.error({ err, topic }, 'pubsub handler failed');
      }
    }
  }

  private endEntry(topic: string, entry: TopicEntry) {
    entry.gone = true;
    if (this.handlers.get(topic) === entry) this.handlers.delete(topic);
    try {
      entry.detach?.();
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message }, topic }, 'pubsub unsubscribe failed');
    }
  }

  async subscribe(topic: string, onMessage: Handler): Promise<Unsubscribe> {
    // The callback itself: subscribing one callback twice lists it twice, and each unsubscribe removes one.
    const handler: Handler = onMessage;
    let entry = this.handlers.get(topic);
    if (!entry) {
      // Created with its first handler: pushing onto an empty array reserves room for 17.
      const created: TopicEntry = { list: [handler], gone: false, ready: Promise.resolve() };
      created.ready = this.attach(topic, (payload) => this.deliver(topic, created, payload)).then((detach) => {
        created.detach = detach;
        created.ready = LIVE; // the settled promise need not be kept per topic
        if (created.gone) detach(); // everyone left while the engine was still subscribing
      });
      // A SUBSCRIBE that fails after its callers timed out must not become an unhandled rejection.
      created.ready.catch(() => undefined);
      entry = created;
      this.handlers.set(topic, entry);
    } else entry.list.push(handler);
    const own = entry;
    let done = false;
    const unsubscribe = async () => {
      if (done) return;
      done = true;
      removeFrom(own.list, handler);
      if (own.list.length === 0 && !own.gone) this.endEntry(topic, own);
    };
    try {
      await readyWithin(own.ready, topic);
    } catch (err) {
      await unsubscribe();
      throw err;
    }
    return unsubscribe;
  }

  /** Ends every engine subscription (on close). */
  protected detachAll() {
    for (const [topic, entry] of [...this.handlers]) this.endEntry(topic, entry);
  }

  stats(): PubSubStats {
    let handlers = 0;
    for (const e of this.handlers.values()) handlers += e.list.length;
    return { topics: this.handlers.size, handlers };
  }
}
