import { useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { graphql } from '../../gql';
import { nameOf } from '../../lib/format';
import { navigate } from '../../lib/router';
import { setTitleCount } from '../../lib/tab-title';

const NotifyEventsSubscription = graphql(`
  subscription NotifyEvents {
    viewerEvents {
      __typename
      roomId
      ... on RoomActivity {
        unreadCount
        mentionCount
        room {
          id
          kind
          name
          notificationLevel
          lastMessage {
            id
            body
            createdAt
            sender {
              id
              username
              displayName
            }
          }
        }
      }
    }
  }
`);

const KEY = 'parley.desktopNotifications';

/** Whether the user turned desktop notifications on (and the browser allows them). */
export function desktopNotificationsOn(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted' && localStorage.getItem(KEY) === 'on';
}

/** Turns them on (asking the browser's permission now, from the user's click) or off. */
export async function setDesktopNotifications(on: boolean): Promise<boolean> {
  if (!on || typeof Notification === 'undefined') {
    localStorage.removeItem(KEY);
    return false;
  }
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission !== 'granted') return false;
  localStorage.setItem(KEY, 'on');
  return true;
}

/**
 * Desktop notifications for direct messages and mentions while the tab is hidden, following each room's notification
 * level (ALL: direct messages and mentions; MENTIONS: mentions only; NONE: nothing), and the tab title counting them
 * until the tab is seen again.
 */
export function useDesktopNotifications(viewerId: string) {
  const seen = useRef(new Map<string, { unread: number; mentions: number }>());
  const since = useRef(new Date().toISOString());
  const [count, setCount] = useState(0);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') setCount(0);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);
  useEffect(() => {
    setTitleCount('notifications', count);
    return () => setTitleCount('notifications', 0);
  }, [count]);

  useSubscription(NotifyEventsSubscription, {
    onData: ({ data }) => {
      const ev = data.data?.viewerEvents;
      // roomId is null only for news about people (contact requests), never for RoomActivity.
      const roomId = ev?.roomId;
      if (!ev || ev.__typename !== 'RoomActivity' || !roomId) return;
      const before = seen.current.get(roomId) ?? { unread: 0, mentions: 0 };
      seen.current.set(roomId, { unread: ev.unreadCount, mentions: ev.mentionCount });
      const last = ev.room.lastMessage;
      if (!last || last.sender?.id === viewerId || last.createdAt < since.current) return;
      if (document.visibilityState === 'visible' || !desktopNotificationsOn()) return;
      const level = ev.room.notificationLevel ?? 'ALL';
      const mentioned = ev.mentionCount > before.mentions;
      const direct = ev.room.kind === 'DIRECT' && ev.unreadCount > before.unread;
      if (level === 'NONE' || !(mentioned || (direct && level === 'ALL'))) return;
      since.current = last.createdAt;
      const who = nameOf(last.sender);
      const n = new Notification(mentioned ? `${who} mentioned you${ev.room.name ? ` in ${ev.room.name}` : ''}` : who, { body: last.body.slice(0, 200), tag: last.id });
      n.onclick = () => {
        window.focus();
        navigate(`/rooms/${encodeURIComponent(roomId)}`);
      };
      setCount((c) => c + 1);
    },
  });
}
