import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

/**
 * Writes frames of the shared broadcast to one socket. `send` returns false when the socket is backed up (more
 * unsent bytes than allowed): the caller then moves that subscriber to its paced path, where graphql-ws awaits each
 * frame's write before the next, until the socket drains.
 */
export interface Broadcaster {
  send(socket: WebSocket, frames: readonly Buffer[]): boolean;
  /** Whether a socket that was backed up has drained enough to take the broadcast again. */
  drained(socket: WebSocket): boolean;
  /** Whether a socket can take a broadcast frame now (open, not backed up). */
  ready(socket: WebSocket): boolean;
}

/**
 * The broadcast through `ws`'s public API: `send` (a Buffer sent with `binary: false` goes out as a text frame as
 * is, so the shared payload is never encoded again) and `bufferedAmount` for backpressure. Frames to one socket go
 * through the same sender as graphql-ws's own, so they keep the order of the calls.
 *
 * Several frames for one socket (a subscriber's events that settled together: a burst, or a server catching up)
 * leave in one write: the socket is corked around their `send`s. That socket is the upgrade request's own
 * (`request.socket`, public in `http`; ws frames onto the socket the upgrade handed it), registered by `track`.
 * Without corking each frame was a `writev` of its own: one syscall and one loopback TCP segment per frame per
 * subscriber, the largest single cost of the fan-out (bench/NOTES.md, session 9). A socket not tracked is sent to
 * frame by frame, as before.
 *
 * Earlier versions wrote frames straight to the TCP socket (ws's private `_socket`, `_sender`), one write per
 * subscriber per batch. That saved a header write and a copy per frame, but depended on ws internals, ignored
 * `write()`'s backpressure and needed an internal-state check before every write; it is not kept. If a full
 * benchmark run shows `send` as the limit, a raw implementation of this interface belongs here, next to a
 * start-up check that the installed `ws` still has what it uses (and this one as the fallback).
 */
export class WsSendBroadcaster implements Broadcaster {
  private readonly transports = new WeakMap<WebSocket, Duplex>();

  constructor(
    /** Unsent bytes above which a socket is backed up. */
    private readonly maxBuffered: number,
  ) {
    if (typeof WebSocket.prototype.send !== 'function' || !('bufferedAmount' in WebSocket.prototype)) {
      throw new Error('the installed ws has no WebSocket#send or #bufferedAmount');
    }
  }

  ready(socket: WebSocket): boolean {
    return socket.readyState === WebSocket.OPEN && socket.bufferedAmount <= this.maxBuffered;
  }

  drained(socket: WebSocket): boolean {
    return socket.readyState === WebSocket.OPEN && socket.bufferedAmount <= this.maxBuffered / 2;
  }

  /** A new socket (the WebSocketServer's 'connection' event): its frames may be corked into one write. */
  track(ws: WebSocket, request: IncomingMessage): void {
    const transport = request.socket;
    if (typeof transport?.cork === 'function' && typeof transport.uncork === 'function') this.transports.set(ws, transport);
  }

  send(socket: WebSocket, frames: readonly Buffer[]): boolean {
    const transport = frames.length > 1 ? this.transports.get(socket) : undefined;
    transport?.cork();
    try {
      for (const frame of frames) socket.send(frame, { binary: false });
    } finally {
      transport?.uncork();
    }
    return socket.bufferedAmount <= this.maxBuffered;
  }
}

/** One text frame's data: `prefix` (`prefixBytes` long in UTF-8) then `body`, without encoding `body` again. */
export function frameData(prefix: string, prefixBytes: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(prefixBytes + body.length);
  out.write(prefix, 0, prefixBytes, 'utf8');
  body.copy(out, prefixBytes);
  return out;
}
