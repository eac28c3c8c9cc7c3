import type { Server as HttpServer } from 'node:http';
import type { RequestHandler } from 'express';

/** With no request running, the drain waits this long for one more that is already on its way before it closes. */
export const QUIET_MS = 300;
/** After the drain timeout: how long requests still running may take before their connections are cut. */
const LAST_CALL_MS = 2000;

/**
 * Graceful HTTP shutdown that answers what was received (ECONNRESET for requests already sent was the old way: the
 * drain closed connections that looked idle while their requests still sat unread behind a busy event loop).
 * While draining, every request that reaches the server is still served, each response says `Connection: close`,
 * and /healthz says 503 so a load balancer moves on; once nothing has run for a short quiet spell (or the drain
 * timeout passed), the server stops listening and closes what is left.
 */
export class HttpDrain {
  private inFlight = 0;
  /** When the last request started or connection opened. */
  private lastStart = 0;
  /** Requests started and connections opened, ever: a change across the final check means someone arrived. */
  private arrivals = 0;
  private draining = false;
  private idle?: () => void;

  constructor(private readonly httpServer: HttpServer) {
    // A new connection counts as activity: its request is on its way.
    httpServer.on('connection', () => this.arrived());
  }

  private arrived() {
    this.arrivals++;
    this.lastStart = Date.now();
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Counts requests; first in the middleware chain. */
  readonly middleware: RequestHandler = (_req, res, next) => {
    this.inFlight++;
    this.arrived();
    if (this.draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      this.inFlight--;
      if (this.inFlight === 0) this.idle?.();
    });
    next();
  };

  /** Answers what is running and what is on its way (up to `timeoutMs`), then stops listening. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.inFlight > 0) {
        await this.until(deadline);
        continue;
      }
      const quietFor = Date.now() - this.lastStart;
      if (quietFor < QUIET_MS) {
        await new Promise((r) => setTimeout(r, Math.min(QUIET_MS - quietFor, deadline - Date.now())));
        continue;
      }
      // Quiet by the clock, but timers run before the event loop reads its sockets: after a stall (a saturated
      // machine), requests can sit unread in the kernel on connections that look idle, and closing those resets
      // them (the keep-alive race). Two turns of the loop read what is there and accept waiting connections (whose
      // first bytes come a turn later); anything that arrived restarts the wait.
      const seen = this.arrivals;
      await turn();
      await turn();
      if (this.inFlight === 0 && this.arrivals === seen) break;
    }
    // Stop listening (its callback waits for the WebSockets too, which close after this: not awaited here).
    if (this.httpServer.listening) this.httpServer.close();
    this.httpServer.closeIdleConnections();
    if (this.inFlight > 0) await this.until(Date.now() + LAST_CALL_MS);
  }

  /**
   * Cuts whatever HTTP connection is still open. Called after the WebSockets were closed with 1001: cutting every
   * connection before that took the upgraded sockets down without their close frame.
   */
  closeRemaining(): void {
    this.httpServer.closeAllConnections();
  }

  /** Resolves when no request runs, or at `deadline`. */
  private until(deadline: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      const self = this;
      function done() {
        clearTimeout(timer);
        self.idle = undefined;
        resolve();
      }
      this.idle = done;
    });
  }
}

/** One turn of the event loop: resolves in its check phase, after the poll phase read the sockets. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
