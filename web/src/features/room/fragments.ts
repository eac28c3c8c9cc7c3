import { graphql } from '../../gql';

export const MessageItemFragment = graphql(`
  fragment MessageItem_message on Message {
    id
    seq
    body
    clientId
    createdAt
    editedAt
    deletedAt
    sender {
      id
      username
      displayName
    }
    reactions {
      emoji
      count
      reactedByMe
    }
    mentions {
      id
      username
    }
    mentionsMe
    seenBy(first: 10) {
      id
      username
      displayName
    }
  }
`);

export const MemberItemFragment = graphql(`
  fragment MemberItem_member on Member {
    role
    lastReadSeq
    user {
      id
      username
      displayName
      isOnline
      lastSeenAt
    }
  }
`);

export const MessagesPageFragment = graphql(`
  fragment MessagesPage_connection on MessageConnection {
    edges {
      cursor
      node {
        ...MessageItem_message
      }
    }
    pageInfo {
      hasPreviousPage
      startCursor
    }
  }
`);

export const PAGE_SIZE = 30;

export const RoomPageQuery = graphql(`
  query RoomPage($id: ID!, $last: Int!) {
    room(id: $id) {
      id
      kind
      name
      description
      myRole
      notificationLevel
      lastSeq
      memberCount
      unreadCount
      members(first: 100) {
        edges {
          node {
            ...MemberItem_member
          }
        }
      }
      messages(last: $last) {
        ...MessagesPage_connection
      }
    }
  }
`);

export const OlderMessagesQuery = graphql(`
  query OlderMessages($id: ID!, $last: Int!, $before: String!) {
    room(id: $id) {
      id
      messages(last: $last, before: $before) {
        ...MessagesPage_connection
      }
    }
  }
`);

export const RoomMembersQuery = graphql(`
  query RoomMembers($id: ID!) {
    room(id: $id) {
      id
      memberCount
      myRole
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

export const RoomEventsSubscription = graphql(`
  subscription RoomEvents($roomId: ID!, $afterSeq: Int) {
    roomEvents(roomId: $roomId, afterSeq: $afterSeq) {
      __typename
      seq
      roomId
      at
      ... on MessageAdded {
        message {
          ...MessageItem_message
        }
      }
      ... on MessageEdited {
        message {
          ...MessageItem_message
        }
      }
      ... on ReactionChanged {
        message {
          ...MessageItem_message
        }
      }
      ... on MessageDeleted {
        messageId
      }
      ... on MemberLeft {
        userId
      }
      ... on ReadMarkerMoved {
        readerId
        lastReadSeq
      }
      ... on RoomUpdated {
        room {
          id
          name
          description
        }
      }
      ... on AccessRevoked {
        reason
      }
    }
  }
`);

export const SendMessageMutation = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      ...MessageItem_message
    }
  }
`);

export const EditMessageMutation = graphql(`
  mutation EditMessage($messageId: ID!, $body: String!) {
    editMessage(messageId: $messageId, body: $body) {
      ...MessageItem_message
    }
  }
`);

export const DeleteMessageMutation = graphql(`
  mutation DeleteMessage($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      ...MessageItem_message
    }
  }
`);

export const AddReactionMutation = graphql(`
  mutation AddReaction($messageId: ID!, $emoji: String!) {
    addReaction(messageId: $messageId, emoji: $emoji) {
      id
      reactions {
        emoji
        count
        reactedByMe
      }
    }
  }
`);

export const RemoveReactionMutation = graphql(`
  mutation RemoveReaction($messageId: ID!, $emoji: String!) {
    removeReaction(messageId: $messageId, emoji: $emoji) {
      id
      reactions {
        emoji
        count
        reactedByMe
      }
    }
  }
`);

export const MarkReadMutation = graphql(`
  mutation MarkRead($roomId: ID!, $seq: Int!) {
    markRead(roomId: $roomId, seq: $seq) {
      id
      unreadCount
    }
  }
`);

export const SetTypingMutation = graphql(`
  mutation SetTyping($roomId: ID!, $isTyping: Boolean!) {
    setTyping(roomId: $roomId, isTyping: $isTyping)
  }
`);

export const TypingSubscription = graphql(`
  subscription Typing($roomId: ID!) {
    typing(roomId: $roomId) {
      isTyping
      user {
        id
        username
        displayName
      }
    }
  }
`);

export const PresenceSubscription = graphql(`
  subscription Presence($roomId: ID!) {
    presence(roomId: $roomId) {
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

export const LeaveRoomMutation = graphql(`
  mutation LeaveRoom($roomId: ID!) {
    leaveRoom(roomId: $roomId)
  }
`);
