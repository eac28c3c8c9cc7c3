import type { WebSocket } from 'ws';
import type { Context } from '../../context.js';
import type { RoomEventMessage } from '../rooms/room-events.service.js';
import { frameData, type Broadcaster } from './broadcaster.js';
import type { DeliveryProbe } from './delivery-probe.js';
import type { RoomEventStream } from './room-event-stream.js';
import type { SharedResult, Variant } from './shared-result.js';

/** Where one graphql-ws operation's frames go: its socket, its operation id, and graphql-ws's live-operation map. */
export interface Delivery {
  opId: string;
  /** graphql-ws's map of the socket's live operations: an id missing from it has completed. */
  subscriptions: Record<string, unknown>;
  socket: WebSocket;
}

/** One subscriber on the direct path: its frame prefix is encoded once. */
export interface DirectSubscriber {
  /** The frame's text before the payload, and its length in bytes (a string: a small Buffer per idle socket would pin a pool slab). */
  prefix: string;
  prefixBytes: number;
  /** Its group and room: the lane its events join. */
  laneKey: string;
  delivery: Delivery;
  stream: RoomEventStream['stream'];
  /** The subscriber's own context (its viewer), for its per-viewer leaves. */
  ctx: Context;
  /** Its socket was backed up: it stays on its paced path until the socket drains. */
  paced?: boolean;
}

/** One event of a group's broadcast: the subscribers waiting for it and, once executed, each one's frame body. */
interface Slot {
  seq: number;
  subs: DirectSubscriber[];
  settles: Array<() => void>;
  /** Set once the execution settled: later subscribers start a slot of their own. */
  closed: boolean;
  bodies?: Array<Buffer | null>;
}

/** A group's broadcasts in one room, in the order their events arrived. */
interface Lane {
  slots: Slot[];
  flushScheduled: boolean;
}

/**
 * Each subscriber's frame body (one for all of them unless the document has per-viewer leaves), without a promise
 * per subscriber when their variants resolve synchronously; null for a subscriber whose variant failed to serialize.
 */
function bodiesFor(shared: SharedResult, subs: readonly DirectSubscriber[]): Array<Buffer | null> | Promise<Array<Buffer | null>> {
  const body = (v: Variant) => {
    try {
      return shared.body(v);
    } catch {
      return null;
    }
  };
  const out: Array<Buffer | null | Promise<Buffer | null>> = [];
  let pending = false;
  for (const s of subs) {
    const v = shared.forViewer(s.ctx);
    if (v instanceof Promise) {
      pending = true;
      out.push(v.then(body, () => null));
    } else out.push(body(v));
  }
  return pending ? Promise.all(out) : (out as Array<Buffer | null>);
}

/**
 * The direct path: a live event next in order for an idle subscriber joins its group's broadcast of that event. One
 * execution per event and group; once it settles (a result, a masked error, or a timeout's masked error: the lane
 * always moves on), each subscriber's frame goes out in arrival order, through the `Broadcaster`.
 */
export class DirectBroadcast {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly broadcaster: Broadcaster,
    private readonly probe: () => DeliveryProbe,
  ) {}

  /**
   * Offers an event to the broadcast; false when the subscriber cannot take it now (closing, or backed up: it then
   * goes its paced way). `execute` gives the group's shared result for the event (once per slot); it never rejects.
   */
  enqueue(sub: DirectSubscriber, event: RoomEventMessage, settled: () => void, execute: () => Promise<SharedResult>): boolean {
    const socket = sub.delivery.socket;
    if (sub.paced) {
      if (!this.broadcaster.drained(socket)) return false;
      sub.paced = false;
    }
    if (!this.broadcaster.ready(socket)) {
      // Closing, or backed up since its last broadcast: its own stream paces it (each frame awaits the last one).
      if (socket.readyState === socket.OPEN) this.pace(sub);
      return false;
    }
    let lane = this.lanes.get(sub.laneKey);
    if (!lane) this.lanes.set(sub.laneKey, (lane = { slots: [], flushScheduled: false }));
    const tail = lane.slots[lane.slots.length - 1];
    if (tail && tail.seq === event.seq && !tail.closed) {
      tail.subs.push(sub);
      tail.settles.push(settled);
      return true;
    }
    const slot: Slot = { seq: event.seq, subs: [sub], settles: [settled], closed: false };
    lane.slots.push(slot);
    const own = lane;
    const laneKey = sub.laneKey;
    void execute()
      .then((shared) => {
        slot.closed = true;
        return bodiesFor(shared, slot.subs);
      })
      .then(
        (bodies) => (slot.bodies = bodies),
        () => (slot.bodies = slot.subs.map(() => null)),
      )
      .then(() => this.scheduleFlush(laneKey, own));
    return true;
  }

  /**
   * Flushes on the next turn of the event loop rather than at once: executions that settle together (a burst of
   * events) then leave together.
   */
  private scheduleFlush(laneKey: string, lane: Lane) {
    if (lane.flushScheduled) return;
    lane.flushScheduled = true;
    setImmediate(() => {
      lane.flushScheduled = false;
      this.flush(laneKey, lane);
    });
  }

  /** Writes every settled slot at the head of the lane, in order. */
  private flush(laneKey: string, lane: Lane) {
    const ready: Slot[] = [];
    while (lane.slots.length && lane.slots[0].bodies) ready.push(lane.slots.shift()!);
    const out = new Map<DirectSubscriber, Buffer[]>();
    for (const slot of ready) {
      slot.subs.forEach((sub, i) => {
        const body = slot.bodies![i];
        const { delivery } = sub;
        if (!body || sub.stream.isFinished || !(delivery.opId in delivery.subscriptions)) return;
        const frames = out.get(sub);
        const frame = frameData(sub.prefix, sub.prefixBytes, body);
        if (frames) frames.push(frame);
        else out.set(sub, [frame]);
      });
    }
    for (const [sub, frames] of out) this.write(sub, frames);
    // Settled only now: the pull path may send (a revocation, a replayed event) once these frames are queued.
    for (const slot of ready) for (const settle of slot.settles) settle();
    if (!lane.slots.length && this.lanes.get(laneKey) === lane) this.lanes.delete(laneKey);
  }

  private pace(sub: DirectSubscriber) {
    sub.paced = true;
    this.probe().paced();
  }

  private write(sub: DirectSubscriber, frames: Buffer[]) {
    try {
      if (!this.broadcaster.send(sub.delivery.socket, frames)) this.pace(sub);
      this.probe().broadcastFrames(frames.length);
    } catch {
      // A socket failing mid-write is closing; its own close handling ends the subscription.
      sub.delivery.socket.terminate();
    }
  }
}
