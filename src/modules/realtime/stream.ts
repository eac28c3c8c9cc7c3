import { removeFrom } from '../../common/arrays.js';

/** Returned by a pull function when the stream has nothing more to say. */
export const END = Symbol('end');
/**
 * Returned by a pull function that has nothing to hand out now: the stream waits for its `park` function and then
 * pulls again. An idle stream then keeps a pending promise, not a suspended async frame as well.
 */
export const PARK = Symbol('park');

/**
 * A stop flag with one listener: what an AbortSignal does here, at a fraction of its memory (an AbortController
 * is an EventTarget with its own maps, and an idle subscription keeps one for as long as it lives).
 */
export class StopSignal {
  aborted = false;
  private listener?: () => void;

  /** Calls `fn` once when stopped (replacing an earlier listener). */
  onStop(fn: () => void) {
    this.listener = fn;
  }

  stop() {
    if (this.aborted) return;
    this.aborted = true;
    const fn = this.listener;
    this.listener = undefined;
    fn?.();
  }
}

/**
 * An AsyncIterator driven by a pull function, whose `return()` takes effect at once, even while a `next()` is
 * waiting for news. (An async generator's `return()` queues behind a pending `next()`, so a socket closing on an
 * idle stream would never get its cleanup run: the reason this is not an async generator.)
 */
export class PullStream<T> implements AsyncIterableIterator<T> {
  private readonly stop = new StopSignal();
  private finished = false;
  /** What drives this stream, for consumers that can take a faster path with it (a RoomEventStream). */
  owner?: object;
  private cleanupDone?: Promise<void>;
  private resolveEnded?: () => void;
  private endedPromise?: Promise<void>;
  private hasEnded = false;
  /** Maps each value before it is handed out (see `mapWith`). */
  private mapper?: (value: T) => Promise<unknown>;

  constructor(
    private readonly pull: (signal: StopSignal) => Promise<T | typeof END | typeof PARK>,
    private readonly cleanup: () => Promise<void> | void,
    /** What a pull that returned PARK waits for before the stream pulls again (it must resolve on stop too). */
    private readonly park?: (signal: StopSignal) => Promise<void>,
  ) {}

  /** Resolves once the stream has ended (by itself or by `return()`) and its cleanup ran. Made when first asked for. */
  get ended(): Promise<void> {
    if (this.hasEnded) return Promise.resolve();
    return (this.endedPromise ??= new Promise<void>((r) => (this.resolveEnded = r)));
  }

  /**
   * This stream handing out each value mapped by `fn`, as graphql-js maps a subscription's source events to results:
   * a `fn` that throws ends the stream and its error reaches the consumer. Mapping here rather than in a wrapping
   * iterator saves an idle subscription an object, a closure and a pending promise.
   */
  mapWith<U>(fn: (value: T) => Promise<U>): AsyncIterableIterator<U> {
    this.mapper = fn;
    return this as unknown as AsyncIterableIterator<U>;
  }

  /** True once the stream ended (by itself or by `return()`). */
  get isFinished(): boolean {
    return this.finished;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  // Not an async method: an idle stream's pending next() is one promise, not a suspended frame as well.
  next(): Promise<IteratorResult<T>> {
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    if (!this.park) return this.pull(this.stop).then(this.settle as (v: T | typeof END | typeof PARK) => Promise<IteratorResult<T>>, this.fail);
    return new Promise((resolve) => this.drive(resolve));
  }

  /**
   * Pulls until the pull hands out something or ends, waiting for `park` each time it parks, then settles `next()`
   * with that. Each round's callbacks are dropped once they ran (no promise chained per round): a stream woken with
   * nothing to hand out, many times while idle, still holds one round.
   */
  private drive(resolve: (r: Promise<IteratorResult<T>>) => void) {
    this.pull(this.stop).then(
      (value) => {
        if (value !== PARK) resolve(this.settle(value));
        // Woken: pull again, or, when the stream was ended meanwhile, settle as done once its cleanup ran.
        else void this.park!(this.stop).then(() => (this.finished ? resolve(this.settle(END)) : this.drive(resolve)));
      },
      (err: unknown) => resolve(this.fail(err)),
    );
  }

  private readonly settle = async (value: T | typeof END): Promise<IteratorResult<T>> => {
    if (value === END || this.finished) {
      await this.finish();
      return { value: undefined, done: true };
    }
    if (!this.mapper) return { value, done: false };
    try {
      return { value: (await this.mapper(value)) as T, done: false };
    } catch (err) {
      await this.finish();
      throw err;
    }
  };

  private readonly fail = async (err: unknown): Promise<IteratorResult<T>> => {
    await this.finish();
    throw err;
  };

  async return(): Promise<IteratorResult<T>> {
    await this.finish();
    return { value: undefined, done: true };
  }

  async throw(err?: unknown): Promise<IteratorResult<T>> {
    await this.finish();
    throw err;
  }

  /** Ends the stream: a pending `next()` resolves as done, and cleanup runs once. */
  finish(): Promise<void> {
    if (!this.cleanupDone) {
      this.finished = true;
      this.stop.stop();
      this.cleanupDone = Promise.resolve()
        .then(() => this.cleanup())
        .catch(() => undefined)
        .finally(() => {
          this.hasEnded = true;
          this.resolveEnded?.();
        });
    }
    return this.cleanupDone;
  }
}

/** A wake-up signal: `wait()` resolves on the next `notify()`, on abort, or after `ms`. */
export class Waker {
  /** Whoever waits: one function, or an array when several wait at once (a stream has one waiter at a time). */
  private waiters: (() => void) | Array<() => void> | undefined;
  /** The stop signal already wired to `notify()`: one listener per stream, not one per wait (a wait per delivery). */
  private bound?: StopSignal;

  notify() {
    const w = this.waiters;
    if (!w) return;
    this.waiters = undefined;
    if (typeof w === 'function') w();
    else for (const f of w) f();
  }

  private add(f: () => void) {
    const w = this.waiters;
    this.waiters = !w ? f : typeof w === 'function' ? [w, f] : (w.push(f), w);
  }

  private remove(f: () => void) {
    const w = this.waiters;
    if (w === f) this.waiters = undefined;
    else if (Array.isArray(w)) removeFrom(w, f);
  }

  wait(signal: StopSignal, ms?: number): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    if (this.bound !== signal) {
      this.bound = signal;
      signal.onStop(() => this.notify());
    }
    return new Promise<void>((resolve) => {
      if (ms === undefined) {
        this.add(resolve);
        return;
      }
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.remove(done);
        resolve();
      }, ms);
      this.add(done);
    });
  }
}

/**
 * A stream fed by pushes (typing, presence, viewer news): a bounded queue, ended by `end()` after what is queued
 * has been read, or at once by the consumer's `return()`.
 */
export class QueueStream<T> {
  private readonly queue: T[] = [];
  private readonly waker = new Waker();
  private ended = false;
  readonly stream: PullStream<T>;

  constructor(
    cleanup: () => Promise<void> | void,
    private readonly limit = 1000,
  ) {
    this.stream = new PullStream<T>(async (signal) => {
      while (!this.queue.length && !this.ended && !signal.aborted) await this.waker.wait(signal);
      if (signal.aborted) return END;
      if (this.queue.length) return this.queue.shift()!;
      return END;
    }, cleanup);
  }

  push(value: T) {
    if (this.ended) return;
    // A consumer this far behind is not reading; the oldest news is the least useful.
    if (this.queue.length >= this.limit) this.queue.shift();
    this.queue.push(value);
    this.waker.notify();
  }

  /** Ends after the queued values are delivered. */
  end(last?: T) {
    if (this.ended) return;
    if (last !== undefined) this.queue.push(last);
    this.ended = true;
    this.waker.notify();
  }

  get isEnded() {
    return this.ended;
  }
}
