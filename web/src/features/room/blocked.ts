import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { graphql } from '../../gql';

/**
 * The people the viewer blocked (the first 100, the most a page holds). Kept current in the cache by
 * apollo/block-cache whenever blockUser or unblockUser runs, so the collapse follows at once.
 */
export const BlockedUserIdsQuery = graphql(`
  query BlockedUserIds {
    blockedUsers(first: 100) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const NONE: ReadonlySet<string> = new Set();

/** Ids of the people the viewer blocked; empty until known (and when it cannot be loaded). */
export function useBlockedIds(): ReadonlySet<string> {
  const { data } = useQuery(BlockedUserIdsQuery, { fetchPolicy: 'cache-first' });
  const edges = data?.blockedUsers.edges;
  return useMemo(() => (edges?.length ? new Set(edges.map((e) => e.node.id)) : NONE), [edges]);
}
