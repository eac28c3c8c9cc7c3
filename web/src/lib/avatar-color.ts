/**
 * Avatar background colours. Initials are drawn in white on them, so every colour must give white text a contrast
 * ratio of at least 4.5:1 (WCAG AA for normal text); test/web/avatar-color.test.ts checks each one.
 */
export const AVATAR_COLORS = ['#4f46e5', '#0e7490', '#047857', '#b45309', '#dc2626', '#7c3aed', '#be185d', '#2563eb'];

/** The same user always gets the same colour. */
export function avatarColor(key: string): string {
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return AVATAR_COLORS[h % AVATAR_COLORS.length];
}
