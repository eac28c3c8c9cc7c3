import { useApolloClient } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { backoffDelay, followStream, type StreamStatus } from '../../apollo/resumable';
import { noteSessionEndReason } from '../../apollo/session';
import { withinTime } from '../../lib/within-time';
import type { RoomEventsSubscription as RoomEventsResult } from '../../gql/graphql';
import { RoomListQuery } from '../rooms/RoomList';
import { appendMessage, applyReadMarker, markDeleted } from './cache';
import { ReadMarkerReaderQuery, RoomEventsSubscription, RoomMembersQuery } from './fragments';

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
  /** Something was missed (more than the server replays, or an event that came with errors): reload the newest page. */
  onResync(): Promise<number | undefined>;
  onMessage?(event: Extract<RoomEvent, { __typename: 'MessageAdded' }>): void;
}

/**
 * How long a resync's refetch may take before it counts as failed and is tried again (with backoff). A refetch
 * that never settles (a request lost on a busy machine, or superseded by another refetch of the same query) would
 * otherwise hold the room in "catching up" with every later event queued behind it.
 */
const RESYNC_TIMEOUT_MS = 15_000;

/** The room's live stream as the room shows it: the stream's own state, or catching up after a gap. */
export type RoomStreamStatus = StreamStatus | { state: 'catching-up' };

/**
 * Follows a room's event log from `startSeq`: each event is applied to the cache exactly once, in seq order
 * (anything at or below the last applied seq is a replay and skipped). Whatever interrupts it, it resumes from the
 * last applied seq, so the server replays what was missed: after a reconnect, and after a stream error (with
 * backoff, saying so in `status`). An event that arrives with errors is never skipped: the room resyncs (refetches
 * its newest page) and carries on from there.
 */
export function useRoomEvents(roomId: string, startSeq: number | undefined, handlers: RoomEventHandlers) {
  const client = useApolloClient();
  const lastSeq = useRef<number | undefined>(undefined);
  const h = useRef(handlers);
  h.current = handlers;
  const [status, setStatus] = useState<RoomStreamStatus>({ state: 'live' });

  if (lastSeq.current === undefined && startSeq !== undefined) lastSeq.current = startSeq;
  const ready = startSeq !== undefined;

  useEffect(() => {
    if (!ready) return;
    let stopped = false;
    let done = false;
    let streamStatus: StreamStatus = { state: 'live' };
    let resyncing = false;
    let resyncTimer: ReturnType<typeof setTimeout> | undefined;
    let resyncFailures = 0;
    const show = () => {
      if (!stopped) setStatus(resyncing && streamStatus.state === 'live' ? { state: 'catching-up' } : streamStatus);
    };
    // Events are handled one at a time: those that arrive during a resync's refetch wait for it, then apply on top.
    let queue = Promise.resolve();
    const enqueue = (work: () => Promise<void> | void) => {
      queue = queue.then(work).catch(() => undefined);
    };
    const refetchMembers = () => void client.query({ query: RoomMembersQuery, variables: { id: roomId }, fetchPolicy: 'network-only' }).catch(() => undefined);
    let opened = 0;

    async function resync() {
      clearTimeout(resyncTimer);
      resyncTimer = undefined;
      resyncing = true;
      show();
      try {
        const fresh = await withinTime(h.current.onResync(), RESYNC_TIMEOUT_MS);
        lastSeq.current = Math.max(lastSeq.current ?? 0, fresh ?? 0);
        resyncFailures = 0;
        resyncing = false;
      } catch {
        // Offline or the server is away: try again (the stream's reconnect tries too).
        resyncFailures++;
        resyncTimer = setTimeout(() => enqueue(resync), backoffDelay(resyncFailures));
      }
      show();
    }

    const stream = followStream({
      client,
      query: RoomEventsSubscription,
      variables: () => {
        // Every (re)subscription after the first: presence and membership may have changed while we were away.
        if (opened++ > 0) refetchMembers();
        return { roomId, afterSeq: lastSeq.current };
      },
      onData: (data) => {
        const ev = data.roomEvents;
        if (ev.__typename === 'AccessRevoked' || ev.__typename === 'RoomDeleted') done = true;
        enqueue(() => handle(ev));
      },
      onGap: () => enqueue(resync),
      onStatus: (s) => {
        streamStatus = s;
        // A resync that failed while away runs again as soon as the stream is back.
        if (s.state === 'live' && resyncTimer !== undefined) {
          clearTimeout(resyncTimer);
          resyncTimer = undefined;
          enqueue(resync);
        }
        show();
      },
      isDone: () => done,
    });

    async function handle(ev: RoomEvent) {
      if (stopped) return;
      const cache = client.cache;
      if (ev.__typename === 'ResyncRequired') {
        if (lastSeq.current !== undefined && ev.seq <= lastSeq.current) return;
        // Too much was missed to replay: reload the newest page; anything after it is live.
        lastSeq.current = Math.max(lastSeq.current ?? 0, ev.seq);
        await resync();
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
        case 'ReadMarkerMoved': {
          // "Seen by" from the event itself (null for a viewer who turned read receipts off: nothing to show).
          const { readerId, lastReadSeq } = ev;
          if (!readerId || lastReadSeq === null) break;
          if (!applyReadMarker(cache, roomId, readerId, lastReadSeq)) {
            // A reader the cache does not know yet: fetch just them, then apply (a marker only moves forward, so
            // applying it after later events changes nothing they did).
            void client
              .query({ query: ReadMarkerReaderQuery, variables: { id: readerId } })
              .then(() => applyReadMarker(cache, roomId, readerId, lastReadSeq))
              .catch(() => undefined);
          }
          break;
        }
        default:
          break;
      }
    }
    return () => {
      stopped = true;
      clearTimeout(resyncTimer);
      stream.stop();
    };
  }, [client, roomId, ready]);

  return { lastSeq, status };
}
