import { useEffect, useRef } from 'react';
import { connection } from './connection';

/**
 * Calls `listener` each time the app is back in touch with the server: the socket connected (first time or again),
 * or the browser came back online while the socket stayed up. Views that failed to load while away reload then.
 */
export function onBack(listener: () => void): () => void {
  let seen = connection.get();
  const unlisten = connection.subscribe(() => {
    const next = connection.get();
    const prev = seen;
    seen = next;
    if (next.status === 'connected' && (prev.status !== 'connected' || next.epoch !== prev.epoch)) listener();
  });
  return unlisten;
}

/** onBack for a component: the latest `listener` runs, for as long as the component is mounted. */
export function useWhenBack(listener: () => void) {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => onBack(() => latest.current()), []);
}
