import { Extensions } from 'type-graphql';
import type { User } from '../modules/users/user.entity.js';

/**
 * How a field's value relates to who asks, declared next to the field with a decorator and read back from the built
 * schema (`extensions.viewerScope`):
 * - `@ViewerIndependent()`: the same for every member of the room who may see it, whoever they are (their global role
 *   included: nothing keyed by the viewer). Subscribers of one document share one execution for it. A field whose
 *   value depends on who asks, even only on their role (`User.bannedAt` for staff), is not declared at all.
 * - `@PerViewer(byViewer?)`: a leaf whose value depends on the viewer but is cheap to resolve again from its parent
 *   object (`Reaction.reactedByMe` from the reaction's user ids). The shared execution records where it occurs, and
 *   each subscriber gets its own value laid over the shared result (subscribers with the same values share the
 *   bytes): `byViewer(parent, viewer)` when the field declares one and it answers, else the field's resolver run once
 *   more with that subscriber's context.
 * - `@ShownTo(test)`: the same for every viewer `test` accepts; every other viewer gets nothing (null, or an empty
 *   list). Any field, not only leaves (`Message.seenBy`: only viewers who share read receipts see anybody's). The
 *   test is applied to every execution (installViewerGates, src/schema.ts), so the resolver does not repeat it; a
 *   shared execution resolves the field for those who pass, and each subscriber who fails gets the empty value laid
 *   over it.
 * - no declaration: viewer-dependent in a way that needs a whole execution (`User.email`, `Room.members`...). A
 *   document that selects one is shared only among that viewer's own subscriptions.
 */
export type ViewerScope = 'independent' | 'per-viewer' | 'shown-to';

export const VIEWER_SCOPE_KEY = 'viewerScope';
/** The extension holding a `@ShownTo` field's test. */
export const VIEWER_TEST_KEY = 'viewerTest';
const KEY = VIEWER_SCOPE_KEY;

/** Whether a viewer may see a `@ShownTo` field (cheap and synchronous: it runs once per subscriber per occurrence). */
export type ViewerTest = (viewer: User | null) => boolean;

/** The field's value is the same for every viewer who may see it. */
export const ViewerIndependent = () => Extensions({ [KEY]: 'independent' satisfies ViewerScope });

/** The extension holding a `@PerViewer` field's `byViewer`. */
export const VIEWER_VALUE_KEY = 'viewerValue';

/**
 * A `@PerViewer` leaf's value for one viewer from its parent object alone, synchronously and with no context; or
 * `undefined` when that is not enough (the field's resolver then runs with the viewer's context). It runs once per
 * subscriber of a broadcast (bench/NOTES.md, session 13: the resolver's context and type-graphql's call cost about
 * 1 µs per subscriber; this costs a lookup). It must give what the resolver gives.
 */
export type ViewerValue<T> = (parent: T, viewer: User | null) => unknown;

/** A leaf whose value depends on the viewer, resolved again per subscriber from its parent object (cheap). */
export const PerViewer = <T = never>(byViewer?: ViewerValue<T>) =>
  Extensions(byViewer ? { [KEY]: 'per-viewer' satisfies ViewerScope, [VIEWER_VALUE_KEY]: byViewer } : { [KEY]: 'per-viewer' satisfies ViewerScope });

/** The same for every viewer `test` accepts; null (or an empty list) for the others. */
export const ShownTo = (test: ViewerTest) => Extensions({ [KEY]: 'shown-to' satisfies ViewerScope, [VIEWER_TEST_KEY]: test });

/** Viewers who share their read receipts see everybody's (who shares theirs); the others see nobody's. */
export const sharesReadReceipts: ViewerTest = (viewer) => !!viewer && viewer.shareReadReceipts !== false;
