import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { RoomEventMessage } from '../modules/rooms/room-events.service.js';
import type { ParleyServer } from '../server.js';

/** What tests and bench/ read from a running server. */
export interface Diagnostics {
  counters: {
    /** SQL statements sent since the diagnostics were mounted. */
    sqlStatements: number;
    /** GraphQL executions of subscription events (shared ones count once). */
    subscriptionExecutions: number;
    /** roomEvents frames written by the shared broadcast path. */
    directFrames: number;
    /** Writes of the shared broadcast path: one per socket per flush, with one frame or several. */
    directWrites: number;
    /** Times a backed-up socket left the shared broadcast for its paced path. */
    pacedFallbacks: number;
  };
  /**
   * Seams: `beforeExecution` is awaited before each room event's execution, `beforePresenceChange` before each
   * presence transition is written, `beforeViewerFanOut` before each batch of viewer news fans out (make them hang or
   * throw).
   */
  faults: {
    beforeExecution?: (event: RoomEventMessage) => Promise<void> | undefined;
    beforePresenceChange?: (userId: string) => Promise<void> | void;
    beforeViewerFanOut?: (events: readonly RoomEventMessage[]) => Promise<void> | void;
  };
  /** Sockets registered on this instance (of one user, or of everyone). */
  localConnections(userId?: string): number;
  /** Resolves once presence has stored and published every transition started so far on this instance. */
  presenceSettled(): Promise<void>;
  /** Resolves once viewer news has fanned out every batch of room events published so far on this instance. */
  viewerNewsSettled(): Promise<void>;
  /** Live streams a user holds on this instance's sockets (tests wait on it instead of sleeping). */
  localStreams(userId: string): number;
  /** Plays a crashed instance: presence stops heartbeating and forgets its sockets without telling anyone. */
  simulateCrash(): void;
}

const mounted = new WeakMap<ParleyServer, Diagnostics>();

/**
 * Test and benchmark hooks, kept off the production path: nothing in src/ mounts them. Tests call `diagnostics(server)`;
 * bench/ runs `dist/src/diagnostics/bench-main.js`, which also serves them over HTTP (`http: true`): GET /diagnostics
 * (counters, connections, PubSub handlers, memory, CPU; `?gc=1` collects first under `node --expose-gc`),
 * POST /diagnostics/heap-snapshot and POST /diagnostics/profile/start|stop.
 */
export function diagnostics(server: ParleyServer, opts: { http?: boolean } = {}): Diagnostics {
  let d = mounted.get(server);
  if (!d) {
    d = create(server);
    mounted.set(server, d);
  }
  if (opts.http) mountHttp(server, d);
  return d;
}

function create(server: ParleyServer): Diagnostics {
  const { services, orm } = server.app;
  const counters = { sqlStatements: 0, subscriptionExecutions: 0, directFrames: 0, directWrites: 0, pacedFallbacks: 0 };
  const faults: Diagnostics['faults'] = {};
  (orm.em.getConnection() as unknown as { getKnex(): { on(ev: string, cb: () => void): void } }).getKnex().on('query', () => {
    counters.sqlStatements++;
  });
  server.ws.delivery.probe = {
    executed: () => void counters.subscriptionExecutions++,
    broadcastFrames: (n) => {
      counters.directFrames += n;
      counters.directWrites++;
    },
    paced: () => void counters.pacedFallbacks++,
    beforeExecution: (event) => faults.beforeExecution?.(event) ?? Promise.resolve(),
  };
  services.presence.probe = { beforeChange: (userId) => faults.beforePresenceChange?.(userId) };
  services.viewerNews.probe = { beforeFanOut: (events) => faults.beforeViewerFanOut?.(events) };
  return {
    counters,
    faults,
    localConnections: (userId) => services.connections.connectionsOf(userId).length,
    presenceSettled: () => services.presence.settled(),
    viewerNewsSettled: () => services.viewerNews.settled(),
    localStreams: (userId) => services.connections.connectionsOf(userId).reduce((n, c) => n + c.streams.length, 0),
    simulateCrash: () => services.presence.abandon(),
  };
}

const withHttp = new WeakSet<ParleyServer>();

function mountHttp(server: ParleyServer, d: Diagnostics) {
  if (withHttp.has(server)) return;
  withHttp.add(server);
  const routes = server.routes;
  const { pubsub } = server.app;
  routes.get('/diagnostics', async (req, res) => {
    if (req.query.gc === '1') (globalThis as { gc?: () => void }).gc?.();
    const sharedResults = await server.ws.delivery.kept();
    res.json({
      sharedResults,
      ...d.counters,
      connections: d.localConnections(),
      pubsub: pubsub.stats(),
      memory: process.memoryUsage(),
      cpu: process.cpuUsage(),
    });
  });
  // A heap snapshot (bench/heap-diff.mjs compares two): written to the OS temp directory, its path returned.
  routes.post('/diagnostics/heap-snapshot', (_req, res) => {
    (globalThis as { gc?: () => void }).gc?.();
    res.json({ file: writeHeapSnapshot(path.join(os.tmpdir(), `parley-${process.pid}-${Date.now()}.heapsnapshot`)) });
  });
  // A CPU profile of one phase of a benchmark (the whole-process --cpu-prof also covers setup and connects).
  let profiler: Session | undefined;
  routes.post('/diagnostics/profile/:action', async (req, res) => {
    if (req.params.action === 'start' && !profiler) {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      res.json({ started: true });
    } else if (req.params.action === 'stop' && profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = undefined;
      res.json(profile);
    } else res.status(409).json({ error: `cannot ${req.params.action} now` });
  });
}
