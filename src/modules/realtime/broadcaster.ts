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
 * Earlier versions wrote frames straight to the TCP socket (ws's private `_socket`, `_sender`), one write per
 * subscriber per batch. That saved a header write and a copy per frame, but depended on ws internals, ignored
 * `write()`'s backpressure and needed an internal-state check before every write; it is not kept. If a full
 * benchmark run shows `send` as the limit, a raw implementation of this interface belongs here, next to a
 * start-up check that the installed `ws` still has what it uses (and this one as the fallback).
 */
export class WsSendBroadcaster implements Broadcaster {
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

  send(socket: WebSocket, frames: readonly Buffer[]): boolean {
    for (const frame of frames) socket.send(frame, { binary: false });
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
