import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { showToast } from '../../components/Toast';
import { useNow } from '../../hooks/useNow';
import { errorMessage } from '../../lib/errors';
import { fullTime, nameOf, relativeTime } from '../../lib/format';
import { navigate, useLocation } from '../../lib/router';
import { NotificationLevelSelect } from '../notifications/NotificationLevelSelect';
import { SeenBy } from '../notifications/SeenBy';
import { SearchPanel } from '../search/SearchPanel';
import { JumpStatus } from '../search/JumpStatus';
import { useJumpToMessage } from '../search/useJumpToMessage';
import { getSession } from '../../apollo/session';
import { useWhenBack } from '../../apollo/when-back';
import { ConnectionIndicator } from '../connection/ConnectionIndicator';
import { RoomListQuery } from '../rooms/RoomList';
import { otherMember, roomTitle } from '../rooms/room-title';
import { AddMembersDialog } from './AddMembersDialog';
import { Composer } from './Composer';
import { requestEdit } from './edit-request';
import { HideRoomMutation, LeaveRoomMutation, MarkReadMutation, OlderMessagesQuery, PAGE_SIZE, RoomPageQuery } from './fragments';
import { MemberList } from './MemberList';
import { MessageList } from './MessageList';
import { RoomOffline, RoomStreamStatus } from './RoomStreamStatus';
import { TypingIndicator } from './TypingIndicator';
import { orderedMessages, splitOutbox } from './message-order';
import { useRoomOutbox } from './outbox';
import { useRoomEvents } from './useRoomEvents';
import type { MessageItem_MessageFragment } from '../../gql/graphql';
import { jumpToMessage } from './jump';
import { keepFromNewestPage } from './cache';
import { RoomActionsContext, type RoomActions } from './room-actions';

/** One room: header, history, typing line, composer, and the member list. */
export function RoomView({ roomId, viewerId }: { roomId: string; viewerId: string }) {
  const client = useApolloClient();
  // What the cache holds shows at once (a room opened while offline too); the network brings the rest. A refetch
  // goes through the messages merge (Apollo's default would overwrite the list): the history loaded stays.
  const { data, error, fetchMore, refetch } = useQuery(RoomPageQuery, {
    variables: { id: roomId, last: PAGE_SIZE },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
    refetchWritePolicy: 'merge',
  });
  // Opened while away (nothing or only the cache to show): load it when the connection is back, without a reload.
  useWhenBack(() => {
    if (error) void refetch().catch(() => undefined);
  });
  const [markRead] = useMutation(MarkReadMutation);
  const [searching, setSearching] = useState(false);
  const atParam = useLocation().query.get('at');
  const jumpTo = atParam && /^\d+$/.test(atParam) ? Number(atParam) : null;
  const [leave] = useMutation(LeaveRoomMutation);
  const [hide] = useMutation(HideRoomMutation);
  const outbox = useRoomOutbox(viewerId, roomId);
  const [revoked, setRevoked] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  // Beside the history on wide screens; on narrower ones a sheet over the room, opened on demand.
  const [showMembers, setShowMembers] = useState(() => window.innerWidth > 1100);
  const [confirmLeave, setConfirmLeave] = useState(false);
  // New messages (live, not history pages) are read out by screen readers through this polite region.
  const [announcement, setAnnouncement] = useState('');
  const now = useNow();
  const [stopTypingFor, setStopTypingFor] = useState<{ userId: string; n: number } | null>(null);
  const marked = useRef(0);
  const markChain = useRef<Promise<void>>(Promise.resolve());
  const room = data?.room;
  // Where the viewer had read up to when the room opened: a "New messages" line goes above the first unread.
  // Known in the same render as the first page, so the history can land on the first unread message at once.
  // `myLastReadSeq`: the cache keeps it current from every MarkRead answer and from RoomActivity (reads on another
  // device). The member list's markers, used before, only moved with the room's own ReadMarkerMoved events, which a
  // viewer with read receipts off never gets and a closed room does not hear.
  const readUpToRef = useRef<number | undefined>(undefined);
  if (readUpToRef.current === undefined && room) {
    readUpToRef.current = room.unreadCount > 0 && typeof room.myLastReadSeq === 'number' ? room.myLastReadSeq : Number.MAX_SAFE_INTEGER;
  }
  const readUpTo = readUpToRef.current;

  const { status: streamStatus } = useRoomEvents(roomId, room?.lastSeq, {
    onRevoked: (reason) => setRevoked(reason),
    onResync: async () => {
      // Events were missed: the older pages held may be stale, so only the fresh newest page stays.
      // A request of its own: not the hook's refetch (another refetch in flight could supersede it), and not
      // deduplicated with an identical request still in flight (a retry after a timeout must not wait on the lost one).
      // 'no-cache', then written here: a cached query answers with the merged list, not the page the server sent,
      // and the trim needs the page's own oldest seq.
      const variables = { id: roomId, last: PAGE_SIZE };
      const r = await client.query({ query: RoomPageQuery, variables, fetchPolicy: 'no-cache', context: { queryDeduplication: false } });
      if (!r.data) return undefined;
      client.writeQuery({ query: RoomPageQuery, variables, data: r.data });
      const fresh = r.data.room;
      if (fresh) keepFromNewestPage(client.cache, roomId, fresh.messages, fresh.lastSeq);
      return fresh?.lastSeq;
    },
    onMessage: (ev) => {
      if (ev.message.sender) setStopTypingFor((s) => ({ userId: ev.message.sender!.id, n: (s?.n ?? 0) + 1 }));
      if (ev.message.sender?.id !== viewerId) setAnnouncement(`${nameOf(ev.message.sender)}: ${ev.message.body}`);
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
      // One at a time, in order: a cached page marks an older seq first, and its answer (a higher unread count)
      // must not land after the newer one's.
      markChain.current = markChain.current.then(() =>
        markRead({ variables: { roomId, seq } }).then(
          () => undefined,
          () => {
            marked.current = 0;
          },
        ),
      );
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
  const jumpState = useJumpToMessage(jumpTo, messages[0]?.seq, !!room?.messages.pageInfo.hasPreviousPage, loadOlder);

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
    // A malformed id in the URL is the same thing to a person as an unknown room.
    const unknown = code === 'NOT_FOUND' || code === 'FORBIDDEN' || code === 'BAD_USER_INPUT';
    return (
      <div className="empty" data-testid="room-unavailable">
        <h1>{unknown ? 'Room not available' : 'Could not load this room'}</h1>
        <p>{unknown ? 'This room does not exist, or you are not a member of it.' : errorMessage(error)}</p>
        <p>
          <a href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
            Back to your rooms
          </a>
        </p>
      </div>
    );
  }
  if (!room) return <div className="empty muted" aria-busy="true">Loading…</div>;

  const members = room.members.edges.map((e) => e.node);
  const mentionables = [
    ...members.filter((m) => m.user.id !== viewerId).map((m) => m.user),
    ...(room.kind === 'GROUP' && (room.myRole === 'OWNER' || room.myRole === 'ADMIN') ? [{ id: '@room', username: 'room', everyone: true }] : []),
  ];
  const lastOwn = messages.length && messages[messages.length - 1]!.sender?.id === viewerId ? messages[messages.length - 1] : undefined;
  const title = roomTitle(room, viewerId);
  const other = otherMember(room, viewerId);
  const role = getSession()?.user.role;
  const canModerate = role === 'ADMIN' || role === 'MODERATOR' || room.myRole === 'OWNER' || room.myRole === 'ADMIN';
  let subtitle: string;
  let subtitleTitle: string | undefined;
  if (room.kind === 'DIRECT') {
    subtitle = other ? (other.isOnline ? 'Online' : other.lastSeenAt ? `Last seen ${relativeTime(other.lastSeenAt, now)}` : 'Not online') : '';
    if (other && !other.isOnline && other.lastSeenAt) subtitleTitle = fullTime(other.lastSeenAt);
  }
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
            <p className="muted" data-testid="room-subtitle" title={subtitleTitle}>
              {subtitle}
            </p>
            <ConnectionIndicator compact />
          </div>
          <div className="room__actions">
            <button type="button" className="btn btn--small" aria-pressed={searching} onClick={() => setSearching((s) => !s)}>
              Search
            </button>
            <NotificationLevelSelect roomId={roomId} level={room.notificationLevel} />
            {room.kind === 'GROUP' && (room.myRole === 'OWNER' || room.myRole === 'ADMIN') && (
              <button type="button" className="btn btn--small" onClick={() => setAdding(true)}>
                Add people
              </button>
            )}
            {room.kind !== 'DIRECT' && (room.myRole === 'OWNER' || room.myRole === 'ADMIN') && (
              <a href={`/rooms/${encodeURIComponent(roomId)}/settings`} className="btn btn--small" onClick={(e) => (e.preventDefault(), navigate(`/rooms/${encodeURIComponent(roomId)}/settings`))}>
                Settings
              </a>
            )}
            <button type="button" className="btn btn--small" aria-pressed={showMembers} aria-controls={showMembers ? `members-${roomId}` : undefined} onClick={() => setShowMembers((s) => !s)}>
              Members
            </button>
            {room.kind !== 'DIRECT' ? (
              <button type="button" className="btn btn--small" onClick={() => setConfirmLeave(true)}>
                Leave
              </button>
            ) : (
              <button
                type="button"
                className="btn btn--small"
                title="Remove this chat from your list until a new message arrives"
                onClick={() =>
                  void hide({ variables: { roomId } }).then(
                    async () => {
                      showToast(`Hid your chat with ${title}. It comes back with the next message.`);
                      await client.refetchQueries({ include: [RoomListQuery] }).catch(() => undefined);
                      navigate('/');
                    },
                    (err) => showToast(errorMessage(err) ?? 'Could not hide this chat.'),
                  )
                }
              >
                Hide
              </button>
            )}
          </div>
        </header>
        {revoked && (
          <p className="banner" role="alert">
            {revoked}
          </p>
        )}
        {!revoked && <RoomStreamStatus status={streamStatus} />}
        {searching && <SearchPanel roomId={roomId} roomName={title} onClose={() => setSearching(false)} />}
        {jumpTo !== null && <JumpStatus state={jumpState} />}
        {jumpTo !== null && <style>{`[data-testid="message"][data-seq="${jumpTo}"] .msg__bubble { outline: 2px solid #f0b400; outline-offset: 2px; }`}</style>}
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
        {room.kind !== 'PUBLIC' && lastOwn && <SeenBy users={lastOwn.seenBy} viewerId={viewerId} direct={room.kind === 'DIRECT'} />}
        <TypingIndicator roomId={roomId} viewerId={viewerId} stopFor={stopTypingFor} />
        <Composer
          roomId={roomId}
          onSend={(body, extras) => void outbox.send(body, extras)}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          mentionables={mentionables}
          disabled={!!revoked}
          placeholder={`Message ${room.kind === 'DIRECT' ? nameOf(other) : title}`}
          onEditLast={() => {
            const last = [...messages].reverse().find((m) => m.sender?.id === viewerId && !m.deletedAt);
            return last ? requestEdit(last.id) : false;
          }}
        />
        <div className="sr-only" role="log" aria-live="polite" aria-atomic="true" data-testid="announcer">
          {announcement}
        </div>
      </section>
      {showMembers && (
        <div className="members-sheet" id={`members-${roomId}`}>
          <div className="members-sheet__scrim" onClick={() => setShowMembers(false)} />
          <div className="members-sheet__panel">
            <button type="button" className="icon-btn members-sheet__close" aria-label="Close members" onClick={() => setShowMembers(false)}>
              ×
            </button>
            <MemberList roomId={roomId} members={members} viewerId={viewerId} />
          </div>
        </div>
      )}
      {confirmLeave && (
        <ConfirmDialog
          title={`Leave ${title}?`}
          confirmLabel="Leave room"
          danger
          onClose={() => setConfirmLeave(false)}
          onConfirm={async () => {
            await leave({ variables: { roomId } });
            showToast(`You left ${title}.`);
            await client.refetchQueries({ include: [RoomListQuery] }).catch(() => undefined);
            navigate('/');
          }}
        >
          <p>{room.kind === 'PUBLIC' ? 'You can join again from Browse.' : 'To come back, someone in the room has to add you again.'}</p>
        </ConfirmDialog>
      )}
      {adding && <AddMembersDialog roomId={roomId} viewerId={viewerId} memberIds={new Set(members.map((m) => m.user.id))} onClose={() => setAdding(false)} />}
    </div>
  );
}
