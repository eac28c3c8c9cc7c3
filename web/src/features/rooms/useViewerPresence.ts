import { useApolloClient, useSubscription } from '@apollo/client/react';
import { graphql } from '../../gql';

const ViewerPresenceSubscription = graphql(`
  subscription ViewerPresence {
    viewerPresence {
      roomId
      isOnline
      lastSeenAt
      user {
        id
        isOnline
        lastSeenAt
      }
    }
  }
`);

/**
 * The online dots of the room list on one stream: the people the viewer shares a direct room with, coming online
 * and going offline, written to their User in the cache (so every view of them follows). The list refetches after
 * a reconnect, which covers what happened while the socket was away.
 */
export function useViewerPresence() {
  const client = useApolloClient();
  useSubscription(ViewerPresenceSubscription, {
    onData: ({ data }) => {
      const ev = data.data?.viewerPresence;
      if (!ev) return;
      client.cache.modify({
        id: client.cache.identify({ __typename: 'User', id: ev.user.id }),
        fields: { isOnline: () => ev.isOnline, lastSeenAt: (v) => ev.lastSeenAt ?? v },
      });
    },
  });
}
