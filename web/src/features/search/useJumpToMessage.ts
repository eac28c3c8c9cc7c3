import { useEffect, useRef, useState } from 'react';

const MAX_PAGES = 200;

/**
 * Opens a room at one message (a search result, a mention): loads older pages until the message with seq `at` is in
 * the list, then scrolls it to the middle of the view. Gives up quietly when the room has no such message any more.
 */
export function useJumpToMessage(at: number | null, oldestSeq: number | undefined, hasOlder: boolean, loadOlder: () => Promise<unknown>) {
  const done = useRef<number | null>(null);
  const loading = useRef(false);
  const pages = useRef(0);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (at === null || done.current === at || loading.current || oldestSeq === undefined) return;
    const el = document.querySelector(`[data-testid="message"][data-seq="${at}"]`);
    if (el) {
      el.scrollIntoView({ block: 'center' });
      done.current = at;
      return;
    }
    if (oldestSeq <= at || !hasOlder || pages.current >= MAX_PAGES) {
      done.current = at;
      return;
    }
    loading.current = true;
    pages.current++;
    void loadOlder()
      .catch(() => undefined)
      .finally(() => {
        loading.current = false;
        setTick((n) => n + 1);
      });
  });
}
