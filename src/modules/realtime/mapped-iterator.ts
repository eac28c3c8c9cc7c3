/** True for what graphql-js's createSourceEventStream returns on success. */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === 'function';
}

/**
 * Maps an async iterator like graphql-js does for subscriptions: `return()` goes straight to the source (a
 * PullStream ends at once even while a `next()` waits), unlike an async generator's, which queues. A class rather
 * than closures: an idle subscription keeps one for as long as it lives.
 */
export class MappedIterator<T, U> implements AsyncIterableIterator<U> {
  private readonly iterator: AsyncIterator<T>;

  constructor(
    iterable: AsyncIterable<T>,
    private readonly fn: (value: T) => Promise<U>,
  ) {
    this.iterator = iterable[Symbol.asyncIterator]();
  }

  private async closeQuietly() {
    try {
      await this.iterator.return?.();
    } catch {
      /* keep the original error */
    }
  }

  private async map(r: IteratorResult<T>): Promise<IteratorResult<U>> {
    if (r.done) return r;
    try {
      return { value: await this.fn(r.value), done: false };
    } catch (err) {
      await this.closeQuietly();
      throw err;
    }
  }

  // Not an async method: an idle subscription's pending next() is one promise, not a suspended frame as well.
  next(): Promise<IteratorResult<U>> {
    return this.iterator.next().then(this.mapResult);
  }

  private readonly mapResult = (r: IteratorResult<T>) => this.map(r);

  async return(): Promise<IteratorResult<U>> {
    return this.iterator.return ? this.map(await this.iterator.return()) : { value: undefined, done: true };
  }

  async throw(err?: unknown): Promise<IteratorResult<U>> {
    if (this.iterator.throw) return this.map(await this.iterator.throw(err));
    await this.closeQuietly();
    throw err;
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
