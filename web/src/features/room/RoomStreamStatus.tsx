import { StatusLine } from '../../components/StatusLine';
import { linkHandler } from '../../lib/router';
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
  return <StatusLine text={text(status)} state={status.state} testId="stream-status" />;
}

/** A room that could not load because the server is out of reach: it loads by itself when the connection is back. */
export function RoomOffline({ onRetry }: { onRetry: () => void }) {
  return (
    <div className="empty room-offline" data-testid="room-offline">
      <h1>Waiting for the connection</h1>
      <p role="status" aria-live="polite">
        This room has not been loaded on this device yet. It will load by itself as soon as the connection is back.
      </p>
      <div className="empty__actions">
        <button type="button" className="btn" onClick={onRetry}>
          Try now
        </button>
        <a href="/" className="btn" onClick={linkHandler('/')}>
          Back to rooms
        </a>
      </div>
    </div>
  );
}
