import { useSyncExternalStore } from 'react';

/**
 * What the connection indicator shows about the live socket. `offline` only when the browser itself is offline
 * (navigator.onLine); a server that does not answer while the network is up is `unreachable`.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'offline';

/** Failed attempts in a row before "reconnecting" becomes "can't reach the server". */
const UNREACHABLE_AFTER = 2;

interface State {
  status: ConnectionStatus;
  /** Bumped on every successful reconnect (not the first connect): live views resume from their last seq. */
  epoch: number;
  /** Bumped on every socket close, even one the indicator does not show (a token rotation): streams drop at once. */
  drops: number;
}

let state: State = { status: 'connecting', epoch: 0, drops: 0 };
let everConnected = false;
let open = false;
let failures = 0;
let graceTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function set(next: Partial<State>) {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

export const connection = {
  reset() {
    everConnected = false;
    open = false;
    failures = 0;
    set({ status: navigator.onLine ? 'connecting' : 'offline' });
  },
  connected() {
    clearTimeout(graceTimer);
    open = true;
    failures = 0;
    if (everConnected) set({ status: 'connected', epoch: state.epoch + 1 });
    else set({ status: 'connected' });
    everConnected = true;
  },
  /** `expected`: the server rotated the socket out (its token expired); it comes back at once, so say nothing yet. */
  closed(expected = false) {
    open = false;
    failures++;
    clearTimeout(graceTimer);
    set({ drops: state.drops + 1 });
    const show = () => {
      if (open) return;
      if (!navigator.onLine) set({ status: 'offline' });
      else if (failures > UNREACHABLE_AFTER) set({ status: 'unreachable' });
      else set({ status: everConnected ? 'reconnecting' : 'connecting' });
    };
    if (expected && navigator.onLine) graceTimer = setTimeout(show, 3000);
    else show();
  },
  get: () => state,
  /** True while the socket is open (whatever the indicator shows during a token rotation's grace). */
  isOpen: () => open,
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

window.addEventListener('offline', () => set({ status: 'offline' }));
window.addEventListener('online', () => {
  if (state.status === 'offline') set({ status: open ? 'connected' : failures > UNREACHABLE_AFTER ? 'unreachable' : 'reconnecting' });
});

export function useConnection(): State {
  return useSyncExternalStore(connection.subscribe, connection.get);
}
