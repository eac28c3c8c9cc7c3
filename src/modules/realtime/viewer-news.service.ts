import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context.js';
import type { Logger } from '../../logger.js';
import { topics, type AppPubSub, type Unsubscribe } from '../../pubsub.js';
import type { UserControlMessage, ViewerNewsMessage } from '../../topics.js';
import { memberSnapshots, membershipFromSnapshot } from '../rooms/member-snapshot.js';
import { RoomEvent } from '../rooms/room-event.entity.js';
import type { RoomEventPayloads } from '../rooms/room-event.payloads.js';
import type { RoomEventMessage, RoomEventService } from '../rooms/room-events.service.js';
import type { ConnectionService } from './connection.service.js';
import type { PresenceService } from './presence.service.js';
import { AddedToRoomEvent, RemovedFromRoomEvent, RemovedFromRoomReason, RoomActivityEvent, type ViewerEventBase } from './realtime.types.js';
import { ActivityPacer } from './activity-pacer.js';
import { QueueStream } from './stream.js';
import { peopleEvent } from '../reach/people-events.types.js';
import { PEOPLE_NEWS_TYPES, type PeopleNews } from '../reach/people-news.js';
import type { TypingService } from './typing.service.js';

/** How long viewer news waits for more events of the same batch (activity is coalesced per room within it). */
const FAN_OUT_WINDOW_MS = 100;
/**
 * RoomActivity deliveries per second one room may cost (one per online member per batch): a room of 500 or more
 * online members gets a batch every second at most, one of up to 50 every window (activity-pacer.ts). At 2,000 a
 * busy room of 500 cost four batches a second, 2,000 executions (each member's its own then), more than its messages'
 * own delivery (bench/NOTES.md, session 11); a room list needs the count, not every step of it. A batch is executed
 * once per document now (shared-execution.ts), but each member still costs a Redis message, their values and a frame.
 */
const ACTIVITY_DELIVERIES_PER_ROOM_PER_S = 500;
/** The longest a room's activity is held back, however many members are online. */
const MAX_ACTIVITY_INTERVAL_MS = 1000;

/** What a viewerEvents stream carries: room-list news, people news (invitations, requests, contacts), or the viewer's own read marker moving (another tab). */
export type ViewerNewsItem = ViewerNewsMessage | PeopleNews | Extract<UserControlMessage, { type: 'RoomRead' }>;

export interface ViewerNewsServiceDeps {
  orm: MikroORM;
  pubsub: AppPubSub;
  logger: Logger;
  presence: PresenceService;
  typing: TypingService;
  roomEvents: RoomEventService;
  connections: ConnectionService;
}

/**
 * viewerEvents: news for each user's room list. After every published batch of room events, one worker per instance
 * tells users they were added or removed, and tells online members that a room has new activity (one message per
 * room per batch, on each member's own topic).
 */
export class ViewerNewsService {
  private started = false;
  private stopped = false;
  private queue: RoomEventMessage[] = [];
  private running?: Promise<void>;
  private readonly pacer = new ActivityPacer<RoomEventMessage>(ACTIVITY_DELIVERIES_PER_ROOM_PER_S, MAX_ACTIVITY_INTERVAL_MS, FAN_OUT_WINDOW_MS);
  /** Wakes the worker when held activity becomes due. */
  private dueTimer?: NodeJS.Timeout;
  /** The room seq each primed context's snapshot saw (`prime`): per context, so a shared execution's subscribers each have theirs. */
  private readonly seenSeq = new WeakMap<Context, number>();
  /** A seam for tests (src/diagnostics): awaited before each batch's fan-out. Production leaves it empty. */
  probe: { beforeFanOut?: (events: readonly RoomEventMessage[]) => Promise<void> | void } = {};

  constructor(private readonly deps: ViewerNewsServiceDeps) {}

  /** Hooks the fan-out into the room event log. */
  start() {
    if (this.started) return;
    this.started = true;
    this.deps.roomEvents.afterPublish.push(async (events) => {
      // Off the writer's path: the mutation answers without waiting for the fan-out.
      this.queue.push(...events);
      this.kick();
    });
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.dueTimer);
    this.pacer.clear();
    await this.running;
  }

  /** Resolves once the worker has nothing queued or running (held activity not yet due aside): tests wait on it. */
  async settled(): Promise<void> {
    while (this.running || this.queue.length) await (this.running ?? Promise.resolve());
  }

  async open(ctx: Context): Promise<AsyncIterableIterator<ViewerNewsItem>> {
    const { pubsub, connections } = this.deps;
    const viewer = connections.streamViewer(ctx);
    const unsubs: Unsubscribe[] = [];
    // The highest read marker per room this stream has reported (RoomRead), to spot activity counted before it.
    const readUpTo = new Map<string, number>();
    let unregister = () => {};
    const q = new QueueStream<ViewerNewsItem>(async () => {
      unregister();
      await Promise.allSettled(unsubs.map((u) => u()));
    });
    try {
      unsubs.push(
        await pubsub.subscribe(topics.user(viewer.id), (msg) => {
          if (msg.type === 'RoomRead' && typeof msg.roomId === 'string') {
            readUpTo.set(msg.roomId, Math.max(readUpTo.get(msg.roomId) ?? 0, msg.lastReadSeq));
            q.push(msg);
          } else if ((msg.type === 'SessionRevoked' && msg.sessionId === ctx.session?.id) || msg.type === 'UserBanned') q.end();
        }),
      );
      unsubs.push(
        await pubsub.subscribe(topics.viewer(viewer.id), (msg) => {
          if (msg.type === 'ViewerEvent' && msg.member && msg.member.lastReadSeq < (readUpTo.get(msg.roomId) ?? 0)) {
            // Counted before a read this stream has already reported: counted again for this viewer (toEvent), so
            // the room list never goes back to unread after the read.
            q.push({ ...msg, member: undefined });
          } else if (msg.type === 'ViewerEvent' || PEOPLE_NEWS_TYPES.has(msg.type)) q.push(msg);
        }),
      );
    } catch (err) {
      await q.stream.finish();
      throw err;
    }
    unregister = connections.register(ctx, { roomId: null, revoke: () => q.end(), finished: () => q.stream.ended });
    return q.stream;
  }

  /**
   * One item as its GraphQL event. A RoomActivity's per-viewer fields (its lastSeq and unreadCount, the room's myRole,
   * counts and notification level) resolve from the viewer's context, which `prime` fills from the item.
   */
  async toEvent(ctx: Context, m: ViewerNewsItem): Promise<ViewerEventBase> {
    if (m.type === 'RoomHidden') return Object.assign(new RemovedFromRoomEvent(), { roomId: m.roomId, at: new Date(m.at), reason: RemovedFromRoomReason.HIDDEN });
    if (m.type !== 'ViewerEvent' && m.type !== 'RoomRead') return peopleEvent(m);
    const at = new Date(m.type === 'ViewerEvent' ? m.at : Date.now());
    if (m.type === 'ViewerEvent' && m.kind === 'ADDED') return Object.assign(new AddedToRoomEvent(), { roomId: m.roomId, at });
    if (m.type === 'ViewerEvent' && m.kind === 'REMOVED') return Object.assign(new RemovedFromRoomEvent(), { roomId: m.roomId, at, reason: m.reason ?? RemovedFromRoomReason.REMOVED });
    await this.prime(ctx, m);
    return Object.assign(new RoomActivityEvent(), { roomId: m.roomId, at, seq: m.type === 'ViewerEvent' ? m.seq : m.lastReadSeq });
  }

  /**
   * Lays a RoomActivity item's own values into the context its per-viewer fields resolve with. Activity from the
   * fan-out carries the viewer's membership and counts: the viewer's loaders are primed with them, so no per-viewer
   * query runs (the room and what every member sees come from the batch's shared loads). The shared execution of a
   * batch calls it for each subscriber's context with that subscriber's own item (shared-execution.ts).
   */
  async prime(ctx: Context, m: ViewerNewsItem): Promise<void> {
    if (m.type !== 'ViewerEvent' || m.kind !== 'ACTIVITY' || !m.member) return;
    // The seq its counts saw, whatever else is known (as before the execution was shared).
    this.seenSeq.set(ctx, m.member.roomLastSeq);
    const room = await ctx.loaders.roomById.load(m.roomId);
    if (!room || !ctx.viewer) return;
    ctx.loaders.myMembership.prime(m.roomId, membershipFromSnapshot(m.member, room, ctx.viewer));
    ctx.loaders.unreadCount.prime(m.roomId, m.member.unread);
    ctx.loaders.mentionCount.prime(m.roomId, m.member.mentions);
  }

  /**
   * A RoomActivity's lastSeq for the viewer: with a snapshot, the seq its counts saw (a later batch brings the counts
   * of later messages with their seq); otherwise the room's latest, or the reported seq when the room is gone.
   */
  async lastSeqFor(ctx: Context, roomId: string, seq: number): Promise<number> {
    const seen = this.seenSeq.get(ctx);
    if (seen !== undefined) return seen;
    return (await ctx.loaders.roomById.load(roomId))?.lastSeq ?? seq;
  }

  /** Publishes one piece of viewer news on each listed user's own topic. */
  private publish(userIds: Iterable<string>, news: Omit<ViewerNewsMessage, 'type'>) {
    return this.deps.pubsub.publishMany(Array.from(userIds, topics.viewer), { type: 'ViewerEvent', ...news });
  }

  /**
   * Publishes one room's activity to its online members, each with their own membership and counts. Not to those who
   * joined after `e`: the snapshot is read now, and a member added since `e` (whose MemberJoined a later batch carries)
   * would otherwise hear of the room's activity before its AddedToRoom. Their batch brings them both, in that order.
   */
  private async publishActivity(roomId: string, e: RoomEventMessage, online: Set<string>) {
    const em = this.deps.orm.em.fork();
    const members = await memberSnapshots(em, roomId, [...online]);
    // Read after the snapshot: a join the snapshot saw committed its MemberJoined too, so this finds it.
    const joinedLater = await em.find(RoomEvent, { room: roomId, type: 'MemberJoined', seq: { $gt: e.seq } }, { fields: ['payload'] });
    for (const j of joinedLater) members.delete((j.payload as RoomEventPayloads['MemberJoined']).userId);
    const news = { type: 'ViewerEvent' as const, kind: 'ACTIVITY' as const, roomId, seq: e.seq, at: e.at, loadsKey: `news|${roomId}|${e.seq}` };
    // One payload per member, all in one command per chunk; a member who left meanwhile gets none.
    await this.deps.pubsub.publishEach(Array.from(members, ([userId, member]) => [topics.viewer(userId), { ...news, member }] as const));
  }

  /** One worker per instance drains the queue; a burst becomes one batch, with activity coalesced per room. */
  private kick() {
    if (this.stopped) this.queue = [];
    // Queued events (drained even while stopping), or held activity now due.
    const work = () => this.queue.length > 0 || (!this.stopped && (this.pacer.nextDue() ?? Infinity) <= Date.now());
    if (this.running || !work()) return;
    this.running = (async () => {
      while (work()) {
        // A short window first: a busy room's messages in it become one RoomActivity per member, not one each
        // (a room list needs the latest seq and unread count, not every step).
        if (!this.stopped) await new Promise((r) => setTimeout(r, FAN_OUT_WINDOW_MS));
        const batch = this.queue.splice(0);
        try {
          await this.fanOut(batch, this.pacer.takeDue(Date.now()));
        } catch (err) {
          this.deps.logger.error({ err }, 'viewer fan-out failed');
        }
        this.armDueTimer();
      }
    })().finally(() => {
      this.running = undefined;
      this.kick();
    });
  }

  /** Held activity due later: the worker wakes for it then. */
  private armDueTimer() {
    clearTimeout(this.dueTimer);
    const at = this.pacer.nextDue();
    if (at === undefined || this.stopped) return;
    this.dueTimer = setTimeout(() => this.kick(), Math.max(0, at - Date.now()));
    this.dueTimer.unref();
  }

  /**
   * After room events are published: tells users their room list changed (added, removed) and tells online members
   * of each room that it has new activity (one message per room per batch; a room with many online members is paced,
   * its activity held back and sent with the room's next batch, `due` being what was held and is due now).
   */
  private async fanOut(events: RoomEventMessage[], due: Map<string, RoomEventMessage>) {
    const { orm, presence, typing } = this.deps;
    await this.probe.beforeFanOut?.(events);
    const latest = new Map<string, RoomEventMessage>();
    for (const e of events) {
      // Not news for room lists (it does not move the room's activity either).
      if (e.type === 'ReadMarkerMoved') continue;
      if (e.type === 'MemberJoined') await this.publish([e.payload.userId], { kind: 'ADDED', roomId: e.roomId, seq: e.seq, at: e.at });
      if (e.type === 'MemberLeft') {
        const reason = e.payload.removedById ? RemovedFromRoomReason.REMOVED : RemovedFromRoomReason.LEFT;
        await this.publish([e.payload.userId], { kind: 'REMOVED', roomId: e.roomId, seq: e.seq, at: e.at, reason });
        // A former member is not typing here any more.
        await typing.set(e.roomId, e.payload.userId, false);
      }
      if (e.type === 'RoomDeleted') {
        latest.delete(e.roomId);
        due.delete(e.roomId);
        this.pacer.forget(e.roomId);
        const memberIds = (Array.isArray(e.payload.memberIds) ? e.payload.memberIds : []).filter((id): id is string => typeof id === 'string');
        if (memberIds.length) await this.publish(memberIds, { kind: 'REMOVED', roomId: e.roomId, seq: e.seq, at: e.at, reason: RemovedFromRoomReason.ROOM_DELETED });
        continue;
      }
      latest.set(e.roomId, e);
    }
    // Held activity of a room with none newer in this batch goes out now.
    for (const [roomId, e] of due) if (!latest.has(roomId)) latest.set(roomId, e);
    if (latest.size && !(await presence.anyoneOnline())) return;
    for (const [roomId, e] of latest) {
      if (!this.pacer.admit(roomId, e, Date.now())) continue;
      // Plain ids, not entities: a room of 1,000 members would otherwise hydrate 1,000 memberships per batch.
      const rows = await (orm.em.fork() as SqlEntityManager).execute<Array<{ user_id: string }>>('select user_id from memberships where room_id = ?', [roomId]);
      const online = await presence.onlineAmong(rows.map((r) => r.user_id));
      // Each online member's own topic; only their viewerEvents streams listen to it.
      if (online.size) await this.publishActivity(roomId, e, online);
      this.pacer.sent(roomId, online.size, Date.now());
    }
  }
}
