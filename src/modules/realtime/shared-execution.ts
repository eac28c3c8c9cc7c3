import { createSourceEventStream, execute, GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { eventContext, type Context } from '../../context.js';
import type { RoomEventMessage } from '../rooms/room-events.service.js';
import { NO_PROBE, type DeliveryProbe } from './delivery-probe.js';
import { DirectBroadcast, errorBody, type Delivery, type DirectSubscriber } from './direct-broadcast.js';
import { isAsyncIterable, MappedIterator } from './mapped-iterator.js';
import { RoomEventStream, type RoomStreamItem } from './room-event-stream.js';
import { DocumentAnalyzer } from './viewer-independence.js';

export type { Delivery } from './direct-broadcast.js';

const CLOSE_BRACE = Buffer.from('}');

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
  private readonly documents: DocumentAnalyzer;
  private nextId = 1;
  private readonly groupIds = new Map<string, string>();
  private nextGroup = 1;
  private readonly broadcast: DirectBroadcast;
  private readonly bodies = new WeakMap<ExecutionResult, Buffer>();
  /** Set by the socket layer for each operation's context. */
  readonly deliveries = new WeakMap<object, Delivery>();
  /** Counters for tests and bench/ (the diagnostics module sets one; production keeps the no-op). */
  probe: DeliveryProbe = NO_PROBE;

  constructor(
    schema: GraphQLSchema,
    /** Formats execution errors the way the socket's `onNext` does (codes kept, internal errors masked). */
    private readonly formatErrors: (errors: readonly GraphQLError[]) => unknown[] = (errors) => errors.map((e) => e.toJSON()),
  ) {
    this.documents = new DocumentAnalyzer(schema);
    this.broadcast = new DirectBroadcast(() => this.probe);
  }

  /** graphql-ws `subscribe`: the source stream per subscriber, the mapping to results shared by group. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const group = this.groupKey(args);
    // Every event executes with a context of its own (`eventContext`: a fresh fork and fresh loaders), so the ones
    // made for the subscribe step are dropped here: an idle subscription holds no EntityManager.
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
      owner.setDirect((event, settled) => this.broadcast.enqueue(sub, event, settled, () => this.directBody(args, group, event)));
    }
    return new MappedIterator(source as AsyncIterable<unknown>, (payload: unknown) => this.executeEvent(args, group, payload));
  };

  private groupKey(args: ExecutionArgs): string | null {
    const ctx = args.contextValue as Context | undefined;
    if (!ctx?.viewer) return null;
    const view = this.documents.analyze(args.document);
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

  private executeEvent(args: ExecutionArgs, group: string | null, payload: unknown): Promise<ExecutionResult> {
    const item = payload as RoomStreamItem | undefined;
    const shareable = group !== null && item && typeof item === 'object' && item.kind === 'event' && typeof item.event?.seq === 'number';
    // The one place a per-event context is made: a fresh fork and loaders, the subscriber's own left untouched.
    const run = () => {
      this.probe.executed();
      return execute({ ...args, rootValue: payload, contextValue: eventContext(args.contextValue as Context) }) as Promise<ExecutionResult>;
    };
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

  /** The frame body of one event for a group's broadcast: a failed execution becomes a masked error. */
  private directBody(args: ExecutionArgs, group: string, event: RoomEventMessage): Promise<Buffer> {
    return this.executeEvent(args, group, { kind: 'event', event })
      .then((result) => this.bodyOf(result))
      .catch((err: unknown) => errorBody(err, this.formatErrors));
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

