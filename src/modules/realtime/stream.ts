import { removeFrom } from '../../common/arrays.js';

/** Returned by a pull function when the stream has nothing more to say. */
export const END = Symbol('end');
/**
 * Returned by a pull function that has nothing to hand out now: the stream waits for its `park` function and then
 * pulls again. An idle stream then keeps a pending promise, not a suspended async frame as well.
 */
export const PARK = Symbol('park');

/** Something woken by a signal or a Waker: an object with a method, so a waiting stream needs no closure for it. */
export interface Notifiable {
  notify(): void;
}

/**
 * A stop flag with one listener: what an AbortSignal does here, at a fraction of its memory (an AbortController
 * is an EventTarget with its own maps, and an idle subscription keeps one for as long as it lives).
 */
export class StopSignal {
  aborted = false;
  private listener?: (() => void) | Notifiable;

  /** Calls `fn` (or `fn.notify()`) once when stopped, replacing an earlier listener. */
  onStop(fn: (() => void) | Notifiable) {
    this.listener = fn;
  }

  stop() {
    if (this.aborted) return;
    this.aborted = true;
    const fn = this.listener;
    this.listener = undefined;
    if (typeof fn === 'function') fn();
    else fn?.notify();
  }
}

/**
 * What drives a PullStream. An object rather than three closures: an idle subscription keeps its source for as long
 * as it lives, and a class's methods cost nothing per instance.
 */
export interface PullSource<T> {
  /** The next value, END when the stream has nothing more to say, or PARK when it has nothing to hand out now. */
  pull(signal: StopSignal): Promise<T | typeof END | typeof PARK>;
  /** Run once when the stream ends. */
  cleanup(): Promise<void> | void;
  /**
   * A pull returned PARK: call `stream.notify()` once there may be news, and when `signal` stops (the stream then pulls
   * again). Required of a source whose pull can park.
   */
  park?(stream: Notifiable, signal: StopSignal): void;
}

/** Maps each value a PullStream hands out (see `mapWith`). */
export interface StreamMapper<T, U> {
  map(value: T): Promise<U>;
}

/** A PullSource made of functions, for streams that are few or short-lived (a queue, a member list). */
export function pullSource<T>(pull: PullSource<T>['pull'], cleanup: PullSource<T>['cleanup']): PullSource<T> {
  return { pull, cleanup };
}

/**
 * An AsyncIterator driven by a PullSource, whose `return()` takes effect at once, even while a `next()` is waiting for
 * news. (An async generator's `return()` queues behind a pending `next()`, so a socket closing on an idle stream would
 * never get its cleanup run: the reason this is not an async generator.)
 */
export class PullStream<T> implements AsyncIterableIterator<T>, Notifiable {
  private readonly stop = new StopSignal();
  private finished = false;
  /** What drives this stream, for consumers that can take a faster path with it (a RoomEventStream). */
  owner?: object;
  private cleanupDone?: Promise<void>;
  private resolveEnded?: () => void;
  private endedPromise?: Promise<void>;
  private hasEnded = false;
  /** Maps each value before it is handed out (see `mapWith`). */
  private mapper?: StreamMapper<T, unknown>;
  /** While parked: the pending `next()`'s resolve, which `notify()` takes to pull again. */
  private parked?: (r: Promise<IteratorResult<T>>) => void;

  constructor(private readonly source: PullSource<T>) {}

  /** Resolves once the stream has ended (by itself or by `return()`) and its cleanup ran. Made when first asked for. */
  get ended(): Promise<void> {
    if (this.hasEnded) return Promise.resolve();
    return (this.endedPromise ??= new Promise<void>((r) => (this.resolveEnded = r)));
  }

  /**
   * This stream handing out each value mapped by `mapper`, as graphql-js maps a subscription's source events to
   * results: a `map` that throws ends the stream and its error reaches the consumer. Mapping here rather than in a
   * wrapping iterator saves an idle subscription an object, a closure and a pending promise.
   */
  mapWith<U>(mapper: StreamMapper<T, U>): AsyncIterableIterator<U> {
    this.mapper = mapper;
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
    if (!this.source.park) {
      return this.source.pull(this.stop).then(
        (v) => this.settle(v as T | typeof END),
        (err: unknown) => this.fail(err),
      );
    }
    return new Promise((resolve) => this.drive(resolve));
  }

  /**
   * Pulls until the pull hands out something or ends, then settles `next()` with that. A pull that parks leaves the
   * pending `next()`'s resolve here and the stream with its source's waker: an idle stream holds no promise and no
   * closure of its own while it waits, however many times it is woken with nothing to hand out.
   */
  private drive(resolve: (r: Promise<IteratorResult<T>>) => void) {
    this.source.pull(this.stop).then(
      (value) => {
        if (value !== PARK) return resolve(this.settle(value));
        this.parked = resolve;
        this.source.park!(this, this.stop);
      },
      (err: unknown) => resolve(this.fail(err)),
    );
  }

  /** Woken while parked: pulls again on the next microtask (or settles as done once the stream was ended meanwhile). */
  notify() {
    const resolve = this.parked;
    if (!resolve) return;
    this.parked = undefined;
    // Not at once: the waker may be notifying from inside the stream's own bookkeeping (a stop during `finish`).
    queueMicrotask(() => (this.finished ? resolve(this.settle(END)) : this.drive(resolve)));
  }

  private async settle(value: T | typeof END): Promise<IteratorResult<T>> {
    if (value === END || this.finished) {
      await this.finish();
      return { value: undefined, done: true };
    }
    if (!this.mapper) return { value, done: false };
    try {
      return { value: (await this.mapper.map(value)) as T, done: false };
    } catch (err) {
      await this.finish();
      throw err;
    }
  }

  private async fail(err: unknown): Promise<IteratorResult<T>> {
    await this.finish();
    throw err;
  }

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
        .then(() => this.source.cleanup())
        .catch(() => undefined)
        .finally(() => {
          this.hasEnded = true;
          this.resolveEnded?.();
        });
    }
    return this.cleanupDone;
  }
}

/** Whoever waits on a Waker: a promise's resolve, or a parked stream. */
type Waiter = (() => void) | Notifiable;

/** A wake-up signal: `wait()` resolves on the next `notify()`, on abort, or after `ms`; `park()` notifies a stream. */
export class Waker implements Notifiable {
  /** Whoever waits: one, or an array when several wait at once (a stream has one waiter at a time). */
  private waiters: Waiter | Waiter[] | undefined;
  /** The stop signal already wired to `notify()`: one listener per stream, not one per wait (a wait per delivery). */
  private bound?: StopSignal;

  notify() {
    const w = this.waiters;
    if (!w) return;
    this.waiters = undefined;
    if (!Array.isArray(w)) wakeUp(w);
    else for (const f of w) wakeUp(f);
  }

  private add(f: Waiter) {
    const w = this.waiters;
    this.waiters = !w ? f : Array.isArray(w) ? (w.push(f), w) : [w, f];
  }

  private remove(f: Waiter) {
    const w = this.waiters;
    if (w === f) this.waiters = undefined;
    else if (Array.isArray(w)) removeFrom(w, f);
  }

  private bind(signal: StopSignal) {
    if (this.bound === signal) return;
    this.bound = signal;
    signal.onStop(this);
  }

  /** Notifies `stream` on the next `notify()` or when `signal` stops (at once if it has). */
  park(stream: Notifiable, signal: StopSignal) {
    if (signal.aborted) return stream.notify();
    this.bind(signal);
    this.add(stream);
  }

  wait(signal: StopSignal, ms?: number): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    this.bind(signal);
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

function wakeUp(w: Waiter) {
  if (typeof w === 'function') w();
  else w.notify();
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
    this.stream = new PullStream<T>(
      pullSource(async (signal) => {
        while (!this.queue.length && !this.ended && !signal.aborted) await this.waker.wait(signal);
        if (signal.aborted) return END;
        if (this.queue.length) return this.queue.shift()!;
        return END;
      }, cleanup),
    );
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
