import { useQuery } from '@apollo/client/react';
import { linkHandler, useLocation } from '../../lib/router';
import { RoomListQuery } from '../rooms/RoomList';

/** The sidebar's way to the Mentions view, with the unread mentions across the viewer's rooms (kept live by viewerEvents). */
export function MentionsLink() {
  const { path } = useLocation();
  const { data } = useQuery(RoomListQuery, { fetchPolicy: 'cache-only' });
  const unread = data?.rooms.edges.reduce((n, e) => n + e.node.mentionCount, 0) ?? 0;
  const active = path === '/mentions';
  return (
    <a href="/mentions" onClick={linkHandler('/mentions')} className={`sidebar__mentions${active ? ' is-active' : ''}`} aria-current={active ? 'page' : undefined} data-testid="mentions-link">
      <span>
        <span aria-hidden="true">@ </span>Mentions
      </span>
      {unread > 0 && (
        <span className="badge" aria-label={`${unread} unread`} data-testid="mentions-badge">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </a>
  );
}
