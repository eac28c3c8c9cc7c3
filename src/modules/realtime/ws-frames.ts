import type { WebSocket } from 'ws';

/** What `ws` keeps inside a socket that the raw path checks before writing around its sender. */
interface WsInternals {
  _socket?: { write(data: Buffer): boolean; destroyed?: boolean } | null;
  _sender?: { _state?: number; _queue?: unknown[] };
  _extensions?: Record<string, unknown>;
}

/**
 * Server-to-client text frames (FIN, opcode 1, unmasked, RFC 6455 §5.2), one per payload, in one buffer: each
 * payload is `prefix` (`prefixBytes` long in UTF-8) followed by one of `bodies`, so the shared part of a frame is
 * never encoded again. The prefix stays a string: a long-lived small Buffer per subscriber would pin a slab of
 * Node's Buffer pool.
 */
export function textFrames(prefix: string, prefixBytes: number, bodies: readonly Buffer[]): Buffer {
  let size = 0;
  for (const body of bodies) {
    const n = prefixBytes + body.length;
    size += n + (n < 126 ? 2 : n < 65536 ? 4 : 10);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const body of bodies) {
    const n = prefixBytes + body.length;
    out[at] = 0x81;
    if (n < 126) {
      out[at + 1] = n;
      at += 2;
    } else if (n < 65536) {
      out[at + 1] = 126;
      out.writeUInt16BE(n, at + 2);
      at += 4;
    } else {
      out[at + 1] = 127;
      out.writeUInt32BE(Math.floor(n / 2 ** 32), at + 2);
      out.writeUInt32BE(n >>> 0, at + 6);
      at += 10;
    }
    at += out.write(prefix, at, prefixBytes, 'utf8');
    at += body.copy(out, at);
  }
  return out;
}

/**
 * Writes text frames (`prefix` + each body) to an open socket in one write. When `ws` could be holding frames
 * of its own (a compression or blob read in progress, a queue) or compression was negotiated, the frames go
 * through `ws.send` instead, so the order on the wire is always the order of the calls.
 */
export function writeTextFrames(socket: WebSocket, prefix: string, prefixBytes: number, bodies: readonly Buffer[]): void {
  const ws = socket as unknown as WsInternals;
  const raw = ws._socket;
  const idle = ws._sender && ws._sender._state === 0 && !ws._sender._queue?.length;
  if (raw && !raw.destroyed && idle && !ws._extensions?.['permessage-deflate']) {
    raw.write(textFrames(prefix, prefixBytes, bodies));
    return;
  }
  for (const body of bodies) socket.send(Buffer.concat([Buffer.from(prefix), body]), { binary: false });
}
