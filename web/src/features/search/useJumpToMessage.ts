import { useEffect, useRef, useState } from 'react';
import { withinTime } from '../../lib/within-time';

const MAX_PAGES = 200;
/**
 * How long one older page may take before the jump stops waiting for it and asks again. A request that never
 * settles (lost on a busy machine) would otherwise hold the jump for good, with the message never shown.
 */
const PAGE_TIMEOUT_MS = 15_000;

interface Jump {
  at: number | null;
  done: boolean;
  loading: boolean;
  pages: number;
}

/**
 * Opens a room at one message (a search result, a mention): loads older pages until the message with seq `at` is in
 * the list, then scrolls it to the middle of the view.
 *
 * The jump is over only once the message has been shown (or there is nothing older to load and it never came, or
 * MAX_PAGES were loaded): while the list reaches back past `at` without the message, a later render can still bring
 * it, e.g. when a resync replaced the history with its newest page and the older pages load again. Each jump (each
 * `at`) starts afresh.
 */
export function useJumpToMessage(at: number | null, oldestSeq: number | undefined, hasOlder: boolean, loadOlder: () => Promise<unknown>) {
  const jump = useRef<Jump>({ at: null, done: false, loading: false, pages: 0 });
  const [, setTick] = useState(0);
  useEffect(() => {
    if (jump.current.at !== at) jump.current = { at, done: false, loading: false, pages: 0 };
    const j = jump.current;
    if (at === null || j.done || j.loading || oldestSeq === undefined) return;
    const el = document.querySelector(`[data-testid="message"][data-seq="${at}"]`);
    if (el) {
      el.scrollIntoView({ block: 'center' });
      j.done = true;
      return;
    }
    // The list already reaches back past the message: nothing to load (it may come with a later render).
    if (oldestSeq <= at) return;
    if (!hasOlder || j.pages >= MAX_PAGES) {
      j.done = true;
      return;
    }
    j.loading = true;
    j.pages++;
    void withinTime(loadOlder(), PAGE_TIMEOUT_MS)
      .catch(() => undefined)
      .finally(() => {
        j.loading = false;
        // A new jump may have started meanwhile (jump.current replaced): rendering again is harmless then.
        setTick((n) => n + 1);
      });
  });
}
