import type { IncomingMessage } from 'node:http';
import { CloseCode, DEPRECATED_GRAPHQL_WS_PROTOCOL, GRAPHQL_TRANSPORT_WS_PROTOCOL, handleProtocols, makeServer, type ServerOptions, type WebSocket as GqlSocket } from 'graphql-ws';
import { WebSocket, type WebSocketServer } from 'ws';
import type { Logger } from './logger.js';

/**
 * graphql-ws on a `ws` server: what graphql-ws's own `useServer` (graphql-ws/use/ws, "a basic starter, feel free to
 * copy the code over and adjust it") does, on graphql-ws's public `makeServer`, with what an idle socket keeps made
 * smaller. Same protocol, close codes and keep-alive; the differences are in memory only:
 * - A subscription's message is not kept for its lifetime. graphql-ws handles each message in an async function
 *   that, for a subscription, stays suspended in its `for await` until the operation ends, keeping its argument (the
 *   message's text, about 2 KiB with the web app's document) and, in `useServer`, the async wrapper's received
 *   Buffer (as much again, outside the heap). Here the message is parsed before graphql-ws sees it and handed over
 *   through graphql-ws's `jsonMessageReviver`: graphql-ws parses a constant stand-in text, and the reviver returns
 *   the parsed message for it.
 * - Keep-alive is one sweep per server (ping every `keepAlive` ms; a socket that has not answered the previous ping
 *   by the next sweep is terminated), not an interval, a pong timeout and a `once` listener per socket.
 * - A socket's state is one object, with methods rather than closures per socket.
 */

/** What graphql-ws parses in place of a received message; the reviver replaces it with the parsed message. */
const HANDOVER = '{"parley":"handover"}';
const NOTHING = Symbol('nothing');
/** The message being handed to graphql-ws: set only during the synchronous start of its message handler. */
let handing: unknown = NOTHING;

/** graphql-ws's `jsonMessageReviver`: the root value of the stand-in text becomes the message parsed beforehand. */
function reviveHandover(key: string, value: unknown): unknown {
  return key === '' && handing !== NOTHING ? handing : value;
}

/**
 * Checked once at start-up: whether the installed graphql-ws still parses a message synchronously, with
 * `jsonMessageReviver`, when its handler is called (so the handover above reaches it). A connection_init handed over
 * to a throwaway server must arrive with its payload; if it does not, messages go to graphql-ws as text, as
 * `useServer` gives them (correct, only larger).
 */
export function handoverWorks(): boolean {
  let seen: unknown;
  const probe = makeServer({ schema: undefined as never, connectionInitWaitTimeout: 0, jsonMessageReviver: reviveHandover, onConnect: (ctx) => void (seen = ctx.connectionParams) });
  let receive: ((data: string) => Promise<void>) | undefined;
  const socket: GqlSocket = {
    protocol: GRAPHQL_TRANSPORT_WS_PROTOCOL,
    send: async () => undefined,
    close: () => undefined,
    onMessage: (cb) => void (receive = cb),
  };
  const closed = probe.opened(socket, {});
  handing = { type: 'connection_init', payload: { parleyHandoverProbe: true } };
  try {
    void receive?.(HANDOVER).catch(() => undefined);
  } finally {
    handing = NOTHING;
  }
  void closed(1000, 'probe done').catch(() => undefined);
  return (seen as { parleyHandoverProbe?: unknown } | undefined)?.parleyHandoverProbe === true;
}

export interface WsTransportOptions {
  logger: Logger;
  isProd: boolean;
  /** Ping interval and pong deadline (ms); 0 turns keep-alive off. graphql-ws's default is 12 s. */
  keepAlive?: number;
  /** A socket that has not sent connection_init this long after opening is closed with 4408 (graphql-ws's 3 s). */
  connectionInitWaitTimeout?: number;
}

export interface WsExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/** Closes a socket with graphql-ws's internal-error code, naming the error outside production. */
function internalErrorReason(err: unknown, isProd: boolean): string {
  const message = err instanceof Error ? err.message : String(err);
  return isProd || message.length >= 124 ? 'Internal server error' : message;
}

/** One socket as graphql-ws sees it. */
class Transport implements GqlSocket {
  /** graphql-ws's handler of this socket's messages. */
  private receiver?: (data: string) => Promise<void>;
  /** Tells graphql-ws the socket closed (set once it was opened). */
  closed?: (code?: number, reason?: string) => Promise<void>;
  /** Pinged by the keep-alive sweep and not answered yet. */
  awaitingPong = false;
  /** Until connection_init arrives (or the socket closes). */
  initWait?: NodeJS.Timeout;

  constructor(
    readonly ws: WebSocket,
    private readonly settings: { logger: Logger; isProd: boolean; handover: boolean },
  ) {}

  get protocol() {
    return this.ws.protocol;
  }

  send(data: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState !== WebSocket.OPEN) return resolve();
      this.ws.send(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(code?: number, reason?: string) {
    this.ws.close(code, reason);
  }

  onMessage(cb: (data: string) => Promise<void>) {
    this.receiver = cb;
  }

  receive(text: string) {
    const cb = this.receiver;
    if (!cb) return;
    let message: unknown = NOTHING;
    try {
      message = JSON.parse(text);
    } catch {
      // Not JSON: graphql-ws closes with 4400 for it, as for any invalid message.
    }
    if (this.initWait && (message as { type?: unknown } | null)?.type === 'connection_init') this.clearInitWait();
    let handled: Promise<void>;
    if (message === NOTHING || !this.settings.handover) handled = cb(text);
    else {
      handing = message;
      try {
        handled = cb(HANDOVER);
      } finally {
        handing = NOTHING;
      }
    }
    handled.then(undefined, (err: unknown) => this.fail(err));
  }

  /** A message's handling failed (a hook threw, a send failed): log it and close with 4500. */
  private fail(err: unknown) {
    this.settings.logger.error({ err }, 'graphql-ws: internal error while handling a message');
    this.ws.close(CloseCode.InternalServerError, internalErrorReason(err, this.settings.isProd));
  }

  clearInitWait() {
    clearTimeout(this.initWait);
    this.initWait = undefined;
  }
}

/** Serves graphql-ws on `wss`; `dispose` closes every socket (1001) and the server. */
export function serveGraphQLWs<P extends Record<string, unknown> | undefined, E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<P, WsExtra & Partial<E>>,
  wss: WebSocketServer,
  { logger, isProd, keepAlive = 12_000, connectionInitWaitTimeout = 3_000 }: WsTransportOptions,
): { dispose(): Promise<void> } {
  const server = makeServer<P, WsExtra & Partial<E>>({ ...options, connectionInitWaitTimeout: 0, jsonMessageReviver: reviveHandover });
  const transports = new WeakMap<WebSocket, Transport>();
  wss.options.handleProtocols = handleProtocols;

  const handover = handoverWorks();
  if (!handover) logger.warn('graphql-ws: the installed version does not take a parsed message through jsonMessageReviver; each operation keeps its message text');
  const settings = { logger, isProd, handover };

  // Handlers shared by every socket (`this` is the socket).
  function onMessage(this: WebSocket, data: unknown) {
    transports.get(this)?.receive(String(data));
  }
  function onPong(this: WebSocket) {
    const t = transports.get(this);
    if (t) t.awaitingPong = false;
  }
  function onSocketError(this: WebSocket, err: Error) {
    logger.error({ err }, 'graphql-ws: error on a socket');
    this.close(CloseCode.InternalServerError, internalErrorReason(err, isProd));
  }
  function onClose(this: WebSocket, code: number, reason: Buffer) {
    const t = transports.get(this);
    if (!t) return;
    transports.delete(this);
    t.clearInitWait();
    if (!isProd && code === CloseCode.SubprotocolNotAcceptable && this.protocol === DEPRECATED_GRAPHQL_WS_PROTOCOL) {
      logger.warn(`Client provided the unsupported and deprecated subprotocol "${this.protocol}" used by subscriptions-transport-ws.`);
    }
    void t.closed?.(code, String(reason)).catch((err: unknown) => logger.error({ err }, 'graphql-ws: error while closing a socket'));
  }
  function onInitTimeout(t: Transport) {
    t.initWait = undefined;
    t.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
  }

  wss.once('error', (err) => {
    logger.error({ err }, 'graphql-ws: error on the WebSocket server');
    for (const client of wss.clients) {
      try {
        client.close(CloseCode.InternalServerError, internalErrorReason(err, isProd));
      } catch {
        /* closing the others matters more */
      }
    }
  });

  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    const t = new Transport(ws, settings);
    transports.set(ws, t);
    ws.on('error', onSocketError);
    ws.on('message', onMessage);
    ws.on('pong', onPong);
    ws.on('close', onClose);
    // As graphql-ws does: only a socket on its protocol waits for connection_init (it closes any other at once).
    if (ws.protocol === GRAPHQL_TRANSPORT_WS_PROTOCOL && connectionInitWaitTimeout > 0 && Number.isFinite(connectionInitWaitTimeout)) {
      t.initWait = setTimeout(onInitTimeout, connectionInitWaitTimeout, t);
      t.initWait.unref();
    }
    t.closed = server.opened(t, { socket: ws, request } as WsExtra & Partial<E>);
  });

  // One keep-alive sweep for every socket.
  const sweep =
    keepAlive > 0 && Number.isFinite(keepAlive)
      ? setInterval(() => {
          for (const ws of wss.clients) {
            const t = transports.get(ws);
            if (!t || ws.readyState !== WebSocket.OPEN) continue;
            if (t.awaitingPong) {
              ws.terminate();
              continue;
            }
            t.awaitingPong = true;
            ws.ping();
          }
        }, keepAlive)
      : undefined;
  sweep?.unref();

  return {
    async dispose() {
      clearInterval(sweep);
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
