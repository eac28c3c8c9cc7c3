import type { RoomEventMessage } from '../src/modules/rooms/room-events.service.js';
import { AccessRevokedReason } from '../src/modules/realtime/realtime.types.js';
import { RoomEventStream, type RoomStreamItem } from '../src/modules/realtime/room-event-stream.js';

// Unit tests of the ordering core of roomEvents (a pure helper: the log is a function, live delivery a callback).

const ROOM = 'room-1';
const VIEWER = 'viewer-1';

function ev(seq: number, type = 'MessageAdded', payload: Record<string, unknown> = { messageId: `m${seq}` }): RoomEventMessage {
  // Any type with any payload: the stream must cope with what the log holds.
  return { roomId: ROOM, seq, type, payload, at: new Date(0).toISOString() } as RoomEventMessage;
}

function make(log: RoomEventMessage[] = []) {
  const reads: Array<[number, number]> = [];
  let cleanups = 0;
  const rs = new RoomEventStream({
    roomId: ROOM,
    viewerId: VIEWER,
    log: {
      async eventsAfter(roomId, after, limit) {
        expect(roomId).toBe(ROOM);
        reads.push([after, limit]);
        return log.filter((e) => e.seq > after).slice(0, limit);
      },
    },
  });
  // What the service sets once the room topic is subscribed: run when the stream ends.
  rs.unsubscribe = async () => {
    cleanups++;
  };
  return { rs, reads, log, cleanups: () => cleanups };
}

async function take(rs: RoomEventStream, n: number): Promise<RoomStreamItem[]> {
  const out: RoomStreamItem[] = [];
  for (let i = 0; i < n; i++) {
    const r = await rs.stream.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

const seqs = (items: RoomStreamItem[]) => items.map((i) => (i.kind === 'event' ? i.event.seq : `${i.kind}:${i.seq}`));

describe('RoomEventStream', () => {
  it('puts live events that arrive out of order back in order, and drops duplicates', async () => {
    const { rs, reads } = make();
    rs.start(5, null, 500);
    rs.onLive(ev(7));
    rs.onLive(ev(6));
    rs.onLive(ev(6));
    rs.onLive(ev(5));
    rs.onLive(ev(8));
    expect(seqs(await take(rs, 3))).toEqual([6, 7, 8]);
    expect(reads).toEqual([]);
    await rs.stream.return();
  });

  it('fills a hole left by a lost publish from the log after a short wait', async () => {
    const { rs, reads } = make([ev(6), ev(7)]);
    rs.start(5, null, 500);
    rs.onLive(ev(7));
    expect(seqs(await take(rs, 2))).toEqual([6, 7]);
    expect(reads).toEqual([[5, 200]]);
    await rs.stream.return();
  });

  it('replays the log after afterSeq, then switches to live with no gap and no duplicate', async () => {
    const log = [1, 2, 3, 4, 5].map((s) => ev(s));
    const { rs } = make(log);
    // Subscribed first: live events arrive before the start point is known.
    rs.onLive(ev(4));
    rs.onLive(ev(5));
    rs.onLive(ev(6));
    rs.start(5, 2, 500);
    const first = await take(rs, 4);
    rs.onLive(ev(7));
    const next = await take(rs, 1);
    expect(seqs([...first, ...next])).toEqual([3, 4, 5, 6, 7]);
    await rs.stream.return();
  });

  it('sends ResyncRequired (the room seq) instead of replaying beyond the bound, then goes live', async () => {
    const { rs, reads } = make();
    rs.start(600, 10, 500);
    rs.onLive(ev(600));
    rs.onLive(ev(601));
    expect(seqs(await take(rs, 2))).toEqual(['resync:600', 601]);
    expect(reads).toEqual([]);
    await rs.stream.return();
  });

  it('treats the viewer\'s MemberLeft before the start point as history, and a later one as revocation', async () => {
    const left = (seq: number, removedById: string | null) => ev(seq, 'MemberLeft', { userId: VIEWER, removedById });
    const { rs } = make([ev(1), left(2, null), ev(3, 'MemberJoined', { userId: VIEWER }), ev(4)]);
    rs.start(4, 0, 500);
    rs.onLive(left(5, 'owner'));
    rs.onLive(ev(6));
    const items = await take(rs, 10);
    expect(seqs(items)).toEqual([1, 2, 3, 4, 'revoked:5']);
    expect(items[4]).toMatchObject({ kind: 'revoked', reason: AccessRevokedReason.REMOVED });
    expect((await rs.stream.next()).done).toBe(true);
  });

  it('delivers what arrived, then RoomDeleted, then ends', async () => {
    const { rs } = make();
    rs.start(5, null, 500);
    rs.onLive(ev(6));
    rs.onLive(ev(8));
    rs.onLive(ev(9, 'RoomDeleted', {}));
    const items = await take(rs, 10);
    expect(items.map((i) => (i.kind === 'event' ? `${i.event.type}:${i.event.seq}` : i.kind))).toEqual(['MessageAdded:6', 'MessageAdded:8', 'RoomDeleted:9']);
  });

  it('ends with AccessRevoked on revoke, and return() ends a waiting next() at once, cleaning up once', async () => {
    const a = make();
    a.rs.start(3, null, 500);
    a.rs.onLive(ev(4));
    expect(seqs(await take(a.rs, 1))).toEqual([4]);
    a.rs.revoke(AccessRevokedReason.SIGNED_OUT);
    expect(await take(a.rs, 5)).toEqual([{ kind: 'revoked', roomId: ROOM, seq: 4, reason: AccessRevokedReason.SIGNED_OUT }]);
    await a.rs.stream.ended;
    expect(a.cleanups()).toBe(1);

    const b = make();
    b.rs.start(0, null, 500);
    const waiting = b.rs.stream.next();
    await b.rs.stream.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    await b.rs.stream.return();
    expect(b.cleanups()).toBe(1);
  });
});
