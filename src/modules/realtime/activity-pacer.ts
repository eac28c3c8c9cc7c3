/**
 * How often one room's RoomActivity may go out. Each batch costs one delivery per online member (a Redis message,
 * their own counts laid over the batch's shared execution, a frame), so a room with many online members gets fewer,
 * larger batches: deliveries per second per room stay about `deliveriesPerSecond`, however busy the room. A room whose
 * interval is within the fan-out window is never held. Pure (times are passed in): viewer-news.service.ts drives it.
 */
export class ActivityPacer<T extends { seq: number }> {
  /** Per room (only rooms with an interval above `minIntervalMs`): the earliest time of its next batch. */
  private readonly next = new Map<string, number>();
  /** Per room: the newest activity held back, sent when its room is due. */
  private readonly held = new Map<string, T>();

  constructor(
    private readonly deliveriesPerSecond: number,
    private readonly maxIntervalMs: number,
    private readonly minIntervalMs: number,
  ) {}

  /** The pause a room with `online` members needs between batches (at most `maxIntervalMs`). */
  intervalMs(online: number): number {
    return Math.min(this.maxIntervalMs, (online * 1000) / this.deliveriesPerSecond);
  }

  /** Whether `item` may go out at `now`; if not, it is held (the newest per room) until the room is due. */
  admit(roomId: string, item: T, now: number): boolean {
    const due = this.next.get(roomId);
    if (due === undefined || due <= now) {
      this.next.delete(roomId);
      this.held.delete(roomId);
      return true;
    }
    const h = this.held.get(roomId);
    if (!h || h.seq < item.seq) this.held.set(roomId, item);
    return false;
  }

  /** Records that the room's activity went out to `online` members at `now`. */
  sent(roomId: string, online: number, now: number) {
    const interval = this.intervalMs(online);
    if (interval > this.minIntervalMs) this.next.set(roomId, now + interval);
    else this.next.delete(roomId);
  }

  /** Takes the held activity of the rooms due at `now`. */
  takeDue(now: number): Map<string, T> {
    const out = new Map<string, T>();
    for (const [roomId, item] of this.held) {
      if ((this.next.get(roomId) ?? 0) > now) continue;
      out.set(roomId, item);
      this.held.delete(roomId);
    }
    return out;
  }

  /** When the first held activity becomes due (undefined when nothing is held). */
  nextDue(): number | undefined {
    let first: number | undefined;
    for (const roomId of this.held.keys()) {
      const at = this.next.get(roomId) ?? 0;
      if (first === undefined || at < first) first = at;
    }
    return first;
  }

  /** The room is gone (deleted): nothing of it is held or paced any more. */
  forget(roomId: string) {
    this.next.delete(roomId);
    this.held.delete(roomId);
  }

  clear() {
    this.next.clear();
    this.held.clear();
  }
}
