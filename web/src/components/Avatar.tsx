import { initials, type NamedUser } from '../lib/format';

const COLORS = ['#4f46e5', '#0891b2', '#059669', '#d97706', '#dc2626', '#7c3aed', '#db2777', '#2563eb'];

function colorFor(key: string) {
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length];
}

/** Initials in a coloured circle, with an optional online dot. */
export function Avatar({ user, label, online, size = 36 }: { user?: NamedUser | null; label?: string; online?: boolean; size?: number }) {
  const text = label ? initials({ username: label }) : initials(user);
  const key = label ?? user?.username ?? '?';
  return (
    <span className="avatar" style={{ width: size, height: size, background: colorFor(key), fontSize: size * 0.4 }} aria-hidden="true">
      {text || '#'}
      {online !== undefined && <span className={`avatar__dot ${online ? 'is-online' : 'is-offline'}`} />}
    </span>
  );
}
