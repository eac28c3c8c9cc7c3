import type { WebSocket } from 'ws';
import type { Context } from '../../context.js';
import type { RoomEventMessage } from '../rooms/room-events.service.js';
import { frameData, type Broadcaster } from './broadcaster.js';
import type { DeliveryProbe } from './delivery-probe.js';
import type { SharedResult, Variant } from './shared-result.js';

/** Where one graphql-ws operation's frames go: its socket, its operation id, and graphql-ws's live-operation map. */
export interface Delivery {
  opId: string;
  /** graphql-ws's map of the socket's live operations: an id missing from it has completed. */
  subscriptions: Record<string, unknown>;
  socket: WebSocket;
}

/** The stream a direct subscriber's events come from (a RoomEventStream). */
export interface DirectSource {
  readonly stream: { readonly isFinished: boolean };
  /** One event it offered was written or dropped (called once per event taken, in the order they were taken). */
  directSettled(): void;
}

/** One subscriber on the direct path: its frame prefix is encoded once. */
export interface DirectSubscriber {
  /** The frame's text before the payload, and its length in bytes (a string: a small Buffer per idle socket would pin a pool slab). */
  prefix: string;
  prefixBytes: number;
  /** Its group and room: the lane its events join. */
  laneKey: string;
  delivery: Delivery;
  source: DirectSource;
  /** The subscriber's own context (its viewer), for its per-viewer leaves. */
  ctx: Context;
  /** Its socket was backed up: it stays on its paced path until the socket drains. */
  paced?: boolean;
  /** The order of the last slot it joined: it may join only later slots, so its frames keep their order. */
  lastOrder?: number;
}

/**
 * One event of a group's broadcast: the subscribers waiting for it and, once executed, each one's frame body. Each
 * subscriber's source is told once the slot was written (`directSettled`).
 */
interface Slot {
  seq: number;
  /** Its place among all slots (increasing): the lane flushes slots in this order. */
  order: number;
  subs: DirectSubscriber[];
  bodies?: Array<Buffer | null>;
}

/** A group's broadcasts in one room, in the order their events arrived. */
interface Lane {
  /** Slots not yet written, from `head` on (an index, not `shift()`: a lane under load holds thousands). */
  slots: Slot[];
  head: number;
  /** By seq: the newest slot of that event still taking subscribers (its execution has not settled). */
  open: Map<number, Slot>;
  flushScheduled: boolean;
}

/** Written slots below the head are dropped once there are this many (and they are half the array). */
const COMPACT_AT = 1024;

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
  private nextOrder = 0;

  constructor(
    private readonly broadcaster: Broadcaster,
    private readonly probe: () => DeliveryProbe,
  ) {}

  /**
   * Offers an event to the broadcast; false when the subscriber cannot take it now (closing, or backed up: it then
   * goes its paced way). `execute` gives the group's shared result for the event (once per slot); it never rejects.
   */
  enqueue(sub: DirectSubscriber, event: RoomEventMessage, execute: () => Promise<SharedResult>): boolean {
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
    if (!lane) this.lanes.set(sub.laneKey, (lane = { slots: [], head: 0, open: new Map(), flushScheduled: false }));
    // Join the event's open slot, wherever it sits in the lane, if it comes after this subscriber's last one. Only
    // the tail would do for subscribers at the live edge, but streams that drain a backlog from their pull offer
    // several events in a row, interleaved with each other: checking the tail alone then made a slot (and a flush
    // entry) per subscriber per event, and lanes of tens of thousands of slots (bench/NOTES.md, session 9).
    const open = lane.open.get(event.seq);
    if (open && open.order > (sub.lastOrder ?? -1)) {
      open.subs.push(sub);
      sub.lastOrder = open.order;
      return true;
    }
    const slot: Slot = { seq: event.seq, order: this.nextOrder++, subs: [sub] };
    sub.lastOrder = slot.order;
    lane.slots.push(slot);
    lane.open.set(event.seq, slot);
    const own = lane;
    const laneKey = sub.laneKey;
    // Once settled, the slot leaves `open` and takes no one else: its bodies are made for the subscribers it has.
    const close = () => {
      if (own.open.get(slot.seq) === slot) own.open.delete(slot.seq);
    };
    void execute()
      .then((shared) => {
        close();
        return bodiesFor(shared, slot.subs);
      })
      .then(
        (bodies) => (slot.bodies = bodies),
        () => {
          close();
          slot.bodies = slot.subs.map(() => null);
        },
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
    while (lane.head < lane.slots.length && lane.slots[lane.head].bodies) ready.push(lane.slots[lane.head++]);
    if (lane.head === lane.slots.length) {
      lane.slots.length = 0;
      lane.head = 0;
    } else if (lane.head >= COMPACT_AT && lane.head * 2 >= lane.slots.length) {
      lane.slots = lane.slots.slice(lane.head);
      lane.head = 0;
    }
    const out = new Map<DirectSubscriber, Buffer[]>();
    for (const slot of ready) {
      slot.subs.forEach((sub, i) => {
        const body = slot.bodies![i];
        const { delivery } = sub;
        if (!body || sub.source.stream.isFinished || !(delivery.opId in delivery.subscriptions)) return;
        const frames = out.get(sub);
        const frame = frameData(sub.prefix, sub.prefixBytes, body);
        if (frames) frames.push(frame);
        else out.set(sub, [frame]);
      });
    }
    for (const [sub, frames] of out) this.write(sub, frames);
    // Settled only now: the pull path may send (a revocation, a replayed event) once these frames are queued.
    for (const slot of ready) for (const sub of slot.subs) sub.source.directSettled();
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
