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
 * Room.messages is one growing list per room: an older page (`before`) is prepended, and live messages are appended
 * by the room's event handler with cache.modify. The newest page (no `before`: a refetch, a resync, a revisit) is the
 * truth for the messages it covers; when it reaches back into what the list holds, the older pages loaded before it
 * stay (a refetch never takes away history the person scrolled up to), and so do live messages newer than it. Only a
 * newest page that does not reach the list (more was missed than one page) replaces it, since a hole in the middle
 * could never be filled. A resync trims what it merged afterwards (features/room/cache.ts, keepFromNewestPage).
 * Edges are unique by message and ordered by seq.
 */
const messagesPolicy: FieldPolicy<ConnectionRef> = {
  keyArgs: false,
  merge(existing, incoming, { args, readField }) {
    if (!existing) return incoming;
    const seqOf = (e: EdgeRef) => readField<number>('seq', e.node) ?? 0;
    const bySeq = (a: EdgeRef, b: EdgeRef) => seqOf(a) - seqOf(b);
    if (!args?.before) {
      if (!incoming.edges.length || !existing.edges.length) return incoming;
      const seqs = incoming.edges.map(seqOf);
      const from = Math.min(...seqs);
      const to = Math.max(...seqs);
      const newestHeld = Math.max(...existing.edges.map(seqOf));
      if (from > newestHeld) return incoming;
      const ids = new Set(incoming.edges.map((e) => readField<string>('id', e.node)));
      const older = existing.edges.filter((e) => seqOf(e) < from && !ids.has(readField<string>('id', e.node)));
      const newer = existing.edges.filter((e) => seqOf(e) > to && !ids.has(readField<string>('id', e.node)));
      if (!older.length && !newer.length) return incoming;
      return {
        ...incoming,
        edges: [...older, ...incoming.edges, ...newer].sort(bySeq),
        pageInfo: older.length
          ? { ...incoming.pageInfo, hasPreviousPage: existing.pageInfo.hasPreviousPage, startCursor: existing.pageInfo.startCursor }
          : incoming.pageInfo,
      };
    }
    const seen = new Set(existing.edges.map((e) => readField<string>('id', e.node)));
    const older = incoming.edges.filter((e) => !seen.has(readField<string>('id', e.node)));
    const edges = [...older, ...existing.edges].sort(bySeq);
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

/**
 * A newest-first list that a refetch of its first page brings up to date without losing the pages loaded after it:
 * the new first page, then what was loaded beyond its last edge (edges within its range that it no longer holds are
 * gone, e.g. deleted). Later pages (`after`) extend it.
 */
const newestFirstPages: FieldMergeFunction<ConnectionRef> = (existing, incoming, options) => {
  if (!existing || options.args?.after) return appendPages(existing, incoming, options);
  const { readField } = options;
  const last = incoming.edges[incoming.edges.length - 1];
  const at = last ? existing.edges.findIndex((e) => readField<string>('id', e.node) === readField<string>('id', last.node)) : -1;
  if (at < 0 || !incoming.pageInfo.hasNextPage) return incoming;
  return { ...incoming, edges: [...incoming.edges, ...existing.edges.slice(at + 1)], pageInfo: existing.pageInfo };
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
      // Newest first: a refetch (a new mention) updates the top, "Load more" (`after`) extends it.
      mentions: { keyArgs: false, merge: newestFirstPages },
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
