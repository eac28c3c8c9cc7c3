import { useConnection, type ConnectionStatus } from '../../apollo/connection';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** Connected, reconnecting or offline: the state of the live socket. */
export function ConnectionIndicator() {
  const { status } = useConnection();
  return (
    <div className={`conn conn--${status}`} role="status" aria-live="polite" data-testid="connection-status" data-status={status}>
      <span className="conn__dot" aria-hidden="true" />
      {LABELS[status]}
    </div>
  );
}
