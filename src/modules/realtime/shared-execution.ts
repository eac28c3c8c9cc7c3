import { createSourceEventStream, execute, GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { eventContext, type Context } from '../../context.js';
import type { RoomEventMessage } from '../rooms/room-events.service.js';
import type { Broadcaster } from './broadcaster.js';
import { NO_PROBE, type DeliveryProbe } from './delivery-probe.js';
import { DirectBroadcast, type Delivery, type DirectSubscriber } from './direct-broadcast.js';
import { isAsyncIterable, MappedIterator } from './mapped-iterator.js';
import { RoomEventStream, type RoomStreamItem } from './room-event-stream.js';
import { DocumentAnalyzer, installOverlayRecorders, recordOverlays, type OverlayRecord } from './shared-document.js';
import { SharedResult } from './shared-result.js';

export type { Delivery } from './direct-broadcast.js';

/** Shared results kept for subscribers that reach the same event a little later (replay, a pull after the broadcast). */
const MAX_KEPT_RESULTS = 2000;

export interface SharedExecutionOptions {
  schema: GraphQLSchema;
  broadcaster: Broadcaster;
  /** A subscription event's execution that takes longer becomes a masked error for that event. */
  executionTimeoutMs: number;
  /** Formats execution errors the way the socket's `onNext` does (codes kept, internal errors masked). */
  formatErrors: (errors: readonly GraphQLError[]) => unknown[];
}

/** The masked error an event gets when its execution failed outright or took too long. */
function failedResult(err: unknown): ExecutionResult {
  const original = err instanceof Error ? err : new Error(String(err));
  return { data: null, errors: [new GraphQLError(original.message, { originalError: original })] };
}

/**
 * Shared delivery for roomEvents. Subscribers with the same document, the same variables apart from where they
 * resume (`afterSeq`), and the same permission view (their role; or the viewer, when the document reads a field that
 * needs a whole execution per viewer) form a group: each event is executed once per group, with a context of its
 * own, and serialized once per variant (per-viewer leaves such as `reactedByMe` are resolved again for each
 * subscriber and laid over the shared data; see shared-document.ts). Each subscriber keeps its own ordered stream
 * (replay, gaps, revocation); once it is at the live edge, its events join the group's broadcast (direct-broadcast.ts).
 * Executions per event are bounded by the groups present, not by subscribers.
 */
export class SharedExecution {
  /** Results by group, room and seq, oldest first (bounded by count: no timer decides what a frame carries). */
  private readonly results = new Map<string, Promise<SharedResult>>();
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
    installOverlayRecorders(opts.schema);
    this.broadcast = new DirectBroadcast(opts.broadcaster, () => this.probe);
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
    if (group !== null && delivery && owner instanceof RoomEventStream) {
      const prefix = `{"id":${JSON.stringify(delivery.opId)},"type":"next","payload":`;
      const sub: DirectSubscriber = { prefix, prefixBytes: Buffer.byteLength(prefix), laneKey: `${group}|${owner.roomId}`, delivery, stream: owner.stream, ctx };
      owner.setDirect((event, settled) => this.broadcast.enqueue(sub, event, settled, () => this.shared(args, group, event)));
    }
    return new MappedIterator(source as AsyncIterable<unknown>, (payload: unknown) => this.executeEvent(args, group, payload));
  };

  private groupKey(args: ExecutionArgs): string | null {
    const ctx = args.contextValue as Context | undefined;
    if (!ctx?.viewer) return null;
    const view = this.documents.analyze(args.document);
    if (!view) return null;
    const who = view.sharing === 'role' ? `role:${ctx.viewer.role}` : `user:${ctx.viewer.id}`;
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

  /** The pull path: each item of a subscriber's stream as its result (shared for logged events of a group). */
  private async executeEvent(args: ExecutionArgs, group: string | null, payload: unknown): Promise<ExecutionResult> {
    const item = payload as RoomStreamItem | undefined;
    const shareable = group !== null && item?.kind === 'event' && typeof item.event?.seq === 'number';
    if (!shareable) return this.run(args, payload, null);
    const shared = await this.shared(args, group, item.event);
    return (await shared.forViewer(args.contextValue as Context)).result;
  }

  /** The group's result for one event: executed once (the first subscriber's arguments stand for the group). */
  private shared(args: ExecutionArgs, group: string, event: RoomEventMessage): Promise<SharedResult> {
    const key = `${group}|${event.roomId}|${event.seq}`;
    let entry = this.results.get(key);
    if (!entry) {
      const records: OverlayRecord[] = [];
      entry = this.run(args, { kind: 'event', event } satisfies RoomStreamItem, records).then((result) => new SharedResult(result, records, this.opts.formatErrors));
      this.results.set(key, entry);
      if (this.results.size > MAX_KEPT_RESULTS) this.results.delete(this.results.keys().next().value!);
    }
    return entry;
  }

  /**
   * One execution, with a context of its own (the one place a per-event context is made), bounded by the timeout:
   * a failed or hung execution becomes a masked error for this event, and whoever waits on it moves on.
   */
  private run(args: ExecutionArgs, rootValue: unknown, records: OverlayRecord[] | null): Promise<ExecutionResult> {
    this.probe.executed();
    const contextValue = eventContext(args.contextValue as Context);
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
