import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { showToast } from '../../components/Toast';
import { graphql } from '../../gql';
import type { InboxContactRequest_RequestFragment, InboxInvitation_InvitationFragment, JoinRequestItem_RequestFragment } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import { nameOf } from '../../lib/format';
import { navigate } from '../../lib/router';
import { ApproveJoinRequestMutation, RejectJoinRequestMutation } from '../room-settings/documents';
import { RoomListQuery } from '../rooms/RoomList';
import { AcceptContactMutation, DeclineContactMutation } from '../people/documents';
import { usePeopleNews } from './viewer-news';
import './inbox.css';

export const InboxInvitationFragment = graphql(`
  fragment InboxInvitation_invitation on Invitation {
    id
    status
    createdAt
    room {
      id
      name
      kind
    }
    inviter {
      id
      username
      displayName
    }
    invitee {
      id
    }
  }
`);

export const InboxContactRequestFragment = graphql(`
  fragment InboxContactRequest_request on ContactRequest {
    id
    status
    createdAt
    from {
      id
      username
      displayName
      contactStatus
    }
    to {
      id
      username
      displayName
      contactStatus
    }
  }
`);

export const InboxQuery = graphql(`
  query Inbox {
    invitations(first: 50) {
      edges {
        node {
          ...InboxInvitation_invitation
        }
      }
    }
    contactRequests(first: 50) {
      edges {
        node {
          ...InboxContactRequest_request
        }
      }
    }
  }
`);

export const RoomJoinRequestsQuery = graphql(`
  query RoomJoinRequests($id: ID!) {
    room(id: $id) {
      id
      joinRequests(first: 50) {
        edges {
          node {
            ...JoinRequestItem_request
          }
        }
      }
    }
  }
`);

const AcceptInvitationMutation = graphql(`
  mutation AcceptInvitation($id: ID!) {
    acceptInvitation(id: $id) {
      id
      myRole
    }
  }
`);

const DeclineInvitationMutation = graphql(`
  mutation DeclineInvitation($id: ID!) {
    declineInvitation(id: $id) {
      id
      status
    }
  }
`);

/**
 * The sidebar's notifications: invitations to rooms, contact requests to the viewer, and join requests to the groups
 * the viewer manages, each answered in place; kept current live by the people news on viewerEvents.
 */
export function Inbox({ viewerId }: { viewerId: string }) {
  const client = useApolloClient();
  const { data, refetch } = useQuery(InboxQuery, { fetchPolicy: 'cache-and-network' });
  // The groups the viewer manages come from the room list (kept current by its own events), never fetched again here.
  const { data: roomList } = useQuery(RoomListQuery, { fetchPolicy: 'cache-only' });
  const [requestsVersion, setRequestsVersion] = useState(0);
  usePeopleNews((news) => {
    // A room's bans and invite links are its settings screen's news, not the inbox's.
    if (news.__typename === 'RoomBanChanged' || news.__typename === 'InviteLinkChanged') return;
    void refetch().catch(() => undefined);
    if (news.__typename === 'JoinRequestChanged') {
      setRequestsVersion((v) => v + 1);
      const r = news.joinRequest;
      if (r.user.id === viewerId && r.status !== 'PENDING') {
        showToast(r.status === 'ACCEPTED' ? `You can now take part in ${r.room.name ?? 'the group'}.` : `Your request to join ${r.room.name ?? 'the group'} was not accepted.`);
      }
    }
    if (news.__typename === 'ContactRequestChanged' && news.contactRequest.status === 'ACCEPTED' && news.contactRequest.from.id === viewerId) {
      showToast(`${nameOf(news.contactRequest.to)} accepted your contact request.`);
    }
  });

  const invitations = (data?.invitations.edges.map((e) => e.node) ?? []).filter((i) => i.status === 'PENDING');
  const contactRequests = (data?.contactRequests.edges.map((e) => e.node) ?? []).filter((r) => r.status === 'PENDING' && r.to.id === viewerId);
  const managed = (roomList?.rooms.edges.map((e) => e.node) ?? []).filter((r) => r.kind === 'GROUP' && r.discoverable && (r.myRole === 'OWNER' || r.myRole === 'ADMIN'));
  const refreshRooms = () => client.refetchQueries({ include: [RoomListQuery] }).catch(() => undefined);

  return (
    <section className="inbox" aria-label="Notifications" data-testid="inbox">
      <ul className="inbox__list">
        {invitations.map((i) => (
          <InvitationItem key={i.id} invitation={i} onDone={refreshRooms} />
        ))}
        {contactRequests.map((r) => (
          <ContactRequestItem key={r.id} request={r} />
        ))}
        {managed.map((r) => (
          <JoinRequestsFor key={r.id} roomId={r.id} version={requestsVersion} />
        ))}
      </ul>
    </section>
  );
}

function Actions({ yes, no, label, onYes, onNo }: { yes: string; no: string; label: string; onYes: () => Promise<unknown>; onNo: () => Promise<unknown> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = (fn: () => Promise<unknown>) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <>
      <span className="inbox__actions">
        <button type="button" className="btn btn--small btn--primary" disabled={busy} aria-label={`${yes}: ${label}`} onClick={run(onYes)}>
          {yes}
        </button>
        <button type="button" className="btn btn--small" disabled={busy} aria-label={`${no}: ${label}`} onClick={run(onNo)}>
          {no}
        </button>
      </span>
      {error && (
        <span className="inbox__error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

function InvitationItem({ invitation: i, onDone }: { invitation: InboxInvitation_InvitationFragment; onDone: () => Promise<unknown> }) {
  const [accept] = useMutation(AcceptInvitationMutation, { refetchQueries: [InboxQuery] });
  const [decline] = useMutation(DeclineInvitationMutation, { refetchQueries: [InboxQuery] });
  const room = i.room.name ?? 'a room';
  const text = `${nameOf(i.inviter)} invited you to ${room}`;
  return (
    <li className="inbox__item" data-testid="inbox-invitation">
      <span className="inbox__text">
        <strong>{nameOf(i.inviter)}</strong> invited you to <strong>{room}</strong>
      </span>
      <Actions
        yes="Accept"
        no="Decline"
        label={text}
        onYes={async () => {
          const { data } = await accept({ variables: { id: i.id } });
          await onDone();
          if (data) navigate(`/rooms/${encodeURIComponent(data.acceptInvitation.id)}`);
        }}
        onNo={() => decline({ variables: { id: i.id } })}
      />
    </li>
  );
}

function ContactRequestItem({ request: r }: { request: InboxContactRequest_RequestFragment }) {
  const [accept] = useMutation(AcceptContactMutation, { refetchQueries: [InboxQuery] });
  const [decline] = useMutation(DeclineContactMutation, { refetchQueries: [InboxQuery] });
  const text = `${nameOf(r.from)} wants to be contacts`;
  return (
    <li className="inbox__item" data-testid="inbox-contact-request">
      <span className="inbox__text">
        <strong>{nameOf(r.from)}</strong> wants to be contacts
      </span>
      <Actions
        yes="Accept"
        no="Decline"
        label={text}
        onYes={async () => {
          await accept({ variables: { id: r.id } });
          showToast(`You and ${nameOf(r.from)} are now contacts.`);
        }}
        onNo={() => decline({ variables: { id: r.id } })}
      />
    </li>
  );
}

function JoinRequestsFor({ roomId, version }: { roomId: string; version: number }) {
  const { data, refetch } = useQuery(RoomJoinRequestsQuery, { variables: { id: roomId }, fetchPolicy: 'cache-and-network' });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else void refetch().catch(() => undefined);
  }, [version, refetch]);
  const requests = data?.room.joinRequests.edges.map((e) => e.node).filter((r) => r.status === 'PENDING') ?? [];
  return (
    <>
      {requests.map((r) => (
        <JoinRequestItem key={r.id} request={r} onDone={() => refetch()} />
      ))}
    </>
  );
}

function JoinRequestItem({ request: r, onDone }: { request: JoinRequestItem_RequestFragment; onDone: () => Promise<unknown> }) {
  const [approve] = useMutation(ApproveJoinRequestMutation);
  const [reject] = useMutation(RejectJoinRequestMutation);
  const room = r.room.name ?? 'your group';
  const text = `${nameOf(r.user)} asks to join ${room}`;
  return (
    <li className="inbox__item" data-testid="inbox-join-request">
      <span className="inbox__text">
        <strong>{nameOf(r.user)}</strong> asks to join <strong>{room}</strong>
        {r.message && <span className="inbox__note">“{r.message}”</span>}
      </span>
      <Actions yes="Approve" no="Reject" label={text} onYes={() => approve({ variables: { id: r.id } }).then(onDone)} onNo={() => reject({ variables: { id: r.id } }).then(onDone)} />
    </li>
  );
}
