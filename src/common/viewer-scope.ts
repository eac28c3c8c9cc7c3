import { Extensions } from 'type-graphql';

/**
 * How a field's value relates to who asks, declared next to the field with a decorator and read back from the built
 * schema (`extensions.viewerScope`):
 * - `@ViewerIndependent()`: the same for every member of the room who may see it (no viewer check, nothing keyed by
 *   the viewer). Subscribers of one document and role share one execution for it.
 * - `@PerViewer()`: a leaf whose value depends on the viewer but is cheap to resolve again from its parent object
 *   (`Reaction.reactedByMe` from the reaction's user ids). The shared execution records where it occurs, and each
 *   subscriber gets its own value laid over the shared result (the field's resolver run once more with that
 *   subscriber's context; subscribers with the same values share the bytes).
 * - no declaration: viewer-dependent in a way that needs a whole execution (`User.email`, `Room.members`...). A
 *   document that selects one is shared only among that viewer's own subscriptions.
 */
export type ViewerScope = 'independent' | 'per-viewer';

export const VIEWER_SCOPE_KEY = 'viewerScope';
const KEY = VIEWER_SCOPE_KEY;

/** The field's value is the same for every viewer who may see it. */
export const ViewerIndependent = () => Extensions({ [KEY]: 'independent' satisfies ViewerScope });

/** A leaf whose value depends on the viewer, resolved again per subscriber from its parent object (cheap). */
export const PerViewer = () => Extensions({ [KEY]: 'per-viewer' satisfies ViewerScope });

