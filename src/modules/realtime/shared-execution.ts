import { createSourceEventStream, execute, GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { flat } from '../../common/ids.js';
import { eventContext, eventLoads, type Context, type EventLoads } from '../../context.js';
import type { RoomEventMessage } from '../rooms/room-events.service.js';
import type { Broadcaster } from './broadcaster.js';
import { NO_PROBE, type DeliveryProbe } from './delivery-probe.js';
import { DirectBroadcast, type Delivery, type DirectSubscriber } from './direct-broadcast.js';
import { isAsyncIterable, MappedIterator } from './mapped-iterator.js';
import { RoomEventStream, type DirectSink, type RoomStreamItem } from './room-event-stream.js';
import { primeMessageRows } from '../messages/message-rows.js';
import { DocumentAnalyzer, installViewerGates, recordOverlays, type OverlayRecord } from './shared-document.js';
import { failedResult, SharedResult } from './shared-result.js';
import { PullStream, type StreamMapper } from './stream.js';

export type { Delivery } from './direct-broadcast.js';

/** Shared results kept for subscribers that reach the same event a little later (replay, a pull after the broadcast). */
const MAX_KEPT_RESULTS = 2000;
/** Events whose loads are kept for the other groups' executions of them (the live ones run within moments). */
const MAX_KEPT_LOADS = 256;

export interface SharedExecutionOptions {
  schema: GraphQLSchema;
  broadcaster: Broadcaster;
  /** A subscription event's execution that takes longer becomes a masked error for that event. */
  executionTimeoutMs: number;
  /** Formats execution errors the way the socket's `onNext` does (codes kept, internal errors masked). */
  formatErrors: (errors: readonly GraphQLError[]) => unknown[];
  /**
   * Lays a subscriber's own item of a shared batch (viewerEvents' RoomActivity: its membership and counts) into the
   * context its per-viewer leaves resolve with (ViewerNewsService#prime).
   */
  prepareViewer: (ctx: Context, item: unknown) => Promise<void> | void;
}

/** A viewerEvents item that names its batch (one room's activity, sent to each online member with their own counts). */
function batchOf(payload: unknown): string | null {
  const item = payload as { type?: unknown; kind?: unknown; loadsKey?: unknown } | null | undefined;
  return item?.type === 'ViewerEvent' && item.kind === 'ACTIVITY' && typeof item.loadsKey === 'string' ? item.loadsKey : null;
}

/**
 * Shared delivery for roomEvents. Subscribers with the same document, the same variables apart from where they
 * resume (`afterSeq`), and the same permission view (everybody in the room, when every field the document reads is
 * declared shareable; or the viewer, when it reads a field that needs a whole execution per viewer) form a group:
 * each event is executed once per group, with a context
 * of its own over the event's shared loads, and serialized once per variant (per-viewer leaves such as `reactedByMe`
 * are resolved again for each subscriber, and `@ShownTo` fields such as read receipts emptied for those who may not
 * see them, over the shared data; see shared-document.ts). Each subscriber keeps its own ordered stream
 * (replay, gaps, revocation); once it is at the live edge, its events join the group's broadcast (direct-broadcast.ts).
 * Executions per event are bounded by the groups present, not by subscribers.
 *
 * viewerEvents' RoomActivity is shared the same way per batch: the fan-out sends one room's activity to each online
 * member with their own membership and counts (viewer-news.service.ts), all naming the batch. A document whose every
 * field is declared is executed once per batch, and each subscriber's per-viewer leaves (unread and mention counts,
 * myRole...) resolve again over a context primed with its own item (`prepareViewer`).
 */
export class SharedExecution {
  /** Results by group, room and seq, oldest first (bounded by count: no timer decides what a frame carries). */
  private readonly results = new Map<string, Promise<SharedResult>>();
  /** Per room and seq (and per viewer news batch): the fork and viewer-independent loaders its executions share. */
  private readonly loads = new Map<string, EventLoads>();
  private readonly documents: DocumentAnalyzer;
  private readonly groupIds = new Map<string, string>();
  private nextGroup = 1;
  private readonly broadcast: DirectBroadcast;
  /** Set by the socket layer for each operation's context. */
  readonly deliveries = new WeakMap<object, Delivery>();
  /** Counters and seams for tests and bench/ (the diagnostics module sets one; production keeps the no-op). */
  probe: DeliveryProbe = NO_PROBE;

  constructor(private readonly opts: SharedExecutionOptions) {
    this.documents = new DocumentAnalyzer(opts.schema);
    installViewerGates(opts.schema);
    this.broadcast = new DirectBroadcast(opts.broadcaster, () => this.probe);
  }

  /**
   * Diagnostics: the shared results kept, their frame bodies' bytes, and the bytes of the distinct ArrayBuffers under
   * those bodies (more than the bodies when a small body sits in a slab of Node's Buffer pool and pins all of it).
   */
  async kept(): Promise<{ results: number; bodies: number; bodyBytes: number; backingBytes: number }> {
    const settled = await Promise.all(this.results.values());
    const backing = new Set<ArrayBufferLike>();
    let bodies = 0;
    let bodyBytes = 0;
    for (const r of settled) {
      for (const b of r.bodies()) {
        bodies++;
        bodyBytes += b.length;
        backing.add(b.buffer);
      }
    }
    let backingBytes = 0;
    for (const ab of backing) backingBytes += ab.byteLength;
    return { results: settled.length, bodies, bodyBytes, backingBytes };
  }

  /** graphql-ws `subscribe`: the source stream per subscriber, the mapping to results shared by group. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const group = this.groupKey(args);
    // Every event executes with a context of its own (`eventContext`), so the fork and loaders made for the
    // subscribe step are dropped here: an idle subscription holds no EntityManager.
    const ctx = args.contextValue as Context;
    (ctx as Partial<Context>).em = undefined;
    (ctx as Partial<Context>).loaders = undefined;
    const owner = (source as { owner?: unknown }).owner;
    const delivery = this.deliveries.get(ctx);
    const route = new SubscriptionRoute(this, args, group);
    if (group !== null && delivery && owner instanceof RoomEventStream) {
      // Flat strings: kept for the subscription's lifetime (see `flat`).
      const prefix = flat(`{"id":${JSON.stringify(delivery.opId)},"type":"next","payload":`);
      route.direct = { prefix, prefixBytes: Buffer.byteLength(prefix), laneKey: flat(`${group}|${owner.roomId}`), delivery, source: owner, ctx };
      owner.setDirect(route);
    }
    return source instanceof PullStream ? (source as PullStream<unknown>).mapWith(route) : new MappedIterator(source as AsyncIterable<unknown>, (payload) => route.map(payload));
  };

  /** The direct path of a subscriber whose stream is idle at the live edge: the event joins its group's broadcast. */
  offerDirect(route: SubscriptionRoute, event: RoomEventMessage): boolean {
    const { args, group, direct } = route;
    if (!direct || group === null) return false;
    return this.broadcast.enqueue(direct, event, () => this.shared(args, group, event));
  }

  private groupKey(args: ExecutionArgs): string | null {
    const ctx = args.contextValue as Context | undefined;
    if (!ctx?.viewer) return null;
    const view = this.documents.analyze(args.document);
    if (!view) return null;
    // The permission view: the room's members (membership is checked at subscribe), whatever their global role, when
    // every field is declared shareable; everything about the viewer is laid over the group's result per subscriber
    // (@PerViewer leaves, @ShownTo fields such as read receipts: shared-result.ts). Otherwise the viewer's own.
    // viewerEvents streams are each viewer's own: only a document all of whose fields are declared is shared.
    if (view.root === 'viewerEvents' && view.sharing !== 'all') return null;
    const who = view.sharing === 'all' ? 'all' : `user:${ctx.viewer.id}`;
    const variables: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(args.variableValues ?? {})) if (!view.resumeVariables.has(name)) variables[name] = value;
    const key = `${view.hash}|${args.operationName ?? ''}|${JSON.stringify(variables)}|${who}`;
    // A short id per group, so the per-event lookup key stays small.
    let id = this.groupIds.get(key);
    if (!id) {
      id = `g${this.nextGroup++}`;
      this.groupIds.set(key, id);
      if (this.groupIds.size > 10000) this.groupIds.delete(this.groupIds.keys().next().value!);
    }
    return id;
  }

  /**
   * The pull path: each item of a subscriber's stream as its result: shared for logged events of a group, and for
   * the items of one viewer news batch (each subscriber's own membership and counts laid over it).
   */
  async executeEvent(args: ExecutionArgs, group: string | null, payload: unknown): Promise<ExecutionResult> {
    const ctx = args.contextValue as Context;
    const batch = batchOf(payload);
    if (group !== null && batch !== null) {
      const shared = await this.sharedBatch(args, group, batch, payload);
      return (await shared.forViewer(ctx, (c) => this.opts.prepareViewer(c, payload))).result;
    }
    const item = payload as RoomStreamItem | undefined;
    const shareable = group !== null && item?.kind === 'event' && typeof item.event?.seq === 'number';
    if (!shareable) return this.run(args, payload, null, this.batchLoads(ctx, payload));
    const shared = await this.shared(args, group, item.event);
    return (await shared.forViewer(ctx)).result;
  }

  /**
   * The group's result for one event: executed once (the first subscriber's arguments stand for the group), with the
   * event's loads, which the other groups' executions of the same event share (the message, its sender, attachments,
   * mentions and read markers are read once per event, not once per group).
   */
  private shared(args: ExecutionArgs, group: string, event: RoomEventMessage): Promise<SharedResult> {
    const loadsKey = `${event.roomId}|${event.seq}`;
    return this.keptResult(`${group}|${loadsKey}`, loadsKey, args, { kind: 'event', event } satisfies RoomStreamItem, event);
  }

  /**
   * A viewer news batch's result for a group: executed once with the first subscriber's item (its per-viewer leaves
   * recorded) over the batch's loads; each subscriber's leaves resolve again from its own item (`executeEvent`).
   */
  private sharedBatch(args: ExecutionArgs, group: string, batch: string, payload: unknown): Promise<SharedResult> {
    return this.keptResult(`${group}|${batch}`, batch, args, payload);
  }

  /** A kept result by key, or its execution with `rootValue` over the loads of `loadsKey`, kept for the others. */
  private keptResult(key: string, loadsKey: string, args: ExecutionArgs, rootValue: unknown, event?: RoomEventMessage): Promise<SharedResult> {
    let entry = this.results.get(key);
    if (!entry) {
      const records: OverlayRecord[] = [];
      const loads = this.keptLoads(args.contextValue as Context, loadsKey, event);
      // Looked up again when a subscriber's per-viewer leaves resolve, not captured: a kept result must not keep its
      // event's fork and loaders alive past MAX_KEPT_LOADS (about 15 KiB each; the churn soak's heap grew by that
      // much per kept result). Loads evicted by then are made afresh. The key is made once (its hash is cached).
      const contextFor = (base: Context) => eventContext(base, this.keptLoads(base, loadsKey));
      entry = this.run(args, rootValue, records, loads).then((result) => new SharedResult(result, records, this.opts.formatErrors, contextFor));
      this.results.set(key, entry);
      if (this.results.size > MAX_KEPT_RESULTS) this.results.delete(this.results.keys().next().value!);
    }
    return entry;
  }

  /**
   * Items that name a batch (`loadsKey`: viewerEvents' RoomActivity, one per online member of the room) but whose
   * document is not shared (a field it selects is not declared) share that batch's loads: each is executed for its own
   * viewer, but the room and what every member sees of it are read once per batch on this instance.
   */
  private batchLoads(ctx: Context, payload: unknown): EventLoads | undefined {
    const key = batchOf(payload);
    return key !== null ? this.keptLoads(ctx, key) : undefined;
  }

  /** An event's loads; made afresh with the rows a live event carries (its writer's: messages/message-rows.ts). */
  private keptLoads(ctx: Context, key: string, event?: RoomEventMessage): EventLoads {
    let loads = this.loads.get(key);
    if (!loads) {
      loads = eventLoads(ctx.app);
      if (event?.rows) primeMessageRows(loads.em, loads.loaders, event);
      this.loads.set(key, loads);
      if (this.loads.size > MAX_KEPT_LOADS) this.loads.delete(this.loads.keys().next().value!);
    }
    return loads;
  }

  /**
   * One execution, with a context of its own (the one place a per-event context is made), bounded by the timeout:
   * a failed or hung execution becomes a masked error for this event, and whoever waits on it moves on.
   */
  private run(args: ExecutionArgs, rootValue: unknown, records: OverlayRecord[] | null, loads?: EventLoads): Promise<ExecutionResult> {
    this.probe.executed();
    const contextValue = eventContext(args.contextValue as Context, loads);
    if (records) recordOverlays(contextValue, records);
    const item = rootValue as RoomStreamItem | undefined;
    const before = this.probe.beforeExecution && item?.kind === 'event' ? this.probe.beforeExecution(item.event) : undefined;
    const execution = Promise.resolve(before).then(() => execute({ ...args, rootValue, contextValue }) as Promise<ExecutionResult>);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`subscription event execution took over ${this.opts.executionTimeoutMs} ms`)), this.opts.executionTimeoutMs);
    });
    return Promise.race([execution, timeout])
      .catch(failedResult)
      .finally(() => clearTimeout(timer));
  }
}

/**
 * One subscription's way to its results: its source events mapped (the pull path) and, for a room stream in a group,
 * its events offered to the group's broadcast (the direct path). One object per subscription, kept while it lives, in
 * place of a closure for each way and their context.
 */
class SubscriptionRoute implements StreamMapper<unknown, ExecutionResult>, DirectSink {
  /** Set when the subscription may take the direct path. */
  direct?: DirectSubscriber;

  constructor(
    private readonly execution: SharedExecution,
    readonly args: ExecutionArgs,
    readonly group: string | null,
  ) {}

  map(payload: unknown): Promise<ExecutionResult> {
    return this.execution.executeEvent(this.args, this.group, payload);
  }

  offer(event: RoomEventMessage): boolean {
    return this.execution.offerDirect(this, event);
  }
}
