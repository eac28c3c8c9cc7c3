import { useApolloClient, useSubscription } from '@apollo/client/react';
import { PresenceSubscription } from './fragments';

/** Keeps the online flag of a room's members current in the cache (every view of those users follows). */
export function usePresence(roomId: string) {
  const client = useApolloClient();
  useSubscription(PresenceSubscription, {
    variables: { roomId },
    onData: ({ data }) => {
      const ev = data.data?.presence;
      if (!ev) return;
      client.cache.modify({
        id: client.cache.identify({ __typename: 'User', id: ev.user.id }),
        fields: { isOnline: () => ev.isOnline, lastSeenAt: (v) => ev.lastSeenAt ?? v },
      });
    },
  });
}
