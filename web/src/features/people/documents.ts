import { graphql } from '../../gql';

export const ProfileCardUserFragment = graphql(`
  fragment ProfileCard_user on User {
    id
    username
    displayName
    isOnline
    lastSeenAt
    blockedByMe
    contactStatus
  }
`);

export const ProfileCardQuery = graphql(`
  query ProfileCard($id: ID!) {
    user(id: $id) {
      ...ProfileCard_user
    }
  }
`);

export const PeopleQuery = graphql(`
  query People {
    me {
      id
      whoCanMessageMe
    }
    contacts(first: 100) {
      edges {
        node {
          ...ProfileCard_user
        }
      }
    }
    contactRequests(first: 100) {
      edges {
        node {
          ...InboxContactRequest_request
        }
      }
    }
    blockedUsers(first: 100) {
      edges {
        node {
          ...ProfileCard_user
        }
      }
    }
  }
`);

export const SessionsQuery = graphql(`
  query Sessions {
    sessions {
      id
      device
      ip
      createdAt
      lastUsedAt
      current
    }
  }
`);

export const SendContactRequestMutation = graphql(`
  mutation SendContactRequest($userId: ID!) {
    sendContactRequest(userId: $userId) {
      id
      status
      from {
        id
        contactStatus
      }
      to {
        id
        contactStatus
      }
    }
  }
`);

export const AcceptContactMutation = graphql(`
  mutation AcceptContactRequest($id: ID!) {
    acceptContactRequest(id: $id) {
      id
      status
      from {
        id
        contactStatus
      }
    }
  }
`);

export const DeclineContactMutation = graphql(`
  mutation DeclineContactRequest($id: ID!) {
    declineContactRequest(id: $id) {
      id
      status
      from {
        id
        contactStatus
      }
    }
  }
`);

export const RemoveContactMutation = graphql(`
  mutation RemoveContact($userId: ID!) {
    removeContact(userId: $userId)
  }
`);

export const BlockUserMutation = graphql(`
  mutation BlockUser($userId: ID!) {
    blockUser(userId: $userId) {
      id
      blockedByMe
      contactStatus
    }
  }
`);

export const UnblockUserMutation = graphql(`
  mutation UnblockUser($userId: ID!) {
    unblockUser(userId: $userId) {
      id
      blockedByMe
    }
  }
`);

export const RevokeSessionMutation = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

export const WhoCanMessageMeMutation = graphql(`
  mutation UpdateWhoCanMessageMe($value: WhoCanMessageMe!) {
    updateProfile(input: { whoCanMessageMe: $value }) {
      id
      whoCanMessageMe
    }
  }
`);

export const OpenDirectMutation = graphql(`
  mutation OpenDirectFromProfile($userId: ID!) {
    createDirectRoom(userId: $userId) {
      id
    }
  }
`);
