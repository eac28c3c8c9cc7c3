import { useEffect, useRef } from 'react';
import { connection } from './connection';

/**
 * Calls `listener` each time the app is back in touch with the server: the socket connected (first time or again),
 * or the browser came back online while the socket stayed up. Views that failed to load while away reload then.
 * `reconnect` is false for the app's first connection (nothing was missed unless a load failed).
 */
export function onBack(listener: (reconnect: boolean) => void): () => void {
  let seen = connection.get();
  const unlisten = connection.subscribe(() => {
    const next = connection.get();
    const prev = seen;
    seen = next;
    if (next.status === 'connected' && (prev.status !== 'connected' || next.epoch !== prev.epoch)) listener(next.epoch !== prev.epoch || next.epoch > 0);
  });
  return unlisten;
}

/** onBack for a component: the latest `listener` runs, for as long as the component is mounted. */
export function useWhenBack(listener: (reconnect: boolean) => void) {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => onBack((reconnect) => latest.current(reconnect)), []);
}
