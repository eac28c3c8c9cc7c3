import { useSubscription } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { graphql } from '../../gql';
import type { PeopleNewsSubscription } from '../../gql/graphql';

/**
 * News about people on viewerEvents (invitations, join requests, contact requests and removals, and for the rooms the
 * viewer manages, bans and invite links), read once by the
 * signed-in layout and handed to whichever screen is listening (the sidebar's inbox, the people and room settings
 * screens), so they update live without a stream each.
 */
export const PeopleNewsSubscriptionDoc = graphql(`
  subscription PeopleNews {
    viewerEvents {
      __typename
      roomId
      at
      ... on InvitationChanged {
        invitation {
          ...InboxInvitation_invitation
        }
      }
      ... on JoinRequestChanged {
        joinRequest {
          ...JoinRequestItem_request
        }
      }
      ... on ContactRequestChanged {
        contactRequest {
          ...InboxContactRequest_request
        }
      }
      ... on ContactRemoved {
        user {
          id
          contactStatus
        }
      }
      ... on RoomBanChanged {
        userId
        banned
      }
      ... on InviteLinkChanged {
        change
      }
    }
  }
`);

export type PeopleNews = PeopleNewsSubscription['viewerEvents'];
type Listener = (news: PeopleNews) => void;

const listeners = new Set<Listener>();

/** Subscribes once (in the signed-in layout) and hands every people event to the listeners. */
export function usePeopleNewsStream() {
  useSubscription(PeopleNewsSubscriptionDoc, {
    onData: ({ data }) => {
      const ev = data.data?.viewerEvents;
      if (!ev || ev.__typename === 'RoomActivity' || ev.__typename === 'AddedToRoom' || ev.__typename === 'RemovedFromRoom') return;
      for (const l of [...listeners]) l(ev);
    },
  });
}

/** Calls `fn` for each people event while the component is mounted. */
export function usePeopleNews(fn: Listener) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const l: Listener = (n) => ref.current(n);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
}
