import { useQuery, useSubscription } from '@apollo/client/react';
import { markdownToText } from '../../lib/markdown';
import { useEffect, useRef } from 'react';
import { useWhenBack } from '../../apollo/when-back';
import { Avatar } from '../../components/Avatar';
import { graphql } from '../../gql';
import type { RoomListItem_RoomFragment } from '../../gql/graphql';
import { nameOf, shortWhen } from '../../lib/format';
import { linkHandler } from '../../lib/router';
import { useOutboxSender } from '../room/outbox';
import { otherMember, roomTitle } from './room-title';
import { useViewerPresence } from './useViewerPresence';
import { setTitleCount } from '../../lib/tab-title';

export const RoomListItemFragment = graphql(`
  fragment RoomListItem_room on Room {
    id
    kind
    name
    myRole
    discoverable
    lastActivityAt
    unreadCount
    myLastReadSeq
    mentionCount
    lastMessage {
      id
      body
      deletedAt
      createdAt
      sender {
        id
        username
        displayName
      }
    }
    members(first: 2) {
      edges {
        node {
          user {
            id
            username
            displayName
            isOnline
          }
        }
      }
    }
  }
`);

export const RoomListQuery = graphql(`
  query RoomList($after: String) {
    rooms(first: 50, after: $after) {
      edges {
        node {
          ...RoomListItem_room
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const ViewerEventsSubscription = graphql(`
  subscription ViewerEvents {
    viewerEvents {
      __typename
      roomId
      at
      ... on RoomActivity {
        lastSeq
        unreadCount
        room {
          ...RoomListItem_room
        }
      }
      ... on AddedToRoom {
        room {
          ...RoomListItem_room
        }
      }
    }
  }
`);

/** The viewer's rooms, most recent activity first, kept current by viewerEvents. */
export function RoomList({ viewerId, activeRoomId }: { viewerId: string; activeRoomId?: string }) {
  const { data, loading, error, refetch, fetchMore } = useQuery(RoomListQuery, { fetchPolicy: 'cache-and-network' });
  // The rooms listed, when the list is complete (a room on a page not loaded yet is not news).
  const listed = useRef<Set<string> | null>(null);
  listed.current = data && !data.rooms.pageInfo.hasNextPage ? new Set(data.rooms.edges.map((e) => e.node.id)) : null;

  // One reload of the list at a time. A reload answers with the list as it was when the server read it: activity
  // that arrives while it is on its way is newer than its answer, which would overwrite it in the cache (a room
  // added, then its first message: the preview went back to "No messages yet"). So activity during a reload asks for
  // one more after it.
  const reloading = useRef(false);
  const reloadAgain = useRef(false);
  const reload = () => {
    if (reloading.current) {
      reloadAgain.current = true;
      return;
    }
    reloading.current = true;
    void refetch()
      .catch(() => undefined)
      .finally(() => {
        reloading.current = false;
        if (reloadAgain.current) {
          reloadAgain.current = false;
          reload();
        }
      });
  };
  // Activity updates the room in the cache (same fragment as the list); a room added or removed reloads the list, and
  // so does activity in a room the list does not hold (a hidden direct room that got a new message comes back).
  useSubscription(ViewerEventsSubscription, {
    onData: ({ data: d }) => {
      const ev = d.data?.viewerEvents;
      // People news (invitations, requests, contacts) is the inbox's; only rooms joining or leaving the list count here.
      if (!ev) return;
      const unlisted = ev.__typename === 'RoomActivity' && !!listed.current && !listed.current.has(ev.roomId ?? '');
      if (ev.__typename === 'AddedToRoom' || ev.__typename === 'RemovedFromRoom' || unlisted || (ev.__typename === 'RoomActivity' && reloading.current)) reload();
    },
  });
  // After a reconnect, catch up on what the socket missed (and load the list if it failed while away).
  useWhenBack((reconnect) => {
    if (reconnect || error) reload();
  });
  // Unsent messages go out whenever the connection is back, whichever room is open (issue #11).
  useOutboxSender(viewerId);
  // Online dots of the people in direct chats stay current without opening them: one stream for the whole list.
  useViewerPresence();

  const rooms = [...(data?.rooms.edges.map((e) => e.node) ?? [])].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
  const unreadRooms = rooms.filter((r) => r.id !== activeRoomId && r.unreadCount > 0).length;
  useEffect(() => {
    setTitleCount('rooms', unreadRooms);
    return () => setTitleCount('rooms', 0);
  }, [unreadRooms]);

  return (
    <nav className="room-list" aria-label="Your rooms">
      {loading && !data && <p className="muted pad">Loading…</p>}
      {error && !data && <p className="muted pad">Could not load rooms.</p>}
      {data && rooms.length === 0 && <p className="muted pad">No conversations yet.</p>}
      <ul>
        {rooms.map((room) => (
          <RoomListItem key={room.id} room={room} viewerId={viewerId} active={room.id === activeRoomId} />
        ))}
      </ul>
      {data?.rooms.pageInfo.hasNextPage && (
        <button type="button" className="link-btn pad" onClick={() => void fetchMore({ variables: { after: data.rooms.pageInfo.endCursor } })}>
          Show more rooms
        </button>
      )}
    </nav>
  );
}

function RoomListItem({ room, viewerId, active }: { room: RoomListItem_RoomFragment; viewerId: string; active: boolean }) {
  const title = roomTitle(room, viewerId);
  const other = otherMember(room, viewerId);
  const last = room.lastMessage;
  const preview = last ? (last.deletedAt ? 'Message deleted' : `${last.sender?.id === viewerId ? 'You' : nameOf(last.sender)}: ${last.body ? markdownToText(last.body) : 'Attachment'}`) : 'No messages yet';
  const unread = active ? 0 : room.unreadCount;
  const href = `/rooms/${encodeURIComponent(room.id)}`;
  return (
    <li>
      <a
        href={href}
        onClick={linkHandler(href)}
        className={`room-item${active ? ' is-active' : ''}${unread ? ' has-unread' : ''}`}
        aria-current={active ? 'page' : undefined}
        data-testid="room-item"
        data-online={other ? other.isOnline : undefined}
      >
        {room.kind === 'DIRECT' ? <Avatar user={other} online={other?.isOnline ?? false} /> : <Avatar label={room.kind === 'PUBLIC' ? '#' : title} />}
        <span className="room-item__text">
          <span className="room-item__top">
            <span className="room-item__name">{title}</span>
            <span className="room-item__when">{shortWhen(last?.createdAt ?? room.lastActivityAt)}</span>
          </span>
          <span className="room-item__bottom">
            <span className="room-item__preview">{preview}</span>
            {unread > 0 && (
              <span className="badge" aria-label={`${unread} unread`}>
                {unread > 99 ? '99+' : unread}
              </span>
            )}
          </span>
        </span>
      </a>
    </li>
  );
}
