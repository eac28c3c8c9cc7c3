import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Avatar } from '../../components/Avatar';
import { errorMessage } from '../../lib/errors';
import { fullTime, nameOf } from '../../lib/format';
import { navigate } from '../../lib/router';
import { getSession } from '../../apollo/session';
import { useWhenBack } from '../../apollo/when-back';
import { RoomListQuery } from '../rooms/RoomList';
import { otherMember, roomTitle } from '../rooms/room-title';
import { AddMembersDialog } from './AddMembersDialog';
import { Composer } from './Composer';
import { LeaveRoomMutation, MarkReadMutation, OlderMessagesQuery, PAGE_SIZE, RoomPageQuery } from './fragments';
import { MemberList } from './MemberList';
import { MessageList } from './MessageList';
import { RoomOffline, RoomStreamStatus } from './RoomStreamStatus';
import { TypingIndicator } from './TypingIndicator';
import { orderedMessages, splitOutbox } from './message-order';
import { useRoomOutbox } from './outbox';
import { useRoomEvents } from './useRoomEvents';
import type { MessageItem_MessageFragment } from '../../gql/graphql';
import { jumpToMessage } from './jump';
import { RoomActionsContext, type RoomActions } from './room-actions';

/** One room: header, history, typing line, composer, and the member list. */
export function RoomView({ roomId, viewerId }: { roomId: string; viewerId: string }) {
  const client = useApolloClient();
  // What the cache holds shows at once (a room opened while offline too); the network brings the rest.
  const { data, error, fetchMore, refetch } = useQuery(RoomPageQuery, { variables: { id: roomId, last: PAGE_SIZE }, fetchPolicy: 'cache-and-network', nextFetchPolicy: 'cache-first' });
  // Opened while away (nothing or only the cache to show): load it when the connection is back, without a reload.
  useWhenBack(() => {
    if (error) void refetch().catch(() => undefined);
  });
  const [markRead] = useMutation(MarkReadMutation);
  const [leave] = useMutation(LeaveRoomMutation);
  const outbox = useRoomOutbox(viewerId, roomId);
  const [revoked, setRevoked] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [showMembers, setShowMembers] = useState(() => window.innerWidth > 1100);
  const [stopTypingFor, setStopTypingFor] = useState<{ userId: string; n: number } | null>(null);
  const marked = useRef(0);
  const room = data?.room;
  // Where the viewer had read up to when the room opened: a "New messages" line goes above the first unread.
  const [readUpTo, setReadUpTo] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (readUpTo !== undefined || !room) return;
    const mine = room.members.edges.find((e) => e.node.user.id === viewerId)?.node.lastReadSeq;
    setReadUpTo(room.unreadCount > 0 && mine !== undefined ? mine : Number.MAX_SAFE_INTEGER);
  }, [room, readUpTo, viewerId]);

  const { status: streamStatus } = useRoomEvents(roomId, room?.lastSeq, {
    onRevoked: (reason) => setRevoked(reason),
    onResync: async () => {
      const r = await refetch();
      return r.data?.room.lastSeq;
    },
    onMessage: (ev) => {
      if (ev.message.sender) setStopTypingFor((s) => ({ userId: ev.message.sender!.id, n: (s?.n ?? 0) + 1 }));
    },
  });

  // Each message once, in seq order, whatever an outage did to the list.
  const messages = useMemo(() => orderedMessages(room?.messages.edges.map((e) => e.node) ?? [], viewerId), [room?.messages.edges, viewerId]);
  // An unsent message leaves the outbox as soon as its message is in the list (from the reply or the live event).
  const { visible: visiblePending, confirmed } = splitOutbox(outbox.entries, messages, viewerId);
  useEffect(() => {
    if (confirmed.length) outbox.confirmed(confirmed);
  });

  const onSeen = useCallback(
    (seq: number) => {
      if (seq <= marked.current || document.visibilityState !== 'visible') return;
      marked.current = seq;
      void markRead({ variables: { roomId, seq } }).catch(() => {
        marked.current = 0;
      });
    },
    [markRead, roomId],
  );

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible' && messages.length) onSeen(messages[messages.length - 1]!.seq);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  });

  const loadOlder = useCallback(() => {
    const before = data?.room.messages.pageInfo.startCursor;
    if (!before) return Promise.resolve();
    return fetchMore({ query: OlderMessagesQuery, variables: { id: roomId, last: PAGE_SIZE, before } });
  }, [data?.room.messages.pageInfo.startCursor, fetchMore, roomId]);

  const [replyTo, setReplyTo] = useState<MessageItem_MessageFragment | null>(null);
  useEffect(() => setReplyTo(null), [roomId]);
  const history = useRef({ loadOlder, hasOlder: false, oldestSeq: undefined as number | undefined });
  history.current = { loadOlder, hasOlder: data?.room.messages.pageInfo.hasPreviousPage ?? false, oldestSeq: messages[0]?.seq };
  const roomActions = useMemo<RoomActions>(
    () => ({
      reply: (m) => {
        setReplyTo(m);
        document.getElementById(`composer-${roomId}`)?.focus();
      },
      jumpTo: (id, seq) => void jumpToMessage(history, id, seq),
    }),
    [roomId],
  );

  if (error && !room && !CombinedGraphQLErrors.is(error)) return <RoomOffline onRetry={() => void refetch().catch(() => undefined)} />;
  if (error && !room) {
    const code = CombinedGraphQLErrors.is(error) ? error.errors[0]?.extensions?.code : undefined;
    return (
      <div className="empty">
        <h1>{code === 'NOT_FOUND' || code === 'FORBIDDEN' ? 'Room not available' : 'Could not load this room'}</h1>
        <p>{code === 'NOT_FOUND' || code === 'FORBIDDEN' ? 'It does not exist, or you are not a member.' : errorMessage(error)}</p>
      </div>
    );
  }
  if (!room) return <div className="empty muted" aria-busy="true">Loading…</div>;

  const members = room.members.edges.map((e) => e.node);
  const title = roomTitle(room, viewerId);
  const other = otherMember(room, viewerId);
  const role = getSession()?.user.role;
  const canModerate = role === 'ADMIN' || role === 'MODERATOR' || room.myRole === 'OWNER' || room.myRole === 'ADMIN';
  let subtitle: string;
  if (room.kind === 'DIRECT') subtitle = other ? (other.isOnline ? 'Online' : other.lastSeenAt ? `Last seen ${fullTime(other.lastSeenAt)}` : 'Offline') : '';
  else subtitle = `${room.memberCount} member${room.memberCount === 1 ? '' : 's'}${room.description ? ` · ${room.description}` : ''}`;

  return (
    <div className={`room${showMembers ? ' room--with-members' : ''}`}>
      <section className="room__main" aria-label={title}>
        <header className="room__header">
          <a href="/" className="icon-btn room__back" aria-label="Back to rooms" onClick={(e) => (e.preventDefault(), navigate('/'))}>
            ←
          </a>
          {room.kind === 'DIRECT' ? <Avatar user={other} online={other?.isOnline ?? false} /> : <Avatar label={room.kind === 'PUBLIC' ? '#' : title} />}
          <div className="room__title">
            <h1 data-testid="room-title">{title}</h1>
            <p className="muted" data-testid="room-subtitle">
              {subtitle}
            </p>
          </div>
          <div className="room__actions">
            {room.kind === 'GROUP' && (room.myRole === 'OWNER' || room.myRole === 'ADMIN') && (
              <button type="button" className="btn btn--small" onClick={() => setAdding(true)}>
                Add people
              </button>
            )}
            <button type="button" className="btn btn--small" aria-pressed={showMembers} onClick={() => setShowMembers((s) => !s)}>
              Members
            </button>
            {room.kind !== 'DIRECT' && (
              <button
                type="button"
                className="btn btn--small"
                onClick={async () => {
                  try {
                    await leave({ variables: { roomId } });
                  } catch (err) {
                    setActionError(errorMessage(err) ?? 'Could not leave the room.');
                    return;
                  }
                  await client.refetchQueries({ include: [RoomListQuery] });
                  navigate('/');
                }}
              >
                Leave
              </button>
            )}
          </div>
        </header>
        {(revoked || actionError) && (
          <p className="banner" role="alert">
            {revoked ?? actionError}
          </p>
        )}
        {!revoked && <RoomStreamStatus status={streamStatus} />}
        <RoomActionsContext.Provider value={roomActions}>
        <MessageList
          messages={messages}
          pending={visiblePending}
          hasOlder={room.messages.pageInfo.hasPreviousPage}
          readUpTo={readUpTo}
          loadOlder={loadOlder}
          viewerId={viewerId}
          canModerate={canModerate}
          onSeen={onSeen}
          onRetry={(p) => outbox.retry(p.clientId)}
          onDiscard={(p) => outbox.discard(p.clientId)}
        />
        </RoomActionsContext.Provider>
        <TypingIndicator roomId={roomId} viewerId={viewerId} stopFor={stopTypingFor} />
        <Composer roomId={roomId} onSend={(body, extras) => void outbox.send(body, extras)} replyTo={replyTo} onCancelReply={() => setReplyTo(null)} disabled={!!revoked} placeholder={`Message ${room.kind === 'DIRECT' ? nameOf(other) : title}`} />
      </section>
      {showMembers && <MemberList roomId={roomId} members={members} viewerId={viewerId} />}
      {adding && <AddMembersDialog roomId={roomId} viewerId={viewerId} memberIds={new Set(members.map((m) => m.user.id))} onClose={() => setAdding(false)} />}
    </div>
  );
}
