import { avatarColor } from '../lib/avatar-color';
import { initials, type NamedUser } from '../lib/format';

/** Initials in a coloured circle, with an optional online dot. */
export function Avatar({ user, label, online, size = 36 }: { user?: NamedUser | null; label?: string; online?: boolean; size?: number }) {
  const text = label ? initials({ username: label }) : initials(user);
  const key = label ?? user?.username ?? '?';
  return (
    <span className="avatar" style={{ width: size, height: size, background: avatarColor(key), fontSize: size * 0.4 }} aria-hidden="true">
      {text || '#'}
      {online !== undefined && <span className={`avatar__dot ${online ? 'is-online' : 'is-offline'}`} />}
    </span>
  );
}
