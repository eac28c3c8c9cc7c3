import { nameOf } from '../../lib/format';

/** "Seen by …" under the viewer's last message in direct rooms and groups. */
export function SeenBy({ users, viewerId, direct }: { users: ReadonlyArray<{ id: string; username: string; displayName: string | null }>; viewerId: string; direct: boolean }) {
  const others = users.filter((u) => u.id !== viewerId);
  if (!others.length) return null;
  return (
    <p className="seen-by" data-testid="seen-by">
      {direct ? 'Seen' : `Seen by ${others.map((u) => nameOf(u)).join(', ')}`}
    </p>
  );
}
