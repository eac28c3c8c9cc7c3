import { ActivityPacer } from '../src/modules/realtime/activity-pacer.js';

// Unit tests of RoomActivity pacing (a pure helper: times are numbers passed in, no clock is read).

const item = (seq: number) => ({ seq });

describe('ActivityPacer', () => {
  // 2,000 executions per second per room, at most 1 s apart, never held within a 100 ms window.
  const make = () => new ActivityPacer<{ seq: number }>(2000, 1000, 100);

  it('never holds back a room whose members fit in the window', () => {
    const p = make();
    expect(p.intervalMs(150)).toBeLessThanOrEqual(100);
    for (let now = 0; now < 1000; now += 100) {
      expect(p.admit('small', item(now), now)).toBe(true);
      p.sent('small', 150, now);
    }
    expect(p.nextDue()).toBeUndefined();
  });

  it('spaces a big room so that executions per second stay within the budget', () => {
    const p = make();
    expect(p.intervalMs(1000)).toBe(500);
    expect(p.intervalMs(100000)).toBe(1000);
    // Batches every 100 ms for one second, 1,000 members online: only every fifth goes out.
    let sent = 0;
    for (let now = 0; now < 1000; now += 100) {
      for (const [roomId, held] of p.takeDue(now)) {
        expect(p.admit(roomId, held, now)).toBe(true);
        p.sent(roomId, 1000, now);
        sent++;
      }
      if (p.admit('big', item(now / 100 + 1), now)) {
        p.sent('big', 1000, now);
        sent++;
      }
    }
    // At 0 and at 500 ms: 2,000 executions in the second, the budget.
    expect(sent).toBe(2);
  });

  it('holds the newest activity and hands it over once the room is due', () => {
    const p = make();
    expect(p.admit('big', item(1), 0)).toBe(true);
    p.sent('big', 1000, 0);
    expect(p.admit('big', item(3), 100)).toBe(false);
    expect(p.admit('big', item(2), 150)).toBe(false);
    expect(p.nextDue()).toBe(500);
    expect(p.takeDue(499).size).toBe(0);
    expect([...p.takeDue(500)]).toEqual([['big', item(3)]]);
    expect(p.nextDue()).toBeUndefined();
    expect(p.admit('big', item(3), 500)).toBe(true);
  });

  it('forgets a deleted room', () => {
    const p = make();
    p.sent('gone', 1000, 0);
    expect(p.admit('gone', item(2), 10)).toBe(false);
    p.forget('gone');
    expect(p.nextDue()).toBeUndefined();
    expect(p.admit('gone', item(3), 20)).toBe(true);
  });
});
