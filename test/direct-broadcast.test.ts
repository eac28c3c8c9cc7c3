import type { WebSocket } from 'ws';
import type { Context } from '../src/context.js';
import type { Broadcaster } from '../src/modules/realtime/broadcaster.js';
import { DirectBroadcast, type DirectSubscriber } from '../src/modules/realtime/direct-broadcast.js';
import { NO_PROBE } from '../src/modules/realtime/delivery-probe.js';
import { SharedResult } from '../src/modules/realtime/shared-result.js';
import type { RoomEventMessage } from '../src/modules/rooms/room-events.service.js';

// The broadcast's slots, on their own: which subscribers share an execution's frame, and the order each subscriber's
// frames leave in. The sockets are stand-ins that record what the Broadcaster was asked to write (the transport
// itself is covered over real sockets in shared-execution, realtime-backpressure and realtime-delivery tests).

interface Recorded {
  socket: WebSocket;
  frames: number[];
}

function recordingBroadcaster(): Broadcaster & { sockets: Map<WebSocket, Recorded> } {
  const sockets = new Map<WebSocket, Recorded>();
  return {
    sockets,
    ready: () => true,
    drained: () => true,
    send(socket, frames) {
      const r = sockets.get(socket)!;
      for (const f of frames) r.frames.push(JSON.parse(f.toString('utf8')).payload.data.roomEvents.seq);
      return true;
    },
  };
}

/** A subscriber whose source resolves, in order, the promise of each event it had taken (see `offer`). */
type TestSubscriber = DirectSubscriber & { settles: Array<() => void> };

function subscriber(name: string, broadcaster: ReturnType<typeof recordingBroadcaster>): TestSubscriber {
  const socket = { readyState: 1, OPEN: 1, terminate() {} } as unknown as WebSocket;
  broadcaster.sockets.set(socket, { socket, frames: [] });
  const prefix = `{"id":"${name}","type":"next","payload":`;
  const settles: Array<() => void> = [];
  return {
    settles,
    prefix,
    prefixBytes: Buffer.byteLength(prefix),
    laneKey: 'g1|room',
    delivery: { opId: name, subscriptions: { [name]: true }, socket },
    source: { stream: { isFinished: false }, directSettled: () => settles.shift()!() },
    ctx: {} as Context,
  };
}

const event = (seq: number) => ({ roomId: 'room', seq, type: 'MessageAdded' }) as RoomEventMessage;
const result = (seq: number) => new SharedResult({ data: { roomEvents: { seq } } }, [], (e) => [...e], (base) => base);

/** A gate per execution: the test decides when each slot's execution settles. */
function executions() {
  const calls: Array<{ seq: number; settle: () => void }> = [];
  const execute = (seq: number) => () =>
    new Promise<SharedResult>((resolve) => {
      calls.push({ seq, settle: () => resolve(result(seq)) });
    });
  return { calls, execute };
}

/** Offers `seq` to the broadcast for `sub`; resolves once its frame was written (or dropped). */
function offer(broadcast: DirectBroadcast, sub: TestSubscriber, seq: number, execute: () => Promise<SharedResult>): Promise<void> {
  return new Promise((settled) => {
    expect(broadcast.enqueue(sub, event(seq), execute)).toBe(true);
    sub.settles.push(settled);
  });
}

describe('the direct broadcast', () => {
  it('gives subscribers that drain a backlog one slot per event, however their offers interleave', async () => {
    const broadcaster = recordingBroadcaster();
    const broadcast = new DirectBroadcast(broadcaster, () => NO_PROBE);
    const { calls, execute } = executions();
    const subs = ['a', 'b', 'c', 'd'].map((n) => subscriber(n, broadcaster));
    // As streams catching up from their pull do: each offers its whole backlog in a row, one stream after another.
    const written: Promise<void>[] = [];
    for (const sub of subs) for (const seq of [11, 12, 13]) written.push(offer(broadcast, sub, seq, execute(seq)));

    // One execution per event: every later subscriber joined the event's open slot, not only the lane's tail.
    expect(calls.map((c) => c.seq)).toEqual([11, 12, 13]);
    for (const c of calls) c.settle();
    await Promise.all(written);
    for (const r of broadcaster.sockets.values()) expect(r.frames).toEqual([11, 12, 13]);
  });

  it('never lets a subscriber join a slot that leaves before one it is already in', async () => {
    const broadcaster = recordingBroadcaster();
    const broadcast = new DirectBroadcast(broadcaster, () => NO_PROBE);
    const { calls, execute } = executions();
    const [a, b] = ['a', 'b'].map((n) => subscriber(n, broadcaster));
    const written: Promise<void>[] = [];
    // a's slots for 4 and 5; 4's execution settles (its slot takes no one else) while 5's is still running.
    written.push(offer(broadcast, a, 4, execute(4)), offer(broadcast, a, 5, execute(5)));
    calls[0].settle();
    await new Promise((r) => setImmediate(r));
    // b reaches 4 now: a new slot, after a's 5. Joining a's still-open slot for 5 would send b 5 before 4.
    written.push(offer(broadcast, b, 4, execute(4)), offer(broadcast, b, 5, execute(5)));
    expect(calls.map((c) => c.seq)).toEqual([4, 5, 4, 5]);
    for (const c of calls.slice(1)) c.settle();
    await Promise.all(written);
    const frames = [...broadcaster.sockets.values()].map((r) => r.frames);
    expect(frames).toEqual([
      [4, 5],
      [4, 5],
    ]);
  });

  it('keeps writing in order through a lane of thousands of slots', async () => {
    const broadcaster = recordingBroadcaster();
    const broadcast = new DirectBroadcast(broadcaster, () => NO_PROBE);
    const { calls, execute } = executions();
    const sub = subscriber('a', broadcaster);
    const seqs = Array.from({ length: 5000 }, (_, i) => i + 1);
    const written = seqs.map((seq) => offer(broadcast, sub, seq, execute(seq)));
    // Settled from the last to the first: nothing leaves until the head settles, then everything in order.
    for (const c of [...calls].reverse()) c.settle();
    await Promise.all(written);
    expect(broadcaster.sockets.get(sub.delivery.socket)!.frames).toEqual(seqs);
  });
});
