import type { RoomEventMessage } from '../rooms/room-events.service.js';

/**
 * What the delivery layer reports, and a seam to slow or fail an execution, for whoever listens: only the
 * diagnostics module (src/diagnostics, mounted by tests and bench/) sets one. Production runs with the no-op.
 */
export interface DeliveryProbe {
  /** One GraphQL execution of a subscription event. */
  executed(): void;
  /** One write of the shared broadcast path (not through a subscriber's own stream): `n` frames to one socket. */
  broadcastFrames(n: number): void;
  /** A socket was backed up and moved to its paced path. */
  paced(): void;
  /** Awaited before a room event's execution when set (tests make it hang or fail). */
  beforeExecution?(event: RoomEventMessage): Promise<void>;
}

export const NO_PROBE: DeliveryProbe = { executed: () => {}, broadcastFrames: () => {}, paced: () => {} };
