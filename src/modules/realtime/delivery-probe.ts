/**
 * Counters the delivery layer reports to, when someone listens: only the diagnostics module (src/diagnostics, mounted
 * by tests and bench/) sets one. Production runs with the no-op.
 */
export interface DeliveryProbe {
  /** One GraphQL execution of a subscription event. */
  executed(): void;
  /** Frames written by the shared broadcast path (not through a subscriber's own stream). */
  broadcastFrames(n: number): void;
}

export const NO_PROBE: DeliveryProbe = { executed: () => {}, broadcastFrames: () => {} };
