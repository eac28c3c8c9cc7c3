import { useEffect, useRef, useState } from 'react';
import { backoffDelay } from '../../apollo/resumable';
import { withinTime } from '../../lib/within-time';

/** At most this many older pages (each one that moved the list back) are loaded looking for the message. */
const MAX_PAGES = 200;
/**
 * How long one older page may take before the jump stops waiting for it and asks again. A request that never
 * settles (lost on a busy machine) would otherwise hold the jump for good, with the message never shown.
 */
const PAGE_TIMEOUT_MS = 15_000;

/**
 * Where a jump stands: `loading` older pages, `retrying` after a page that failed or brought nothing, `shown`
 * (scrolled to), or `missing` (the history reaches back past it, or has nothing older, and it is not there).
 */
export type JumpState = 'idle' | 'loading' | 'retrying' | 'shown' | 'missing';

interface Jump {
  at: number | null;
  state: JumpState;
  loading: boolean;
  /** The list's oldest seq when the last page was asked for: the next render tells whether that page arrived. */
  askedAt?: number;
  pages: number;
  /** Pages in a row that failed or left the list where it was. */
  stalls: number;
  retry?: ReturnType<typeof setTimeout>;
}

const fresh = (at: number | null): Jump => ({ at, state: 'idle', loading: false, pages: 0, stalls: 0 });

/**
 * Opens a room at one message (a search result, a mention): loads older pages until the message with seq `at` is in
 * the list, then scrolls it to the middle of the view.
 *
 * For as long as the room is open at `at`, the message stays loaded: when something later replaces the history
 * with its newest page (a resync after missed events), the older pages load again and the view goes back to it.
 * A page that fails, times out or leaves the list where it was is asked for again with backoff (saying so), never
 * counted as progress, so a lost or slow request cannot end the jump short of the message. Each `at` starts afresh.
 */
export function useJumpToMessage(at: number | null, oldestSeq: number | undefined, hasOlder: boolean, loadOlder: () => Promise<unknown>): JumpState {
  const jump = useRef<Jump>(fresh(null));
  const [state, setState] = useState<JumpState>('idle');
  const [, setTick] = useState(0);
  useEffect(() => () => clearTimeout(jump.current.retry), []);
  useEffect(() => {
    if (jump.current.at !== at) {
      clearTimeout(jump.current.retry);
      jump.current = fresh(at);
    }
    const j = jump.current;
    const set = (s: JumpState) => {
      if (j.state === s) return;
      j.state = s;
      setState(s);
    };
    if (at === null) return set('idle');
    if (oldestSeq === undefined) return;
    const el = document.querySelector(`[data-testid="message"][data-seq="${at}"]`);
    if (el) {
      clearTimeout(j.retry);
      j.retry = undefined;
      j.stalls = 0;
      if (j.state !== 'shown') {
        el.scrollIntoView({ block: 'center' });
        // Tells the list at once that the view left the bottom, so nothing laid out after this pins it back down.
        el.closest('[data-testid="history"]')?.dispatchEvent(new Event('scroll'));
        set('shown');
      }
      return;
    }
    if (j.loading) return;
    if (j.askedAt !== undefined) {
      if (oldestSeq < j.askedAt) {
        // The page asked for arrived.
        j.pages++;
        j.stalls = 0;
        j.askedAt = undefined;
        clearTimeout(j.retry);
        j.retry = undefined;
      } else if (j.retry === undefined) {
        // It failed, timed out, or has not rendered yet: ask again after a pause (a late render ends the pause early).
        j.stalls++;
        if (j.stalls > 1) set('retrying');
        j.retry = setTimeout(() => {
          j.retry = undefined;
          j.askedAt = undefined;
          setTick((n) => n + 1);
        }, backoffDelay(j.stalls));
        return;
      } else return;
    }
    // The list reaches back past the message and it is not there: it no longer exists (or a later render brings it).
    if (oldestSeq <= at || !hasOlder || j.pages >= MAX_PAGES) return set('missing');
    j.loading = true;
    j.askedAt = oldestSeq;
    set(j.stalls > 1 ? 'retrying' : 'loading');
    void withinTime(loadOlder(), PAGE_TIMEOUT_MS)
      .catch(() => undefined)
      .finally(() => {
        j.loading = false;
        // A new jump may have started meanwhile (jump.current replaced): rendering again is harmless then.
        setTick((n) => n + 1);
      });
  });
  return state;
}
