import { useConnection, type ConnectionStatus } from '../../apollo/connection';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  unreachable: "Can't reach the server, retrying",
  offline: 'Offline',
};

export function connectionLabel(status: ConnectionStatus) {
  return LABELS[status];
}

/**
 * Connected, reconnecting, unreachable or offline: the state of the live socket. The sidebar holds the announcing
 * one; `compact` is the copy in a room's or page's header on phones (where the sidebar is hidden): it says nothing
 * while connected and is not a second live region.
 */
export function ConnectionIndicator({ compact }: { compact?: boolean }) {
  const { status } = useConnection();
  if (compact) {
    if (status === 'connected') return null;
    return (
      <div className={`conn conn--${status} conn--compact`} role="status" data-testid="connection-status-compact" data-status={status}>
        <span className="conn__dot" aria-hidden="true" />
        {LABELS[status]}
      </div>
    );
  }
  return (
    <div className={`conn conn--${status}`} role="status" aria-live="polite" data-testid="connection-status" data-status={status}>
      <span className="conn__dot" aria-hidden="true" />
      {LABELS[status]}
    </div>
  );
}
