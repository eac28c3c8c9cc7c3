import { useSyncExternalStore } from 'react';

/**
 * What the connection indicator shows about the live socket. `offline` only when the browser itself is offline
 * (navigator.onLine); a server that does not answer while the network is up is `unreachable`.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'offline';

/** Failed attempts in a row before "reconnecting" becomes "can't reach the server". */
const UNREACHABLE_AFTER = 2;
/**
 * A token rotation's reconnect is silent until it fails; one that has neither connected nor failed after this long
 * (a connect that hangs) is shown after all. Not a race with the reconnect: only a stuck one gets this far.
 */
const ROTATION_STUCK_MS = 20_000;

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
/** The server closed the socket because its access token expired; the reconnect with the refreshed one is on its way. */
let rotating = false;
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
    rotating = false;
    clearTimeout(graceTimer);
    set({ status: navigator.onLine ? 'connecting' : 'offline' });
  },
  connected() {
    clearTimeout(graceTimer);
    open = true;
    failures = 0;
    rotating = false;
    if (everConnected) set({ status: 'connected', epoch: state.epoch + 1 });
    else set({ status: 'connected' });
    everConnected = true;
  },
  /**
   * `rotation`: the server rotated the socket out because its access token expired. The indicator says nothing: the
   * reconnect with the refreshed token follows at once, and only if that attempt fails (its own `closed`) does the
   * indicator show "reconnecting". Live streams drop either way (`drops`) and resume on the new socket (`epoch`).
   */
  closed(rotation = false) {
    open = false;
    clearTimeout(graceTimer);
    const show = () => {
      if (open) return;
      if (!navigator.onLine) set({ status: 'offline' });
      else if (failures > UNREACHABLE_AFTER) set({ status: 'unreachable' });
      else set({ status: everConnected ? 'reconnecting' : 'connecting' });
    };
    if (rotation && !rotating && everConnected && navigator.onLine) {
      rotating = true;
      set({ drops: state.drops + 1 });
      graceTimer = setTimeout(show, ROTATION_STUCK_MS);
      return;
    }
    rotating = false;
    failures++;
    set({ drops: state.drops + 1 });
    show();
  },
  /** True between a token rotation's close and the next connect or failure: reconnect at once, without backoff. */
  isRotating: () => rotating,
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
