import { useMutation } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { NotificationLevel } from '../../gql/graphql';

const SetNotificationLevelMutation = graphql(`
  mutation SetNotificationLevel($roomId: ID!, $level: NotificationLevel!) {
    setNotificationLevel(roomId: $roomId, level: $level) {
      id
      notificationLevel
    }
  }
`);

const LABELS: Record<NotificationLevel, string> = { ALL: 'All messages', MENTIONS: 'Mentions only', NONE: 'Muted' };

/** The room's notification level, in its header: what desktop notifications and badges follow. */
export function NotificationLevelSelect({ roomId, level }: { roomId: string; level: NotificationLevel | null }) {
  const [set] = useMutation(SetNotificationLevelMutation);
  return (
    <label className="notify-level-label">
      <span className="sr-only">Notifications</span>
      <select className="notify-level" data-testid="notification-level" value={level ?? 'ALL'} title="Notifications for this room" onChange={(e) => void set({ variables: { roomId, level: e.target.value as NotificationLevel } }).catch(() => undefined)}>
        {(Object.keys(LABELS) as NotificationLevel[]).map((l) => (
          <option key={l} value={l}>
            {LABELS[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
