import { createHash } from 'node:crypto';
import {
  GraphQLError,
  createSourceEventStream,
  execute,
  getNamedType,
  isObjectType,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { Context } from '../../context.js';
import type { WebSocket } from 'ws';
import type { RoomEventMessage } from '../rooms/room-events.service.js';
import { RoomEventStream, type RoomStreamItem } from './room-event-stream.js';
import { writeTextFrames } from './ws-frames.js';

/** Where one graphql-ws operation's frames go: its socket, its operation id, and graphql-ws's live-operation map. */
export interface Delivery {
  opId: string;
  /** graphql-ws's map of the socket's live operations: an id missing from it has completed. */
  subscriptions: Record<string, unknown>;
  socket: WebSocket;
}

/** One subscriber on the direct path: its frame prefix is encoded once. */
interface DirectSubscriber {
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
const CLOSE_BRACE = Buffer.from('}');

/**
 * Fields whose value is the same for every member of a room who asks, whoever they are (no viewer check, no
 * per-viewer data). A document that selects only these fields is shared by all viewers with the same role;
 * any other field (Reaction.reactedByMe, User.email, Room.unreadCount, Room.myRole, Room.members...) makes the
 * viewer's id part of the group, so it is shared only by that viewer's own subscriptions. Add a field here only
 * if its resolver never reads ctx.viewer (directly or through a loader keyed by the viewer).
 */
const VIEWER_INDEPENDENT = new Set([
  ...['seq', 'roomId', 'at'].map((f) => `RoomEvent.${f}`),
  'MessageAdded.message',
  'MessageEdited.message',
  'ReactionChanged.message',
  'ReactionChanged.emoji',
  'ReactionChanged.userId',
  'ReactionChanged.added',
  'MessageDeleted.messageId',
  'MessageDeleted.deletedBy',
  'MemberLeft.userId',
  'MemberLeft.removedBy',
  ...['id', 'seq', 'body', 'clientId', 'createdAt', 'editedAt', 'deletedAt', 'sender'].map((f) => `Message.${f}`),
  'Reaction.emoji',
  'Reaction.count',
  ...['id', 'username', 'displayName', 'role', 'isOnline', 'lastSeenAt', 'createdAt'].map((f) => `User.${f}`),
]);

/** A shared `{data}` payload: its id in spliced frames and its UTF-8 JSON, once serialized. */
interface SharedPayload {
  id: number;
  bytes?: Buffer;
}

/** What one shared execution produced: the result, and its `{data}` payload serialized once on first send. */
interface SharedEntry {
  result: Promise<ExecutionResult>;
}

const TOKEN = '\u0000parley-shared:';
const TOKEN_JSON = JSON.stringify(TOKEN).slice(1, -1);
const PAYLOAD_KEY = '"payload":';
const FRAME_MARK = `${PAYLOAD_KEY}"${TOKEN_JSON}`;
/** How long a shared result stays reusable after it settled (subscribers pull the same seq within moments). */
const KEEP_MS = 2000;

/**
 * Shared execution for roomEvents: subscribers whose document, variables and permission view (role, or the viewer
 * when the document reads viewer-specific fields) are the same run one GraphQL execution per event, with one fresh
 * fork, and get one serialized payload. Each subscriber keeps its own ordered stream (replay, gaps, revocation);
 * only the step from a logged event to its GraphQL result is shared. Control items (ResyncRequired, AccessRevoked)
 * and the other subscriptions execute per subscriber, as before.
 */
export class SharedExecution {
  private readonly entries = new Map<string, SharedEntry>();
  private readonly serialized = new WeakMap<object, SharedPayload>();
  private readonly byId = new Map<number, Buffer>();
  private readonly documentView = new WeakMap<DocumentNode, { hash: string; viewerIndependent: boolean }>();
  private nextId = 1;
  private readonly groupIds = new Map<string, string>();
  private nextGroup = 1;
  /** Per group and room, the direct broadcasts in the order their events arrived. */
  private readonly lanes = new Map<string, Lane>();
  private readonly bodies = new WeakMap<ExecutionResult, Buffer>();
  /** Set by the socket layer for each operation's context. */
  readonly deliveries = new WeakMap<object, Delivery>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly metrics: { directFrames: number },
    /** Formats execution errors the way the socket's `onNext` does (codes kept, internal errors masked). */
    private readonly formatErrors: (errors: readonly GraphQLError[]) => unknown[] = (errors) => errors.map((e) => e.toJSON()),
  ) {}

  /** graphql-ws `subscribe`: the source stream per subscriber, the mapping to results shared by group. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const group = this.groupKey(args);
    // Every event resolves with a fresh fork and fresh loaders (the root resolvers renew them), so the ones made for
    // the subscribe step are dropped here: an idle subscription holds no EntityManager.
    const ctx = args.contextValue as Context;
    (ctx as Partial<Context>).em = undefined;
    (ctx as Partial<Context>).loaders = undefined;
    const owner = (source as { owner?: unknown }).owner;
    const delivery = this.deliveries.get(ctx);
    if (group !== null && delivery && owner instanceof RoomEventStream) {
      const prefix = `{"id":${JSON.stringify(delivery.opId)},"type":"next","payload":`;
      const sub: DirectSubscriber = {
        prefix,
        prefixBytes: Buffer.byteLength(prefix),
        laneKey: `${group}|${owner.roomId}`,
        delivery,
        stream: owner.stream,
      };
      owner.setDirect((event, settled) => this.enqueueDirect(args, group, sub, event, settled));
    }
    return new MappedIterator(source as AsyncIterable<unknown>, (payload: unknown) => this.executeEvent(args, group, payload));
  };

  private groupKey(args: ExecutionArgs): string | null {
    const ctx = args.contextValue as Context | undefined;
    if (!ctx?.viewer) return null;
    const view = this.analyze(args.document);
    const who = view.viewerIndependent ? `role:${ctx.viewer.role}` : `user:${ctx.viewer.id}`;
    const key = `${view.hash}|${args.operationName ?? ''}|${JSON.stringify(args.variableValues ?? {})}|${who}`;
    // A short id per group, so the per-delivery lookup key stays small.
    let id = this.groupIds.get(key);
    if (!id) {
      id = `g${this.nextGroup++}`;
      this.groupIds.set(key, id);
      if (this.groupIds.size > 10000) this.groupIds.delete(this.groupIds.keys().next().value!);
    }
    return id;
  }

  private analyze(document: DocumentNode) {
    let view = this.documentView.get(document);
    if (!view) {
      let viewerIndependent = true;
      const typeInfo = new TypeInfo(this.schema);
      visit(
        document,
        visitWithTypeInfo(typeInfo, {
          Field(node) {
            const parent = typeInfo.getParentType();
            if (!parent || node.name.value === '__typename') return;
            const type = getNamedType(parent);
            const field = node.name.value;
            if (type.name === 'Subscription' && field === 'roomEvents') return;
            // A field of an interface (RoomEvent.seq) selected on one of its types counts as the interface's.
            const owners = [type.name, ...(isObjectType(type) ? type.getInterfaces().map((i) => i.name) : [])];
            if (!owners.some((o) => VIEWER_INDEPENDENT.has(`${o}.${field}`))) viewerIndependent = false;
          },
        }),
      );
      view = { hash: createHash('sha1').update(print(document)).digest('base64url'), viewerIndependent };
      this.documentView.set(document, view);
    }
    return view;
  }

  private executeEvent(args: ExecutionArgs, group: string | null, payload: unknown): Promise<ExecutionResult> {
    const item = payload as RoomStreamItem | undefined;
    const shareable = group !== null && item && typeof item === 'object' && item.kind === 'event' && typeof item.event?.seq === 'number';
    // A copy of the context: the resolver gives it a fresh fork for this event without touching the subscriber's.
    const run = () => execute({ ...args, rootValue: payload, contextValue: { ...(args.contextValue as Context) } }) as Promise<ExecutionResult>;
    if (!shareable) return run();
    const key = `${group}|${item.event.roomId}|${item.event.seq}`;
    const existing = this.entries.get(key);
    if (existing) return existing.result;
    const result = Promise.resolve()
      .then(run)
      .then((r) => {
        if (!r.errors?.length && r.data) this.mark(r.data);
        return r;
      });
    this.entries.set(key, { result });
    const forget = () => setTimeout(() => this.entries.delete(key), KEEP_MS).unref();
    result.then(forget, forget);
    return result;
  }

  /**
   * The direct path: a live event next in order for an idle subscriber joins its group's broadcast of that event.
   * One execution per event and group; once it settles, the frames go out in one loop, in arrival order.
   */
  private enqueueDirect(args: ExecutionArgs, group: string, sub: DirectSubscriber, event: RoomEventMessage, settled: () => void): boolean {
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
    this.executeEvent(args, group, { kind: 'event', event })
      .then((result) => this.bodyOf(result))
      .catch((err: unknown) => this.errorBody(err))
      .then((body) => {
        slot.body = body;
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
      this.metrics.directFrames += bodies.length;
    } catch {
      // A socket failing mid-write is closing; its own close handling ends the subscription.
      sub.delivery.socket.terminate();
    }
  }

  /** The payload for an execution that failed outright (masked like any internal error). */
  private errorBody(err: unknown): Buffer {
    const error = new GraphQLError(err instanceof Error ? err.message : String(err), { originalError: err instanceof Error ? err : undefined });
    let errors: unknown[];
    try {
      errors = this.formatErrors([error]);
    } catch {
      errors = [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
    }
    return Buffer.from(`${JSON.stringify({ data: null, errors })}}`);
  }

  /** A result's payload JSON and the frame's closing brace, encoded once per result. */
  private bodyOf(result: ExecutionResult): Buffer {
    let body = this.bodies.get(result);
    if (!body) {
      // A clean result reuses the shared payload already encoded for the pull path's frames.
      const payload =
        !result.errors?.length && result.data
          ? this.encoded(result.data).bytes
          : Buffer.from(JSON.stringify({ ...result, errors: result.errors?.length ? this.formatErrors(result.errors) : undefined }));
      body = Buffer.concat([payload, CLOSE_BRACE]);
      this.bodies.set(result, body);
    }
    return body;
  }

  /** Registers a shared `data` object, to be serialized once (lazily, by the first socket that sends it). */
  private mark(data: object) {
    if (this.serialized.has(data)) return;
    this.serialized.set(data, { id: 0 });
  }

  /**
   * graphql-ws `jsonMessageReplacer`: a shared payload is written as a short token instead of being serialized
   * again for every socket; `expandFrame` puts the once-serialized JSON in its place.
   */
  replacer = (key: string, value: unknown): unknown => {
    if (key !== 'payload' || !value || typeof value !== 'object') return value;
    const payload = value as { data?: object; errors?: unknown; extensions?: unknown };
    if (!payload.data || payload.errors || payload.extensions) return value;
    if (!this.serialized.has(payload.data)) return value;
    return `${TOKEN}${this.encoded(payload.data).id}`;
  };

  /** The shared `{data}` JSON of a marked data object, serialized on first use and kept for `expandFrame`. */
  private encoded(data: object): Required<SharedPayload> {
    let entry = this.serialized.get(data);
    if (!entry) this.serialized.set(data, (entry = { id: 0 }));
    if (!entry.bytes) {
      entry.id = this.nextId++;
      entry.bytes = Buffer.from(JSON.stringify({ data }));
      this.byId.set(entry.id, entry.bytes);
      const id = entry.id;
      setTimeout(() => this.byId.delete(id), KEEP_MS * 2).unref();
    }
    return entry as Required<SharedPayload>;
  }

  /**
   * Replaces a token written by `replacer` with the shared JSON (a frame is `{"id":..,"type":"next","payload":..}`).
   * The shared part is UTF-8 encoded once: the frame comes back as a Buffer (send it as a text frame), so no socket
   * encodes the payload again.
   */
  expandFrame = (frame: string): string | Buffer => {
    const at = frame.lastIndexOf(FRAME_MARK);
    if (at < 0 || !frame.endsWith('"}')) return frame;
    const id = Number(frame.slice(at + FRAME_MARK.length, -2));
    const body = this.byId.get(id);
    if (body === undefined) return frame;
    const head = frame.slice(0, at + PAYLOAD_KEY.length);
    const out = Buffer.allocUnsafe(Buffer.byteLength(head) + body.length + 1);
    const n = out.write(head, 0, 'utf8');
    body.copy(out, n);
    out[n + body.length] = 0x7d; // }
    return out;
  };

  /** Shared results currently kept (for tests). */
  get size() {
    return this.entries.size;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === 'function';
}

/**
 * Maps an async iterator like graphql-js does for subscriptions: `return()` goes straight to the source (a
 * PullStream ends at once even while a `next()` waits), unlike an async generator's, which queues. A class rather
 * than closures: an idle subscription keeps one for as long as it lives.
 */
class MappedIterator<T, U> implements AsyncIterableIterator<U> {
  private readonly iterator: AsyncIterator<T>;

  constructor(
    iterable: AsyncIterable<T>,
    private readonly fn: (value: T) => Promise<U>,
  ) {
    this.iterator = iterable[Symbol.asyncIterator]();
  }

  private async closeQuietly() {
    try {
      await this.iterator.return?.();
    } catch {
      /* keep the original error */
    }
  }

  private async map(r: IteratorResult<T>): Promise<IteratorResult<U>> {
    if (r.done) return r;
    try {
      return { value: await this.fn(r.value), done: false };
    } catch (err) {
      await this.closeQuietly();
      throw err;
    }
  }

  // Not an async method: an idle subscription's pending next() is one promise, not a suspended frame as well.
  next(): Promise<IteratorResult<U>> {
    return this.iterator.next().then(this.mapResult);
  }

  private readonly mapResult = (r: IteratorResult<T>) => this.map(r);

  async return(): Promise<IteratorResult<U>> {
    return this.iterator.return ? this.map(await this.iterator.return()) : { value: undefined, done: true };
  }

  async throw(err?: unknown): Promise<IteratorResult<U>> {
    if (this.iterator.throw) return this.map(await this.iterator.throw(err));
    await this.closeQuietly();
    throw err;
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
