import { GraphQLError, isListType, isNonNullType, type ExecutionResult, type GraphQLLeafType, type GraphQLOutputType } from 'graphql';
import { eventContext, type Context } from '../../context.js';
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

interface Variant {
  result: ExecutionResult;
  body?: Buffer;
}

/**
 * One shared execution's result and, for documents with per-viewer leaves, each subscriber's variant of it: the
 * leaves resolved again with that subscriber's context and laid over the shared data. Subscribers whose leaves have
 * the same values share one variant (one object, one serialized body): for `reactedByMe` that is nearly everybody.
 */
export class SharedResult {
  private readonly variants = new Map<string, Variant>();
  private readonly plain: Variant;

  constructor(
    result: ExecutionResult,
    private readonly records: readonly OverlayRecord[],
    /** Formats errors for a frame (codes kept, internal errors masked), as the socket's `onNext` does. */
    private readonly formatErrors: (errors: readonly GraphQLError[]) => unknown[],
  ) {
    this.plain = { result };
  }

  /** The variant a subscriber (its own context) gets; never rejects (a failure is a masked error for this event). */
  async forViewer(base: Context): Promise<Variant> {
    if (!this.records.length || !this.plain.result.data) return this.plain;
    let values: unknown[];
    try {
      const ctx = eventContext(base);
      values = await Promise.all(this.records.map(async (r) => completeLeaf(r.info.returnType, await r.resolve(r.source, r.args, ctx, r.info))));
    } catch (err) {
      const original = err instanceof Error ? err : new Error(String(err));
      return { result: { data: null, errors: [new GraphQLError(original.message, { originalError: original })] } };
    }
    const key = JSON.stringify(values);
    let variant = this.variants.get(key);
    if (!variant) {
      let data: unknown = this.plain.result.data;
      this.records.forEach((r, i) => (data = setIn(data, r.path, values[i])));
      variant = { result: { ...this.plain.result, data: data as ExecutionResult['data'] } };
      this.variants.set(key, variant);
    }
    return variant;
  }

  /** A variant's frame body: its payload JSON and the frame's closing brace, serialized once per variant. */
  body(variant: Variant): Buffer {
    if (!variant.body) {
      const { result } = variant;
      const payload = result.errors?.length ? { ...result, errors: this.formatErrors(result.errors) } : result;
      variant.body = Buffer.from(`${JSON.stringify(payload)}}`);
    }
    return variant.body;
  }
}
