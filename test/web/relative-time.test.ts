import { relativeTime } from '../../web/src/lib/format';

/** "Last seen" in words (a pure helper of the web app): the date itself goes into a tooltip beside it. */
describe('relativeTime', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();
  test.each([
    [4_000, 'just now'],
    [44_000, 'just now'],
    [2 * 60_000, '2 min ago'],
    [59 * 60_000, '59 min ago'],
    [3 * 3600_000, '3 h ago'],
    [26 * 3600_000, 'yesterday'],
    [4 * 86400_000, '4 days ago'],
  ])('%d ms ago is "%s"', (ms, words) => {
    expect(relativeTime(ago(ms), now)).toBe(words);
  });
  test('past a week it is the date; a time in the future (clock skew) is "just now"', () => {
    expect(relativeTime(ago(30 * 86400_000), now)).toMatch(/2026/);
    expect(relativeTime(new Date(now + 5000).toISOString(), now)).toBe('just now');
  });
});
