import { useApolloClient } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { useConnection } from '../../apollo/connection';
import { noteSessionEndReason } from '../../apollo/session';
import type { RoomEventsSubscription as RoomEventsResult } from '../../gql/graphql';
import { RoomListQuery } from '../rooms/RoomList';
import { appendMessage, markDeleted } from './cache';
import { RoomEventsSubscription, RoomMembersQuery } from './fragments';

type RoomEvent = RoomEventsResult['roomEvents'];

const REVOKED: Record<string, string> = {
  BANNED: 'Your account was banned.',
  REMOVED: 'You were removed from this room.',
  LEFT: 'You left this room.',
  SIGNED_OUT: 'You signed out.',
  SESSION_ENDED: 'Your session ended. Sign in again.',
  ACCOUNT_DELETED: 'Your account was deleted.',
};

export interface RoomEventHandlers {
  /** The room is gone for the viewer (deleted, removed, banned). */
  onRevoked(reason: string): void;
  /** More was missed than the server replays: reload the newest page. */
  onResync(): Promise<number | undefined>;
  onMessage?(event: Extract<RoomEvent, { __typename: 'MessageAdded' }>): void;
}

/**
 * Follows a room's event log from `startSeq`: each event is applied to the cache exactly once, in seq order
 * (anything at or below the last applied seq is a replay and skipped). After a reconnect it resubscribes from the
 * last applied seq, so events sent meanwhile are replayed by the server and nothing is missed or doubled.
 */
export function useRoomEvents(roomId: string, startSeq: number | undefined, handlers: RoomEventHandlers) {
  const client = useApolloClient();
  const { epoch } = useConnection();
  const lastSeq = useRef<number | undefined>(undefined);
  const h = useRef(handlers);
  h.current = handlers;

  if (lastSeq.current === undefined && startSeq !== undefined) lastSeq.current = startSeq;
  const ready = startSeq !== undefined;

  useEffect(() => {
    if (!ready) return;
    let stopped = false;
    // Events are handled one at a time: those that arrive during a resync's refetch wait for it, then apply on top.
    let queue = Promise.resolve();
    const refetchMembers = () => void client.query({ query: RoomMembersQuery, variables: { id: roomId }, fetchPolicy: 'network-only' }).catch(() => undefined);
    if (epoch > 0) refetchMembers(); // presence and membership may have changed while we were away

    const sub = client.subscribe({ query: RoomEventsSubscription, variables: { roomId, afterSeq: lastSeq.current } }).subscribe({
      next: (result) => {
        queue = queue.then(() => handle(result.data?.roomEvents)).catch(() => undefined);
      },
      error: () => undefined,
    });

    async function handle(ev: RoomEvent | undefined) {
      if (!ev || stopped) return;
      const cache = client.cache;
      if (ev.__typename === 'ResyncRequired') {
        if (lastSeq.current !== undefined && ev.seq <= lastSeq.current) return;
        // Too much was missed to replay: reload the newest page; anything after it is live.
        lastSeq.current = Math.max(lastSeq.current ?? 0, ev.seq);
        const fresh = await h.current.onResync().catch(() => undefined);
        lastSeq.current = Math.max(lastSeq.current, fresh ?? 0);
        return;
      }
      if (ev.__typename === 'AccessRevoked' && ev.reason === 'BANNED') noteSessionEndReason('Your account has been banned.');
      if (ev.__typename === 'AccessRevoked' || ev.__typename === 'RoomDeleted') {
        h.current.onRevoked(ev.__typename === 'RoomDeleted' ? 'This room was deleted.' : (REVOKED[ev.reason] ?? 'You no longer have access to this room.'));
        void client.refetchQueries({ include: [RoomListQuery] });
        return;
      }
      if (lastSeq.current !== undefined && ev.seq <= lastSeq.current) return;
      lastSeq.current = ev.seq;
      switch (ev.__typename) {
        case 'MessageAdded':
          appendMessage(cache, roomId, ev.message);
          h.current.onMessage?.(ev);
          break;
        case 'MessageEdited':
        case 'ReactionChanged':
          break; // normalized by id: the event's message already updated the cache
        case 'MessageDeleted':
          markDeleted(cache, ev.messageId, ev.at);
          break;
        case 'MemberJoined':
        case 'MemberLeft':
        case 'MemberRoleChanged':
          refetchMembers();
          break;
        default:
          break;
      }
    }
    return () => {
      stopped = true;
      sub.unsubscribe();
    };
  }, [client, roomId, ready, epoch]);

  return lastSeq;
}
