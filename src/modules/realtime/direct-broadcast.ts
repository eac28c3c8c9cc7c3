import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import type { RoomEventMessage } from '../rooms/room-events.service.js';
import type { DeliveryProbe } from './delivery-probe.js';
import type { RoomEventStream } from './room-event-stream.js';
import { writeTextFrames } from './ws-frames.js';

/** Where one graphql-ws operation's frames go: its socket, its operation id, and graphql-ws's live-operation map. */
export interface Delivery {
  opId: string;
  /** graphql-ws's map of the socket's live operations: an id missing from it has completed. */
  subscriptions: Record<string, unknown>;
  socket: WebSocket;
}

/** One subscriber on the direct path: its frame prefix is encoded once. */
export interface DirectSubscriber {
  /** The frame's text before the payload, and its length in bytes. */
  prefix: string;
  prefixBytes: number;
  /** Its group and room: the lane its events join. */
  laneKey: string;
  delivery: Delivery;
  stream: RoomEventStream['stream'];
  /** Bodies gathered for this subscriber during one flush (written together, in one socket write). */
  out?: Buffer[];
}

/** One event of a group's direct broadcast: the subscribers waiting for it and, once executed, its payload. */
interface Slot {
  seq: number;
  subs: DirectSubscriber[];
  settles: Array<() => void>;
  /** The payload JSON followed by the frame's closing brace, once the execution settled. */
  body?: Buffer;
}

/** A group's direct broadcasts in one room, in the order their events arrived. */
interface Lane {
  slots: Slot[];
  flushScheduled: boolean;
}

const WS_OPEN = 1;
/** A socket holding more unsent bytes than this is a slow reader: it goes the pull way, which waits for each write. */
const MAX_DIRECT_BUFFERED = 1024 * 1024;

/**
 * The direct path: a live event next in order for an idle subscriber joins its group's broadcast of that event.
 * One execution per event and group; once it settles, the frames go out in one loop, in arrival order.
 */
export class DirectBroadcast {
  /** Per group and room, the direct broadcasts in the order their events arrived. */
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly probe: () => DeliveryProbe) {}

  /**
   * Offers an event to the broadcast; false when the subscriber cannot take it now (closing, backed up).
   * `body` makes the frame body (payload JSON and the closing brace) of the event for the subscriber's group, once
   * per lane slot; it never rejects.
   */
  enqueue(sub: DirectSubscriber, event: RoomEventMessage, settled: () => void, body: () => Promise<Buffer>): boolean {
    const socket = sub.delivery.socket;
    if (socket.readyState !== WS_OPEN || socket.bufferedAmount > MAX_DIRECT_BUFFERED) return false;
    const laneKey = sub.laneKey;
    let lane = this.lanes.get(laneKey);
    if (!lane) this.lanes.set(laneKey, (lane = { slots: [], flushScheduled: false }));
    const tail = lane.slots[lane.slots.length - 1];
    if (tail && tail.seq === event.seq && !tail.body) {
      tail.subs.push(sub);
      tail.settles.push(settled);
      return true;
    }
    const slot: Slot = { seq: event.seq, subs: [sub], settles: [settled] };
    lane.slots.push(slot);
    const own = lane;
    // However the execution ends, the slot gets a body and the lane moves on: a stuck slot would hold back every
    // later event of the group (and the pull path of its subscribers, which waits for their direct writes).
    void body().then((bytes) => {
      slot.body = bytes;
      this.scheduleFlush(laneKey, own);
    });
    return true;
  }

  /**
   * Flushes on the next turn of the event loop rather than at once: executions that settle together (a burst of
   * events) then leave as one socket write per subscriber instead of one per event.
   */
  private scheduleFlush(laneKey: string, lane: Lane) {
    if (lane.flushScheduled) return;
    lane.flushScheduled = true;
    setImmediate(() => {
      lane.flushScheduled = false;
      this.flush(laneKey, lane);
    });
  }

  /** Writes every settled slot at the head of the lane, in order: each subscriber's frames in one write. */
  private flush(laneKey: string, lane: Lane) {
    const ready: Slot[] = [];
    while (lane.slots.length && lane.slots[0].body) ready.push(lane.slots.shift()!);
    const touched: DirectSubscriber[] = [];
    for (const slot of ready) {
      for (const sub of slot.subs) {
        if (sub.stream.isFinished || !(sub.delivery.opId in sub.delivery.subscriptions) || sub.delivery.socket.readyState !== WS_OPEN) continue;
        if (!sub.out) {
          sub.out = [];
          touched.push(sub);
        }
        sub.out.push(slot.body!);
      }
    }
    for (const sub of touched) {
      const bodies = sub.out!;
      sub.out = undefined;
      this.write(sub, bodies);
    }
    // Settled only now: the pull path may send (a revocation, a replayed event) once these frames are written.
    for (const slot of ready) for (const settle of slot.settles) settle();
    if (!lane.slots.length && this.lanes.get(laneKey) === lane) this.lanes.delete(laneKey);
  }

  private write(sub: DirectSubscriber, bodies: Buffer[]) {
    try {
      writeTextFrames(sub.delivery.socket, sub.prefix, sub.prefixBytes, bodies);
      this.probe().broadcastFrames(bodies.length);
    } catch {
      // A socket failing mid-write is closing; its own close handling ends the subscription.
      sub.delivery.socket.terminate();
    }
  }
}

/** The payload for an execution that failed outright (masked like any internal error), with the closing brace. */
export function errorBody(err: unknown, formatErrors: (errors: readonly GraphQLError[]) => unknown[]): Buffer {
  const error = new GraphQLError(err instanceof Error ? err.message : String(err), { originalError: err instanceof Error ? err : undefined });
  let errors: unknown[];
  try {
    errors = formatErrors([error]);
  } catch {
    errors = [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
  }
  return Buffer.from(`${JSON.stringify({ data: null, errors })}}`);
}
