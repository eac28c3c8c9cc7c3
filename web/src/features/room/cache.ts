import type { ApolloCache, Reference, StoreObject } from '@apollo/client';
import type { MessageContent_MessageFragment, MessageItem_MessageFragment } from '../../gql/graphql';
import { MessageItemFragment, MessageSeenByFragment, SEEN_BY_FIRST, SeenByUserFragment } from './fragments';

interface EdgeRef {
  __typename: 'MessageEdge';
  cursor: string;
  node: Reference;
}

/**
 * Puts a message into its room's list (once: by id, ordered by seq) and makes it the room's last message.
 * Used by both the send confirmation and the MessageAdded event; whichever comes second changes nothing. The send
 * confirmation carries no `seenBy` (see MessageContent_message): the cached list is kept, and a message not cached
 * yet starts seen by nobody, as it was when the server stored it.
 */
export function appendMessage(cache: ApolloCache, roomId: string, message: MessageItem_MessageFragment | MessageContent_MessageFragment) {
  const seenBy =
    'seenBy' in message
      ? message.seenBy
      : (cache.readFragment({ id: cache.identify(message), fragment: MessageSeenByFragment, fragmentName: 'MessageSeenBy_message' })?.seenBy ?? []);
  const ref = cache.writeFragment({ fragment: MessageItemFragment, fragmentName: 'MessageItem_message', data: { ...message, seenBy } });
  if (!ref) return;
  cache.modify({
    id: cache.identify({ __typename: 'Room', id: roomId }),
    fields: {
      messages(existing: Reference | { edges: EdgeRef[] } | undefined, { readField }) {
        if (!existing || !('edges' in existing)) return existing;
        if (existing.edges.some((e) => readField<string>('id', e.node) === message.id)) return existing;
        const edges = [...existing.edges, { __typename: 'MessageEdge' as const, cursor: '', node: ref }];
        edges.sort((a, b) => (readField<number>('seq', a.node) ?? 0) - (readField<number>('seq', b.node) ?? 0));
        return { ...existing, edges };
      },
      lastMessage(existing: Reference | null | undefined, { readField }) {
        const seq = existing ? readField<number>('seq', existing) : undefined;
        return seq !== undefined && seq > message.seq ? existing : ref;
      },
      lastActivityAt(existing: string | undefined) {
        return !existing || existing < message.createdAt ? message.createdAt : existing;
      },
      lastSeq(existing: number | undefined) {
        return Math.max(existing ?? 0, message.seq);
      },
    },
  });
}

/**
 * After a resync's newest page was merged: events were missed (edits, deletions), so the older pages held may be
 * out of date. Only that page and what came live after it stay; the older pages load again, fresh, when scrolled to
 * (or when the room is open at an older message). A trim after the merge rather than a replacing merge: no flag can
 * outlive a failed request and take the history from a later, unrelated page.
 */
export function keepFromNewestPage(cache: ApolloCache, roomId: string, page: { edges: ReadonlyArray<{ node: { seq: number } }>; pageInfo: { hasPreviousPage: boolean; startCursor?: string | null } }, lastSeq: number) {
  const from = page.edges.length ? Math.min(...page.edges.map((e) => e.node.seq)) : lastSeq + 1;
  cache.modify({
    id: cache.identify({ __typename: 'Room', id: roomId }),
    fields: {
      messages(existing: Reference | { edges: EdgeRef[]; pageInfo: Record<string, unknown> } | undefined, { readField }) {
        if (!existing || !('edges' in existing)) return existing;
        const edges = existing.edges.filter((e) => (readField<number>('seq', e.node) ?? 0) >= from);
        if (edges.length === existing.edges.length) return existing;
        return { ...existing, edges, pageInfo: { ...existing.pageInfo, hasPreviousPage: page.pageInfo.hasPreviousPage, startCursor: page.pageInfo.startCursor ?? null } };
      },
    },
  });
}

export function markDeleted(cache: ApolloCache, messageId: string, at: string) {
  cache.modify({
    id: cache.identify({ __typename: 'Message', id: messageId }),
    fields: {
      deletedAt: (v: string | null) => v ?? at,
      body: () => '',
      reactions: () => [],
      attachments: () => [],
    },
  });
}

/**
 * A member's read marker moved (the ReadMarkerMoved event: they share read receipts and so does the viewer). They
 * have now seen every message someone else sent up to `lastReadSeq`, so the cache is brought up to date without
 * asking the server for the room again: `seenBy` of the cached messages the marker passed, in join order as the
 * server gives it (the member list's order, read here; readers not in it after those in it), at most SEEN_BY_FIRST.
 * (The member list keeps no markers: the viewer's own is `Room.myLastReadSeq`, and nothing shows anyone else's.) Returns false when the cache does not know the reader yet (not among the members
 * loaded): the caller fetches them (ReadMarkerReaderQuery) and applies the marker again.
 */
export function applyReadMarker(cache: ApolloCache, roomId: string, readerId: string, lastReadSeq: number): boolean {
  const reader = cache.identify({ __typename: 'User', id: readerId });
  if (!reader || !cache.readFragment({ id: reader, fragment: SeenByUserFragment, fragmentName: 'SeenByUser_user' })) return false;
  let joinOrder: string[] = [];
  let passed: Reference[] = [];
  cache.modify({
    id: cache.identify({ __typename: 'Room', id: roomId }),
    fields: {
      members(existing: { edges: Array<{ node: StoreObject }> } | Reference | undefined, { readField }) {
        if (!existing || !('edges' in existing)) return existing;
        joinOrder = existing.edges.map((e) => readField<string>('id', readField<Reference>('user', e.node)) ?? '');
        return existing;
      },
      messages(existing: Reference | { edges: EdgeRef[] } | undefined, { readField }) {
        if (!existing || !('edges' in existing)) return existing;
        passed = existing.edges
          .map((e) => e.node)
          .filter((m) => (readField<number>('seq', m) ?? Infinity) <= lastReadSeq && !readField('deletedAt', m))
          .filter((m) => {
            const sender = readField<Reference | null>('sender', m);
            return !sender || readField<string>('id', sender) !== readerId;
          });
        return existing;
      },
    },
  });
  const rank = (id: string | undefined) => {
    const i = id ? joinOrder.indexOf(id) : -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  for (const m of passed) {
    cache.modify({
      id: cache.identify(m),
      fields: {
        seenBy(existing: readonly Reference[] | undefined, { readField }) {
          const list = existing ?? [];
          if (list.some((u) => readField<string>('id', u) === readerId)) return list;
          const next = [...list, { __ref: reader }].sort((a, b) => rank(readField<string>('id', a)) - rank(readField<string>('id', b)));
          return next.slice(0, SEEN_BY_FIRST);
        },
      },
    });
  }
  return true;
}
