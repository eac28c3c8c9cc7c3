import { useState } from 'react';
import { desktopNotificationsOn, setDesktopNotifications } from './useDesktopNotifications';

/** The settings switch: asks the browser's permission only when the user turns it on (never on load). */
export function DesktopNotificationsToggle() {
  const [on, setOn] = useState(desktopNotificationsOn);
  const [denied, setDenied] = useState(false);
  return (
    <label className="notify-toggle">
      <input
        type="checkbox"
        checked={on}
        data-testid="desktop-notifications"
        onChange={async (e) => {
          const want = e.target.checked;
          const result = await setDesktopNotifications(want);
          setOn(result);
          setDenied(want && !result);
        }}
      />{' '}
      Desktop notifications for direct messages and mentions
      {denied && <span className="field__error"> The browser blocked notifications for this site.</span>}
    </label>
  );
}
