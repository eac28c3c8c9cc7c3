import { graphql } from '../../gql';

/** Everything the room settings screen shows, for the room's OWNER and ADMINs. */
export const RoomSettingsQuery = graphql(`
  query RoomSettings($id: ID!) {
    room(id: $id) {
      id
      kind
      name
      description
      myRole
      memberCount
      hasPassword
      discoverable
      addPolicy
      members(first: 100) {
        edges {
          node {
            ...MemberItem_member
          }
        }
      }
    }
  }
`);

/** The lists only managers may read (bans, links, invitations, requests): asked for separately. */
export const RoomManageListsQuery = graphql(`
  query RoomManageLists($id: ID!) {
    room(id: $id) {
      id
      bans(first: 100) {
        totalCount
        edges {
          node {
            id
            reason
            createdAt
            user {
              id
              username
              displayName
            }
            bannedBy {
              id
              username
              displayName
            }
          }
        }
      }
      inviteLinks(first: 100) {
        edges {
          node {
            code
            url
            createdAt
            expiresAt
            uses
            usesLeft
            createdBy {
              id
              username
              displayName
            }
          }
        }
      }
      pendingInvitations(first: 100) {
        edges {
          node {
            id
            createdAt
            invitee {
              id
              username
              displayName
            }
            inviter {
              id
              username
              displayName
            }
          }
        }
      }
      joinRequests(first: 100) {
        edges {
          node {
            ...JoinRequestItem_request
          }
        }
      }
    }
  }
`);

export const JoinRequestItemFragment = graphql(`
  fragment JoinRequestItem_request on JoinRequest {
    id
    status
    message
    createdAt
    room {
      id
      name
    }
    user {
      id
      username
      displayName
    }
  }
`);

export const UpdateRoomMutation = graphql(`
  mutation UpdateRoom($roomId: ID!, $input: UpdateRoomInput!) {
    updateRoom(roomId: $roomId, input: $input) {
      id
      name
      description
      hasPassword
      discoverable
      addPolicy
    }
  }
`);

export const DeleteRoomMutation = graphql(`
  mutation DeleteRoom($roomId: ID!) {
    deleteRoom(roomId: $roomId)
  }
`);

export const SetMemberRoleMutation = graphql(`
  mutation SetMemberRole($roomId: ID!, $userId: ID!, $role: MemberRole!) {
    setMemberRole(roomId: $roomId, userId: $userId, role: $role) {
      id
      myRole
    }
  }
`);

export const RemoveMemberMutation = graphql(`
  mutation RemoveMember($roomId: ID!, $userId: ID!) {
    removeMember(roomId: $roomId, userId: $userId) {
      id
      memberCount
    }
  }
`);

export const BanFromRoomMutation = graphql(`
  mutation BanFromRoom($roomId: ID!, $userId: ID!, $reason: String) {
    banFromRoom(roomId: $roomId, userId: $userId, reason: $reason) {
      id
      memberCount
    }
  }
`);

export const UnbanFromRoomMutation = graphql(`
  mutation UnbanFromRoom($roomId: ID!, $userId: ID!) {
    unbanFromRoom(roomId: $roomId, userId: $userId) {
      id
    }
  }
`);

export const InviteToRoomMutation = graphql(`
  mutation InviteToRoom($roomId: ID!, $userId: ID!) {
    inviteToRoom(roomId: $roomId, userId: $userId) {
      id
      status
    }
  }
`);

export const CancelInvitationMutation = graphql(`
  mutation CancelInvitation($id: ID!) {
    cancelInvitation(id: $id) {
      id
      status
    }
  }
`);

export const CreateInviteLinkMutation = graphql(`
  mutation CreateInviteLink($roomId: ID!, $expiresInHours: Int, $maxUses: Int) {
    createInviteLink(roomId: $roomId, expiresInHours: $expiresInHours, maxUses: $maxUses) {
      code
      url
      expiresAt
      usesLeft
    }
  }
`);

export const RevokeInviteLinkMutation = graphql(`
  mutation RevokeInviteLink($code: String!) {
    revokeInviteLink(code: $code)
  }
`);

export const ApproveJoinRequestMutation = graphql(`
  mutation ApproveJoinRequest($id: ID!) {
    approveJoinRequest(id: $id) {
      id
      status
    }
  }
`);

export const RejectJoinRequestMutation = graphql(`
  mutation RejectJoinRequest($id: ID!) {
    rejectJoinRequest(id: $id) {
      id
      status
    }
  }
`);

/** Only what tells the screen to reload: member changes, settings changes, the room going away. */
export const RoomManageEventsSubscription = graphql(`
  subscription RoomManageEvents($roomId: ID!) {
    roomEvents(roomId: $roomId) {
      __typename
      seq
      roomId
      at
    }
  }
`);
