import { GraphQLError, isListType, isNonNullType, type ExecutionResult, type GraphQLLeafType, type GraphQLOutputType } from 'graphql';
import type { Context } from '../../context.js';
import type { OverlayRecord } from './shared-document.js';

/** A leaf's resolved value as it appears in a result (what graphql-js's completeValue does for leaves). */
function completeLeaf(type: GraphQLOutputType, value: unknown): unknown {
  if (isNonNullType(type)) return completeLeaf(type.ofType, value);
  if (value === null || value === undefined) return null;
  if (isListType(type)) return Array.from(value as Iterable<unknown>, (v) => completeLeaf(type.ofType, v));
  return (type as GraphQLLeafType).serialize(value);
}

/** A copy of `data` with `value` at `path`, sharing every branch the path does not cross. */
function setIn(data: unknown, path: ReadonlyArray<string | number>, value: unknown, at = 0): unknown {
  if (at === path.length) return value;
  const key = path[at];
  if (Array.isArray(data)) {
    const copy = data.slice();
    copy[key as number] = setIn(data[key as number], path, value, at + 1);
    return copy;
  }
  if (data === null || typeof data !== 'object') return data; // the branch was nulled by an error: nothing to lay over
  return { ...(data as Record<string, unknown>), [key]: setIn((data as Record<string, unknown>)[key], path, value, at + 1) };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** The masked error an event gets when its execution, or a subscriber's per-viewer values, failed or took too long. */
export function failedResult(err: unknown): ExecutionResult {
  const original = err instanceof Error ? err : new Error(String(err));
  return { data: null, errors: [new GraphQLError(original.message, { originalError: original })] };
}

/** A subscriber's variant when its per-viewer values could not be resolved. */
function failed(err: unknown): Variant {
  return { result: failedResult(err) };
}

/**
 * The key of a set of per-viewer values: a letter per value when all are booleans or null (`reactedByMe`,
 * `mentionsMe`, @ShownTo tests: nearly always), JSON otherwise. It is made for every subscriber of a broadcast.
 */
function variantKey(values: readonly unknown[]): string {
  let key = '';
  for (const v of values) {
    if (v === true) key += 't';
    else if (v === false) key += 'f';
    else if (v === null || v === undefined) key += 'n';
    else return JSON.stringify(values);
  }
  return key;
}

export interface Variant {
  result: ExecutionResult;
  body?: Buffer;
}

/**
 * One shared execution's result and, for documents with viewer-dependent fields, each subscriber's variant of it:
 * `@PerViewer` leaves resolved again with that subscriber's context, and `@ShownTo` fields the subscriber may not see
 * emptied, laid over the shared data. Subscribers whose values are the same share one variant (one object, one
 * serialized body): for `reactedByMe` and read receipts that is nearly everybody.
 */
export class SharedResult {
  private readonly variants = new Map<string, Variant>();
  private readonly plain: Variant;

  constructor(
    result: ExecutionResult,
    private readonly records: readonly OverlayRecord[],
    /** Formats errors for a frame (codes kept, internal errors masked), as the socket's `onNext` does. */
    private readonly formatErrors: (errors: readonly GraphQLError[]) => unknown[],
    /** The context a subscriber's per-viewer leaves resolve with (the event's shared loads, the subscriber's viewer). */
    private readonly contextFor: (base: Context) => Context,
  ) {
    this.plain = { result };
  }

  /**
   * The variant a subscriber (its own context) gets; never rejects (a failure is a masked error for this event).
   * Synchronous when every per-viewer value is (the usual case: `reactedByMe`, signed URLs, `mentionsMe` once the
   * shared execution loaded the mention rows), so a broadcast to many subscribers makes no promise per subscriber.
   */
  forViewer(base: Context, prepare?: (ctx: Context) => Promise<void> | void): Variant | Promise<Variant> {
    if (!this.records.length || !this.plain.result.data) return this.plain;
    if (!prepare) return this.valuesFor(base);
    // The subscriber's own values come from its context: `prepare` fills it first (a viewer news item's counts).
    let ctx: Context;
    let ready: Promise<void> | void;
    try {
      ctx = this.contextFor(base);
      ready = prepare(ctx);
    } catch (err) {
      return failed(err);
    }
    return isPromiseLike(ready) ? Promise.resolve(ready).then(() => this.valuesFor(base, ctx), failed) : this.valuesFor(base, ctx);
  }

  /** The variant for the subscriber's per-viewer values, resolved with `given` (or a context made when first needed). */
  private valuesFor(base: Context, given?: Context): Variant | Promise<Variant> {
    let values: unknown[];
    let pending = false;
    try {
      let ctx = given;
      values = this.records.map((r) => {
        // A @ShownTo field: whether this viewer sees the shared value (cheap, no context needed).
        if (r.kind === 'shown-to') return r.test(base.viewer);
        // From the parent object alone when the field can say (no context, no resolver call).
        const known = r.byViewer?.(r.source, base.viewer);
        if (known !== undefined) return completeLeaf(r.info.returnType, known);
        ctx ??= this.contextFor(base);
        const value = r.resolve(r.source, r.args, ctx, r.info);
        if (isPromiseLike(value)) {
          pending = true;
          return Promise.resolve(value).then((v) => completeLeaf(r.info.returnType, v));
        }
        return completeLeaf(r.info.returnType, value);
      });
    } catch (err) {
      return failed(err);
    }
    if (!pending) return this.variantFor(values);
    return Promise.all(values).then(
      (settled) => this.variantFor(settled),
      (err: unknown) => failed(err),
    );
  }

  /** The variant for a subscriber's per-viewer values: one per distinct set of values, made on first use. */
  private variantFor(values: unknown[]): Variant {
    const key = variantKey(values);
    let variant = this.variants.get(key);
    if (!variant) {
      let data: unknown = this.plain.result.data;
      // Leaves first, then the hidden @ShownTo fields replace their whole subtree (leaves under them included).
      this.records.forEach((r, i) => r.kind === 'leaf' && (data = setIn(data, r.path, values[i])));
      this.records.forEach((r, i) => r.kind === 'shown-to' && values[i] === false && (data = setIn(data, r.path, r.empty)));
      variant = { result: { ...this.plain.result, data: data as ExecutionResult['data'] } };
      this.variants.set(key, variant);
    }
    return variant;
  }

  /** The frame bodies serialized so far (diagnostics: what a kept result holds outside the V8 heap). */
  bodies(): Buffer[] {
    return [this.plain, ...this.variants.values()].flatMap((v) => (v.body ? [v.body] : []));
  }

  /**
   * A variant's frame body: its payload JSON and the frame's closing brace, serialized once per variant. The body is
   * kept as long as its result (up to MAX_KEPT_RESULTS), so it gets an ArrayBuffer of its own, exactly its size:
   * `Buffer.from` would cut a small body out of Node's 8 KiB Buffer pool, and each kept body would then pin a whole
   * slab (the churn soak measured 8 KiB held per kept result, about 12 MiB of external memory once 1,500 were kept).
   */
  body(variant: Variant): Buffer {
    if (!variant.body) {
      const { result } = variant;
      const payload = result.errors?.length ? { ...result, errors: this.formatErrors(result.errors) } : result;
      const text = `${JSON.stringify(payload)}}`;
      const body = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
      body.write(text, 0);
      variant.body = body;
    }
    return variant.body;
  }
}
