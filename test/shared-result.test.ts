import { GraphQLBoolean, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../src/context.js';
import type { OverlayRecord } from '../src/modules/realtime/shared-document.js';
import { SharedResult, type Variant } from '../src/modules/realtime/shared-result.js';

/**
 * A shared result's per-viewer leaves: a `@PerViewer(byViewer)` leaf is answered from its parent object alone, with
 * no context made and no resolver run for the subscriber; when `byViewer` cannot say (undefined), the field's
 * resolver runs with the subscriber's context, as for a leaf that declares none.
 */
const info = { returnType: GraphQLBoolean } as unknown as GraphQLResolveInfo;
const viewer = (id: string) => ({ viewer: { id } }) as unknown as Context;

function leaf(path: string[], source: { ids: string[]; known: boolean }, calls: { resolver: number }): OverlayRecord {
  return {
    kind: 'leaf',
    path,
    source,
    args: {},
    info,
    resolve: (s, _a, ctx) => {
      calls.resolver++;
      return (s as { ids: string[] }).ids.includes((ctx as Context).viewer!.id);
    },
    byViewer: (s, v) => ((s as { known: boolean }).known ? !!v && (s as { ids: string[] }).ids.includes(v.id) : undefined),
  };
}

const data = (v: Variant) => (v as Variant).result.data as { a: { mine: boolean }; b: { mine: boolean } };

describe('a shared result with per-viewer leaves', () => {
  it('answers a leaf from byViewer without a context or a resolver call, and falls back to the resolver when it cannot say', () => {
    const calls = { resolver: 0, contexts: 0 };
    const records = [leaf(['a', 'mine'], { ids: ['u1'], known: true }, calls), leaf(['b', 'mine'], { ids: ['u2'], known: false }, calls)];
    const shared = new SharedResult({ data: { a: { mine: false }, b: { mine: false } } }, records, (e) => [...e], (base) => {
      calls.contexts++;
      return base;
    });

    const one = shared.forViewer(viewer('u1')) as Variant;
    const two = shared.forViewer(viewer('u2')) as Variant;
    const three = shared.forViewer(viewer('u3')) as Variant;
    expect([data(one), data(two), data(three)]).toEqual([
      { a: { mine: true }, b: { mine: false } },
      { a: { mine: false }, b: { mine: true } },
      { a: { mine: false }, b: { mine: false } },
    ]);
    // Only the leaf whose byViewer could not say ran its resolver, once per subscriber, each with a context made.
    expect(calls).toEqual({ resolver: 3, contexts: 3 });
    // Subscribers with the same values share one variant (one body).
    expect(shared.forViewer(viewer('u4'))).toBe(three);
  });

  it('makes no context at all when every leaf is answered by byViewer', () => {
    const calls = { resolver: 0, contexts: 0 };
    const records = [leaf(['a', 'mine'], { ids: ['u1'], known: true }, calls), leaf(['b', 'mine'], { ids: ['u1', 'u2'], known: true }, calls)];
    const shared = new SharedResult({ data: { a: { mine: false }, b: { mine: false } } }, records, (e) => [...e], (base) => {
      calls.contexts++;
      return base;
    });
    const values = ['u1', 'u2', 'u3'].map((id) => data(shared.forViewer(viewer(id)) as Variant));
    expect(values).toEqual([
      { a: { mine: true }, b: { mine: true } },
      { a: { mine: false }, b: { mine: true } },
      { a: { mine: false }, b: { mine: false } },
    ]);
    expect(calls).toEqual({ resolver: 0, contexts: 0 });
  });
});
