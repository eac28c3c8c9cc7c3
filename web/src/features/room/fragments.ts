import { graphql } from '../../gql';

/**
 * A message as its sender's own send, edit and delete answers carry it: everything but `seenBy`. An answer is a snapshot of
 * the moment it was made, and it can reach the page after a reader's ReadMarkerMoved has added them to the cached
 * `seenBy`; the receipts come only from the room's ordered stream and the room's pages (`MessageItem_message`).
 */
export const MessageContentFragment = graphql(`
  fragment MessageContent_message on Message {
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
    attachments {
      id
      filename
      contentType
      size
      width
      height
      url
      thumbnailUrl
    }
    replyTo {
      id
      seq
      body
      deletedAt
      sender {
        id
        username
        displayName
      }
    }
    mentions {
      id
      username
    }
    mentionsMe
  }
`);

export const MessageItemFragment = graphql(`
  fragment MessageItem_message on Message {
    ...MessageContent_message
    seenBy(first: 10) {
      ...SeenByUser_user
    }
  }
`);

/** A cached message's `seenBy` alone (what a send answer, which lacks it, keeps: cache.ts). */
export const MessageSeenByFragment = graphql(`
  fragment MessageSeenBy_message on Message {
    id
    seenBy(first: 10) {
      ...SeenByUser_user
    }
  }
`);

/** A reader in Message.seenBy: what "Seen by" shows of them. */
export const SeenByUserFragment = graphql(`
  fragment SeenByUser_user on User {
    id
    username
    displayName
  }
`);

/** How many readers MessageItem_message's seenBy asks for (live read markers keep the cached lists at most this long). */
export const SEEN_BY_FIRST = 10;

/** A reader a live read marker names who is not in the cache yet (not among the members loaded): just them. */
export const ReadMarkerReaderQuery = graphql(`
  query ReadMarkerReader($id: ID!) {
    user(id: $id) {
      ...SeenByUser_user
    }
  }
`);

export const MemberItemFragment = graphql(`
  fragment MemberItem_member on Member {
    role
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
    # With the first page, so a blocked person's messages never show before the collapse knows them (blocked.ts).
    blockedUsers(first: 100) {
      edges {
        node {
          id
        }
      }
    }
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
      myLastReadSeq
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
      ...MessageContent_message
    }
  }
`);

export const EditMessageMutation = graphql(`
  mutation EditMessage($messageId: ID!, $body: String!) {
    editMessage(messageId: $messageId, body: $body) {
      ...MessageContent_message
    }
  }
`);

export const DeleteMessageMutation = graphql(`
  mutation DeleteMessage($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      ...MessageContent_message
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

/**
 * The answer carries the viewer's marker but not `unreadCount`: that count is a snapshot of when the server answered,
 * and an answer held up on its way would overwrite a newer count from RoomActivity (a message that came after the
 * read: its badge went away, and the room opened without its "New messages" line). The count comes from the RoomActivity
 * the read itself publishes to the viewer, in order with the rest of their news.
 */
export const MarkReadMutation = graphql(`
  mutation MarkRead($roomId: ID!, $seq: Int!) {
    markRead(roomId: $roomId, seq: $seq) {
      id
      myLastReadSeq
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

/** Hides a direct room from the viewer's list until its next message. */
export const HideRoomMutation = graphql(`
  mutation HideRoom($roomId: ID!) {
    hideRoom(roomId: $roomId)
  }
`);
