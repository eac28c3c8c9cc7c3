import type { Unsubscribe } from '../../pubsub.js';
import type { RoomEventMessage } from '../rooms/room-events.service.js';
import { AccessRevokedReason } from './realtime.types.js';
import { END, PARK, PullStream, Waker, type Notifiable, type PullSource, type StopSignal } from './stream.js';

/** How long a hole in the live sequence may wait for its late publish before it is read from the log. */
const GAP_WAIT_MS = 250;
/** Log rows read per replay query. */
const REPLAY_PAGE = 200;
/** Live events held for a consumer that does not keep up; beyond this it is told to resync instead. */
const MAX_PENDING = 2000;

export type RoomStreamItem =
  | { kind: 'event'; event: RoomEventMessage }
  | { kind: 'resync'; roomId: string; seq: number }
  | { kind: 'revoked'; roomId: string; seq: number; reason: AccessRevokedReason };

/**
 * Takes a live event that is next in order and writes it to the subscriber itself (a broadcast shared by the
 * subscribers of one document), calling the stream's `directSettled()` once it was written or dropped. Returns false
 * to decline; the event then goes the ordinary pull way.
 */
export interface DirectSink {
  offer(event: RoomEventMessage): boolean;
}

/** The room's log, shared by every stream (an object, not a closure per stream). */
export interface RoomLog {
  /** The room's events after a seq, oldest first, at most `limit` (a fresh fork each time). */
  eventsAfter(roomId: string, afterSeq: number, limit: number): Promise<RoomEventMessage[]>;
}

/** Where an open stream is listed for revocation (its socket); it unlists itself when it ends. */
export interface StreamList {
  unlist(stream: object): void;
}

export interface RoomEventStreamOptions {
  roomId: string;
  viewerId: string;
  log: RoomLog;
}

/**
 * One roomEvents stream: takes live events (subscribed before the start point was read), replays the log up to
 * where live delivery covers, and hands out events strictly in seq order with no gap and no duplicate. Publishes
 * from concurrent writers may arrive out of order, and a publish may be lost: a hole is filled from the log after
 * a short wait. A MemberLeft of the viewer (after the start point) or a revocation ends the stream with AccessRevoked;
 * RoomDeleted ends it after delivering what is pending.
 */
export class RoomEventStream implements PullSource<RoomStreamItem> {
  /** Events received and not yet handed out, by seq; made when needed and dropped while the stream idles. */
  private held?: Map<number, RoomEventMessage>;
  private readonly waker = new Waker();
  private readonly initial: RoomStreamItem[] = [];
  private lastSent = 0;
  /** The highest seq known to exist: the room's seq at start, or the highest seen live. */
  private latestKnown = 0;
  /** MemberLeft events of the viewer at or below this seq are history (they rejoined since). */
  private historyUpTo = Number.POSITIVE_INFINITY;
  /** Up to here the log is replayed without waiting for live delivery. */
  private replayTarget = 0;
  private gapSince: number | null = null;
  private deleted: RoomEventMessage | null = null;
  private revocation: AccessRevokedReason | null = null;
  private done = false;
  private started = false;
  private overflowed = false;
  /** Asked to look in the log once for events live delivery may have lost (see `catchUp`). */
  private probe = false;
  /** The broadcast path for live events, when the consumer offers one (see `setDirect`). */
  private direct?: DirectSink;
  /** The pull is idle: everything it handed out has been sent and nothing is pending. */
  private parked = false;
  /** Events handed to the direct sink and not yet written; the pull path waits for them before it sends anything. */
  private inFlight = 0;
  /** The pull is waiting for direct writes to settle (only then does the last one wake it). */
  private drainWaiting = false;
  readonly stream: PullStream<RoomStreamItem>;
  /** The room topic's subscription, ended with the stream (set by whoever subscribed it). */
  unsubscribe?: Unsubscribe;
  /** The socket's list of streams it is on (set once listed). */
  listedIn?: StreamList;

  /** The held events, made on first use. */
  private get pending(): Map<number, RoomEventMessage> {
    return (this.held ??= new Map());
  }

  constructor(private readonly opts: RoomEventStreamOptions) {
    this.stream = new PullStream<RoomStreamItem>(this);
    this.stream.owner = this;
  }

  get roomId(): string {
    return this.opts.roomId;
  }

  /**
   * Lets live events that are next in order, while the stream is idle, skip the per-subscriber pull: the sink
   * writes them to the socket itself (one shared execution and one loop over sockets per event). Replay, gaps,
   * overflow, revocation and the room's deletion stay on the pull path, which waits for direct writes to settle
   * before it sends anything, so the order on the wire stays the seq order.
   */
  setDirect(sink: DirectSink) {
    this.direct = sink;
  }

  /** A direct write handed to the sink was written or dropped. */
  directSettled() {
    if (--this.inFlight === 0 && this.drainWaiting) this.waker.notify();
  }

  /** The stream ended: off the socket's list and the room topic. */
  async cleanup() {
    this.listedIn?.unlist(this);
    this.listedIn = undefined;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.();
  }

  /** Whether a live event may take the direct path: next in order, nothing pending, the pull idle. */
  private directable(msg: RoomEventMessage): boolean {
    return (
      this.parked &&
      this.started &&
      msg.seq === this.lastSent + 1 &&
      !this.held?.size &&
      this.initial.length === 0 &&
      !this.revocation &&
      !this.overflowed &&
      !this.deleted &&
      msg.type !== 'RoomDeleted' &&
      !(msg.type === 'MemberLeft' && msg.payload?.userId === this.opts.viewerId)
    );
  }

  /** Live delivery from the room topic; may be called before `start`. */
  onLive = (msg: RoomEventMessage) => {
    if (this.done || !msg || typeof msg.seq !== 'number') return;
    if (this.direct && this.directable(msg) && this.offerDirect(msg)) {
      this.lastSent = msg.seq;
      if (msg.seq > this.latestKnown) this.latestKnown = msg.seq;
      return;
    }
    if (msg.type === 'RoomDeleted') this.deleted = msg;
    else if (!this.started || msg.seq > this.lastSent) {
      this.pending.set(msg.seq, msg);
      if (msg.seq > this.latestKnown) this.latestKnown = msg.seq;
      if (this.started && this.pending.size > MAX_PENDING) this.overflowed = true;
    }
    this.waker.notify();
  };

  /**
   * Fixes the start point: `roomSeq` is the room's latest seq, read after the topic subscription was live and before
   * membership was confirmed. Without `afterSeq` the stream starts live; too far behind, it sends ResyncRequired and
   * then goes live.
   */
  start(roomSeq: number, afterSeq: number | null, resyncBound: number) {
    this.historyUpTo = roomSeq;
    this.replayTarget = roomSeq;
    if (afterSeq === null) this.lastSent = roomSeq;
    else if (roomSeq - afterSeq > resyncBound) {
      this.lastSent = roomSeq;
      this.initial.push({ kind: 'resync', roomId: this.opts.roomId, seq: roomSeq });
    } else this.lastSent = afterSeq;
    this.latestKnown = Math.max(this.latestKnown, roomSeq);
    for (const seq of this.pending.keys()) if (seq <= this.lastSent) this.pending.delete(seq);
    this.started = true;
  }

  /**
   * Live delivery may have lost events (the PubSub reconnected after an outage; an event only shows as a hole once a
   * later one arrives): reads the log after the last event sent, once, when the stream is idle next.
   */
  catchUp() {
    if (this.done || !this.started) return;
    this.probe = true;
    this.waker.notify();
  }

  /** Resolves once the stream has ended and its cleanup ran. */
  finished(): Promise<void> {
    return this.stream.ended;
  }

  /** Ends the stream with AccessRevoked (session ended, banned...), after the event being delivered now. */
  revoke(reason: AccessRevokedReason) {
    if (this.done || this.revocation) return;
    this.revocation = reason;
    this.waker.notify();
  }

  private revoked(seq: number, reason: AccessRevokedReason): RoomStreamItem {
    this.done = true;
    return { kind: 'revoked', roomId: this.opts.roomId, seq, reason };
  }

  /** Waits until every direct write has settled: anything the pull hands out now would overtake them. */
  private async drained(signal: StopSignal) {
    this.drainWaiting = true;
    try {
      while (this.inFlight > 0 && !signal.aborted) await this.waker.wait(signal);
    } finally {
      this.drainWaiting = false;
    }
  }

  /** Hands an event to the direct sink; false when it declined (the socket is closing or backed up). */
  private offerDirect(event: RoomEventMessage): boolean {
    if (!this.direct) return false;
    this.inFlight++;
    if (this.direct.offer(event)) return true;
    this.inFlight--;
    return false;
  }

  /**
   * The idle wait of a parked pull (see PARK): the stream pulls again once woken. While it waits, `parked` is set
   * (live events may take the direct path); the next pull clears it.
   */
  park(stream: Notifiable, signal: StopSignal) {
    this.waker.park(stream, signal);
  }

  async pull(signal: StopSignal): Promise<RoomStreamItem | typeof END | typeof PARK> {
    this.parked = false;
    for (;;) {
      if (signal.aborted || this.done) return END;
      // What the pull hands out itself waits for direct writes still on their way.
      if ((this.initial.length || this.revocation || this.overflowed || this.deleted) && this.inFlight > 0) {
        await this.drained(signal);
        continue;
      }
      if (this.initial.length) return this.initial.shift()!;
      if (this.revocation) return this.revoked(this.lastSent, this.revocation);
      if (this.overflowed && !this.deleted) {
        // The client reads slower than the room writes: drop what is held and let it refetch.
        this.overflowed = false;
        this.pending.clear();
        this.lastSent = this.latestKnown;
        this.gapSince = null;
        return { kind: 'resync', roomId: this.opts.roomId, seq: this.latestKnown };
      }

      const next = this.held?.get(this.lastSent + 1);
      if (next) {
        const leave = next.type === 'MemberLeft' ? next.payload : null;
        const ownLeave = !!leave && leave.userId === this.opts.viewerId && next.seq > this.historyUpTo;
        // Replayed, gap-filled or queued events go out through the broadcast too when they can: the stream then
        // stays on the cheap path under load instead of falling back to one pull per event.
        const direct = !ownLeave && this.offerDirect(next);
        if (!direct && this.inFlight > 0) {
          await this.drained(signal);
          continue;
        }
        this.pending.delete(next.seq);
        this.lastSent = next.seq;
        this.gapSince = null;
        if (direct) continue;
        if (leave && ownLeave) {
          const reason = leave.accountDeleted ? AccessRevokedReason.ACCOUNT_DELETED : leave.banned ? AccessRevokedReason.BANNED : leave.removedById ? AccessRevokedReason.REMOVED : AccessRevokedReason.LEFT;
          return this.revoked(next.seq, reason);
        }
        return { kind: 'event', event: next };
      }

      if (this.deleted) {
        // The log went with the room: deliver what arrived, in order, then RoomDeleted.
        const rest = [...this.pending.keys()].filter((s) => s > this.lastSent).sort((a, b) => a - b);
        if (rest.length) {
          const e = this.pending.get(rest[0])!;
          this.pending.delete(rest[0]);
          this.lastSent = e.seq;
          return { kind: 'event', event: e };
        }
        this.done = true;
        return { kind: 'event', event: this.deleted };
      }

      if (this.lastSent < this.latestKnown) {
        const catchingUp = this.lastSent < this.replayTarget;
        const now = Date.now();
        if (this.gapSince === null && !catchingUp) this.gapSince = now;
        if (catchingUp || now - this.gapSince! >= GAP_WAIT_MS) {
          const rows = await this.opts.log.eventsAfter(this.opts.roomId, this.lastSent, REPLAY_PAGE);
          if (signal.aborted) return END;
          for (const r of rows) if (r.seq > this.lastSent && !this.pending.has(r.seq)) this.pending.set(r.seq, r);
          if (rows.length && rows[0].seq === this.lastSent + 1) {
            this.gapSince = null;
            continue;
          }
          // Nothing in the log yet (or the room is going away): wait for news, then look again.
          this.gapSince = Date.now();
          if (catchingUp) this.replayTarget = this.lastSent;
        }
        await this.waker.wait(signal, Math.max(10, GAP_WAIT_MS - (Date.now() - this.gapSince!)));
        continue;
      }
      if (this.probe) {
        this.probe = false;
        if (this.inFlight > 0) await this.drained(signal);
        const rows = await this.opts.log.eventsAfter(this.opts.roomId, this.lastSent, REPLAY_PAGE);
        if (signal.aborted) return END;
        for (const r of rows) {
          if (r.seq > this.lastSent && !this.pending.has(r.seq)) this.pending.set(r.seq, r);
          if (r.seq > this.latestKnown) this.latestKnown = r.seq;
        }
        if (rows.length) continue;
      }
      if (this.held && !this.held.size) this.held = undefined;
      this.parked = true;
      return PARK;
    }
  }
}
