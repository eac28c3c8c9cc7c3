import type { FieldMergeFunction, FieldPolicy, Reference, TypePolicies } from '@apollo/client';

interface EdgeRef {
  __typename?: string;
  cursor: string;
  node: Reference;
}
interface ConnectionRef {
  __typename?: string;
  edges: EdgeRef[];
  pageInfo: { hasPreviousPage: boolean; startCursor: string | null; [k: string]: unknown };
  [k: string]: unknown;
}

/**
 * Room.messages is one growing list per room: the newest page (no `before`) replaces it, an older page
 * (`before`) is prepended. Live messages are appended by the room's event handler with cache.modify.
 * Edges are unique by message and ordered by seq.
 */
const messagesPolicy: FieldPolicy<ConnectionRef> = {
  keyArgs: false,
  merge(existing, incoming, { args, readField }) {
    if (!existing || !args?.before) return incoming;
    const seen = new Set(existing.edges.map((e) => readField<string>('id', e.node)));
    const older = incoming.edges.filter((e) => !seen.has(readField<string>('id', e.node)));
    const edges = [...older, ...existing.edges].sort((a, b) => (readField<number>('seq', a.node) ?? 0) - (readField<number>('seq', b.node) ?? 0));
    return {
      ...existing,
      edges,
      pageInfo: { ...existing.pageInfo, hasPreviousPage: incoming.pageInfo.hasPreviousPage, startCursor: incoming.pageInfo.startCursor },
    };
  },
};

/** A list paged with `first/after`: the first page replaces it, later pages extend it. */
const appendPages: FieldMergeFunction<ConnectionRef> = (existing, incoming, { args, readField }) => {
  if (!existing || !args?.after) return incoming;
  const seen = new Set(existing.edges.map((e) => readField<string>('id', e.node)));
  return { ...incoming, edges: [...existing.edges, ...incoming.edges.filter((e) => !seen.has(readField<string>('id', e.node)))] };
};

export const typePolicies: TypePolicies = {
  Query: {
    fields: {
      // The first page replaces the list (a refetch); later pages (`after`) extend it.
      rooms: { keyArgs: false, merge: appendPages },
      publicRooms: { keyArgs: ['search'] },
      adminUsers: { keyArgs: ['filter'], merge: appendPages },
      auditEvents: { keyArgs: ['filter'], merge: appendPages },
      users: { keyArgs: ['search'] },
    },
  },
  // Each subscription event replaces the last one under its root field (their entities are normalized anyway).
  Subscription: {
    fields: {
      roomEvents: { merge: false },
      viewerEvents: { merge: false },
      typing: { merge: false },
      presence: { merge: false },
    },
  },
  Room: {
    fields: {
      messages: messagesPolicy,
      // A member page is always fetched whole: the newer one replaces the older.
      members: { merge: false },
    },
  },
  Message: {
    fields: {
      reactions: { merge: false },
    },
  },
  // Members and reactions have no id of their own: they live inside their room and message.
  Member: { keyFields: false },
  Reaction: { keyFields: false },
};
