import { ApolloLink, type ApolloCache, type Reference } from '@apollo/client';
import { tap } from 'rxjs';

interface EdgeRef {
  __typename?: string;
  cursor?: string;
  node: Reference;
}

/**
 * Keeps who the viewer blocked current in the cache, whichever screen runs `blockUser` or `unblockUser` and whatever
 * it selects: the person's `blockedByMe` and every `blockedUsers` list held (newest first, as the server orders them).
 * Messages from blocked people collapse from that list (features/room/blocked.ts), so they react at once.
 */
export function blockCacheLink(cache: ApolloCache): ApolloLink {
  return new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      tap((result) => {
        const data = result.data as Record<string, { id?: string } | null> | null | undefined;
        if (!data) return;
        for (const [field, blocked] of [['blockUser', true], ['unblockUser', false]] as const) {
          const id = data[field]?.id;
          if (id) applyBlock(cache, id, blocked);
        }
      }),
    ),
  );
}

function applyBlock(cache: ApolloCache, userId: string, blocked: boolean) {
  const id = cache.identify({ __typename: 'User', id: userId });
  if (id) cache.modify({ id, fields: { blockedByMe: () => blocked } });
  cache.modify<Record<string, unknown>>({
    id: 'ROOT_QUERY',
    fields: {
      blockedUsers(existing, { readField, toReference }) {
        const list = existing as { edges?: EdgeRef[]; totalCount?: number } | undefined;
        if (!list?.edges) return existing;
        const others = list.edges.filter((e) => readField<string>('id', e.node) !== userId);
        const had = others.length !== list.edges.length;
        // Written into the store if the person was not there yet (the mutation's own answer is written after this).
        const node = blocked ? toReference({ __typename: 'User', id: userId, blockedByMe: true }, true) : undefined;
        if (blocked && (had || !node)) return existing;
        if (!blocked && !had) return existing;
        const edges = node ? [{ __typename: 'UserEdge', cursor: list.edges[0]?.cursor ?? '', node }, ...others] : others;
        return { ...list, edges, ...(typeof list.totalCount === 'number' ? { totalCount: list.totalCount + (blocked ? 1 : -1) } : {}) };
      },
    },
  });
}
