import type { ApolloCache, Reference } from '@apollo/client';
import type { MessageItem_MessageFragment } from '../../gql/graphql';
import { MessageItemFragment } from './fragments';

interface EdgeRef {
  __typename: 'MessageEdge';
  cursor: string;
  node: Reference;
}

/**
 * Puts a message into its room's list (once: by id, ordered by seq) and makes it the room's last message.
 * Used by both the send confirmation and the MessageAdded event; whichever comes second changes nothing.
 */
export function appendMessage(cache: ApolloCache, roomId: string, message: MessageItem_MessageFragment) {
  const ref = cache.writeFragment({ fragment: MessageItemFragment, fragmentName: 'MessageItem_message', data: message });
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
