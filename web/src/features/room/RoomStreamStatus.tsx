import type { RoomStreamStatus as Status } from './useRoomEvents';
import './recovery.css';

function text(s: Status): string {
  switch (s.state) {
    case 'waiting':
      return 'Connection lost. Live updates will resume from your last message when it is back.';
    case 'retrying':
      return `Live updates were interrupted. Reconnecting in ${Math.max(1, Math.round(s.retryInMs / 1000))} s…`;
    case 'catching-up':
      return 'Catching up on missed messages…';
    default:
      return '';
  }
}

/**
 * The room's live-stream state in words, in a polite live region that is always present (so screen readers
 * announce each change), empty and out of the way while the stream is live.
 */
export function RoomStreamStatus({ status }: { status: Status }) {
  const t = text(status);
  return (
    <p className={`stream-status${t ? '' : ' stream-status--idle'}`} role="status" aria-live="polite" data-testid="stream-status" data-state={status.state}>
      {t}
    </p>
  );
}
