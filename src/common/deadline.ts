/** A dependency did not answer within its deadline. */
export class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Settles as `promise` does, or rejects with a DeadlineError when it has not settled `ms` after the call (the
 * promise itself is left to finish).
 *
 * The verdict waits one turn of the event loop past the timer: `setImmediate` runs after the loop's I/O poll, so an
 * answer that is already waiting in a socket is read first. When this process itself was busy past the deadline
 * (a long broadcast flush, a GC), a timer alone fires before the answer is read, and a busy server mistakes its own
 * lateness for the dependency's. Measured in the fan-out bench (1,000 subscribers, 50 msg/s): with ioredis's own
 * `commandTimeout` (a plain timer) publishes "timed out" against a Redis that had answered, the outbox took over,
 * and it ran full (20,000 entries) for the rest of the run.
 */
export function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (done) return;
          done = true;
          reject(new DeadlineError(what, ms));
        }),
      ms,
    );
    promise.then(
      (value) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** Resolves to `fallback` if `promise` has not settled within `ms`, or rejected (the promise itself is left to finish). */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return settleWithin(promise, ms, 'the call').catch(() => fallback);
}
