import { AVATAR_COLORS, avatarColor } from '../../web/src/lib/avatar-color';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Avatars draw white initials on a colour picked from the user's name: every colour must be readable (axe's colour-contrast rule). */
describe('avatar colours', () => {
  test.each(AVATAR_COLORS)('white initials on %s have a contrast of at least 4.5:1', (color) => {
    expect((1 + 0.05) / (luminance(color) + 0.05)).toBeGreaterThanOrEqual(4.5);
  });
  test('a name always gets the same colour, and names spread over the palette', () => {
    expect(avatarColor('alice')).toBe(avatarColor('alice'));
    const used = new Set(Array.from({ length: 200 }, (_, i) => avatarColor(`user${i}`)));
    expect(used.size).toBe(AVATAR_COLORS.length);
  });
});
