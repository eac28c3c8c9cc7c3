/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    refreshToken\n    accessTokenExpiresAt\n    user {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n": typeof types.AuthFieldsFragmentDoc,
    "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthFields\n    }\n  }\n": typeof types.RefreshTokenDocument,
    "\n  query AdminUsers($filter: AdminUserFilter, $first: Int, $after: String) {\n    adminUsers(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AdminUserRow_user\n        }\n      }\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  fragment AdminUserRow_user on User {\n    id\n    username\n    displayName\n    email\n    role\n    isOnline\n    bannedAt\n    createdAt\n  }\n": typeof types.AdminUserRow_UserFragmentDoc,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          createdAt\n          ip\n          targetType\n          targetId\n          actor {\n            id\n            username\n            displayName\n          }\n          target {\n            __typename\n            ... on User {\n              id\n              username\n            }\n            ... on Room {\n              id\n              name\n              kind\n            }\n            ... on Message {\n              id\n              seq\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  mutation BanUser($userId: ID!, $reason: String) {\n    banUser(userId: $userId, reason: $reason) {\n      ...AdminUserRow_user\n    }\n  }\n": typeof types.BanUserDocument,
    "\n  mutation UnbanUser($userId: ID!) {\n    unbanUser(userId: $userId) {\n      ...AdminUserRow_user\n    }\n  }\n": typeof types.UnbanUserDocument,
    "\n  mutation SetUserRole($userId: ID!, $role: Role!) {\n    setUserRole(userId: $userId, role: $role) {\n      ...AdminUserRow_user\n    }\n  }\n": typeof types.SetUserRoleDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation SetNotificationLevel($roomId: ID!, $level: NotificationLevel!) {\n    setNotificationLevel(roomId: $roomId, level: $level) {\n      id\n      notificationLevel\n    }\n  }\n": typeof types.SetNotificationLevelDocument,
    "\n  subscription NotifyEvents {\n    viewerEvents {\n      __typename\n      roomId\n      ... on RoomActivity {\n        unreadCount\n        mentionCount\n        room {\n          id\n          kind\n          name\n          notificationLevel\n          lastMessage {\n            id\n            body\n            createdAt\n            sender {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.NotifyEventsDocument,
    "\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n": typeof types.AddMembersDocument,
    "\n  fragment MessageItem_message on Message {\n    id\n    seq\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      username\n      displayName\n    }\n    reactions {\n      emoji\n      count\n      reactedByMe\n    }\n    mentions {\n      id\n      username\n    }\n    mentionsMe\n    seenBy(first: 10) {\n      id\n      username\n      displayName\n    }\n  }\n": typeof types.MessageItem_MessageFragmentDoc,
    "\n  fragment MemberItem_member on Member {\n    role\n    lastReadSeq\n    user {\n      id\n      username\n      displayName\n      isOnline\n      lastSeenAt\n    }\n  }\n": typeof types.MemberItem_MemberFragmentDoc,
    "\n  fragment MessagesPage_connection on MessageConnection {\n    edges {\n      cursor\n      node {\n        ...MessageItem_message\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n": typeof types.MessagesPage_ConnectionFragmentDoc,
    "\n  query RoomPage($id: ID!, $last: Int!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      notificationLevel\n      lastSeq\n      memberCount\n      unreadCount\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n      messages(last: $last) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n": typeof types.RoomPageDocument,
    "\n  query OlderMessages($id: ID!, $last: Int!, $before: String!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n": typeof types.OlderMessagesDocument,
    "\n  query RoomMembers($id: ID!) {\n    room(id: $id) {\n      id\n      memberCount\n      myRole\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomMembersDocument,
    "\n  subscription RoomEvents($roomId: ID!, $afterSeq: Int) {\n    roomEvents(roomId: $roomId, afterSeq: $afterSeq) {\n      __typename\n      seq\n      roomId\n      at\n      ... on MessageAdded {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageEdited {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on ReactionChanged {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageDeleted {\n        messageId\n      }\n      ... on MemberLeft {\n        userId\n      }\n      ... on ReadMarkerMoved {\n        readerId\n        lastReadSeq\n      }\n      ... on RoomUpdated {\n        room {\n          id\n          name\n          description\n        }\n      }\n      ... on AccessRevoked {\n        reason\n      }\n    }\n  }\n": typeof types.RoomEventsDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageItem_message\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation EditMessage($messageId: ID!, $body: String!) {\n    editMessage(messageId: $messageId, body: $body) {\n      ...MessageItem_message\n    }\n  }\n": typeof types.EditMessageDocument,
    "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...MessageItem_message\n    }\n  }\n": typeof types.DeleteMessageDocument,
    "\n  mutation AddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": typeof types.AddReactionDocument,
    "\n  mutation RemoveReaction($messageId: ID!, $emoji: String!) {\n    removeReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": typeof types.RemoveReactionDocument,
    "\n  mutation MarkRead($roomId: ID!, $seq: Int!) {\n    markRead(roomId: $roomId, seq: $seq) {\n      id\n      unreadCount\n    }\n  }\n": typeof types.MarkReadDocument,
    "\n  mutation SetTyping($roomId: ID!, $isTyping: Boolean!) {\n    setTyping(roomId: $roomId, isTyping: $isTyping)\n  }\n": typeof types.SetTypingDocument,
    "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      isTyping\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": typeof types.TypingDocument,
    "\n  subscription Presence($roomId: ID!) {\n    presence(roomId: $roomId) {\n      isOnline\n      lastSeenAt\n      user {\n        id\n        isOnline\n        lastSeenAt\n      }\n    }\n  }\n": typeof types.PresenceDocument,
    "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": typeof types.LeaveRoomDocument,
    "\n  query PublicRooms($search: String) {\n    publicRooms(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          description\n          memberCount\n          myRole\n        }\n      }\n    }\n  }\n": typeof types.PublicRoomsDocument,
    "\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n": typeof types.JoinRoomDocument,
    "\n  mutation CreatePublicRoom($input: CreatePublicRoomInput!) {\n    createPublicRoom(input: $input) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n": typeof types.CreatePublicRoomDocument,
    "\n  mutation CreateDirectRoom($userId: ID!) {\n    createDirectRoom(userId: $userId) {\n      ...RoomListItem_room\n    }\n  }\n": typeof types.CreateDirectRoomDocument,
    "\n  mutation CreateGroupRoom($input: CreateGroupRoomInput!) {\n    createGroupRoom(input: $input) {\n      ...RoomListItem_room\n    }\n  }\n": typeof types.CreateGroupRoomDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  fragment RoomListItem_room on Room {\n    id\n    kind\n    name\n    lastActivityAt\n    unreadCount\n    lastMessage {\n      id\n      body\n      deletedAt\n      createdAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    members(first: 2) {\n      edges {\n        node {\n          user {\n            id\n            username\n            displayName\n            isOnline\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomListItem_RoomFragmentDoc,
    "\n  query RoomList($after: String) {\n    rooms(first: 50, after: $after) {\n      edges {\n        node {\n          ...RoomListItem_room\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.RoomListDocument,
    "\n  subscription ViewerEvents {\n    viewerEvents {\n      __typename\n      roomId\n      at\n      ... on RoomActivity {\n        lastSeq\n        unreadCount\n        room {\n          ...RoomListItem_room\n        }\n      }\n      ... on AddedToRoom {\n        room {\n          ...RoomListItem_room\n        }\n      }\n    }\n  }\n": typeof types.ViewerEventsDocument,
    "\n  query Me {\n    me {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  fragment UserPick_user on User {\n    id\n    username\n    displayName\n    isOnline\n  }\n": typeof types.UserPick_UserFragmentDoc,
    "\n  query SearchUsers($search: String, $first: Int) {\n    users(search: $search, first: $first) {\n      edges {\n        node {\n          ...UserPick_user\n        }\n      }\n    }\n  }\n": typeof types.SearchUsersDocument,
    "\n  subscription ViewerPresence {\n    viewerPresence {\n      roomId\n      isOnline\n      lastSeenAt\n      user {\n        id\n        isOnline\n        lastSeenAt\n      }\n    }\n  }\n": typeof types.ViewerPresenceDocument,
    "\n  query SearchMessages($query: String!, $roomId: ID, $after: String) {\n    searchMessages(query: $query, roomId: $roomId, orderBy: NEWEST, first: 20, after: $after) {\n      edges {\n        cursor\n        highlights {\n          start\n          end\n        }\n        node {\n          id\n          seq\n          body\n          createdAt\n          sender {\n            id\n            username\n            displayName\n          }\n          room {\n            id\n            name\n            kind\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SearchMessagesDocument,
};
const documents: Documents = {
    "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    refreshToken\n    accessTokenExpiresAt\n    user {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n": types.AuthFieldsFragmentDoc,
    "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthFields\n    }\n  }\n": types.RefreshTokenDocument,
    "\n  query AdminUsers($filter: AdminUserFilter, $first: Int, $after: String) {\n    adminUsers(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AdminUserRow_user\n        }\n      }\n    }\n  }\n": types.AdminUsersDocument,
    "\n  fragment AdminUserRow_user on User {\n    id\n    username\n    displayName\n    email\n    role\n    isOnline\n    bannedAt\n    createdAt\n  }\n": types.AdminUserRow_UserFragmentDoc,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          createdAt\n          ip\n          targetType\n          targetId\n          actor {\n            id\n            username\n            displayName\n          }\n          target {\n            __typename\n            ... on User {\n              id\n              username\n            }\n            ... on Room {\n              id\n              name\n              kind\n            }\n            ... on Message {\n              id\n              seq\n            }\n          }\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  mutation BanUser($userId: ID!, $reason: String) {\n    banUser(userId: $userId, reason: $reason) {\n      ...AdminUserRow_user\n    }\n  }\n": types.BanUserDocument,
    "\n  mutation UnbanUser($userId: ID!) {\n    unbanUser(userId: $userId) {\n      ...AdminUserRow_user\n    }\n  }\n": types.UnbanUserDocument,
    "\n  mutation SetUserRole($userId: ID!, $role: Role!) {\n    setUserRole(userId: $userId, role: $role) {\n      ...AdminUserRow_user\n    }\n  }\n": types.SetUserRoleDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthFields\n    }\n  }\n": types.LoginDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation SetNotificationLevel($roomId: ID!, $level: NotificationLevel!) {\n    setNotificationLevel(roomId: $roomId, level: $level) {\n      id\n      notificationLevel\n    }\n  }\n": types.SetNotificationLevelDocument,
    "\n  subscription NotifyEvents {\n    viewerEvents {\n      __typename\n      roomId\n      ... on RoomActivity {\n        unreadCount\n        mentionCount\n        room {\n          id\n          kind\n          name\n          notificationLevel\n          lastMessage {\n            id\n            body\n            createdAt\n            sender {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n": types.NotifyEventsDocument,
    "\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n": types.AddMembersDocument,
    "\n  fragment MessageItem_message on Message {\n    id\n    seq\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      username\n      displayName\n    }\n    reactions {\n      emoji\n      count\n      reactedByMe\n    }\n    mentions {\n      id\n      username\n    }\n    mentionsMe\n    seenBy(first: 10) {\n      id\n      username\n      displayName\n    }\n  }\n": types.MessageItem_MessageFragmentDoc,
    "\n  fragment MemberItem_member on Member {\n    role\n    lastReadSeq\n    user {\n      id\n      username\n      displayName\n      isOnline\n      lastSeenAt\n    }\n  }\n": types.MemberItem_MemberFragmentDoc,
    "\n  fragment MessagesPage_connection on MessageConnection {\n    edges {\n      cursor\n      node {\n        ...MessageItem_message\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n": types.MessagesPage_ConnectionFragmentDoc,
    "\n  query RoomPage($id: ID!, $last: Int!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      notificationLevel\n      lastSeq\n      memberCount\n      unreadCount\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n      messages(last: $last) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n": types.RoomPageDocument,
    "\n  query OlderMessages($id: ID!, $last: Int!, $before: String!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n": types.OlderMessagesDocument,
    "\n  query RoomMembers($id: ID!) {\n    room(id: $id) {\n      id\n      memberCount\n      myRole\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n    }\n  }\n": types.RoomMembersDocument,
    "\n  subscription RoomEvents($roomId: ID!, $afterSeq: Int) {\n    roomEvents(roomId: $roomId, afterSeq: $afterSeq) {\n      __typename\n      seq\n      roomId\n      at\n      ... on MessageAdded {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageEdited {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on ReactionChanged {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageDeleted {\n        messageId\n      }\n      ... on MemberLeft {\n        userId\n      }\n      ... on ReadMarkerMoved {\n        readerId\n        lastReadSeq\n      }\n      ... on RoomUpdated {\n        room {\n          id\n          name\n          description\n        }\n      }\n      ... on AccessRevoked {\n        reason\n      }\n    }\n  }\n": types.RoomEventsDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageItem_message\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation EditMessage($messageId: ID!, $body: String!) {\n    editMessage(messageId: $messageId, body: $body) {\n      ...MessageItem_message\n    }\n  }\n": types.EditMessageDocument,
    "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...MessageItem_message\n    }\n  }\n": types.DeleteMessageDocument,
    "\n  mutation AddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": types.AddReactionDocument,
    "\n  mutation RemoveReaction($messageId: ID!, $emoji: String!) {\n    removeReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": types.RemoveReactionDocument,
    "\n  mutation MarkRead($roomId: ID!, $seq: Int!) {\n    markRead(roomId: $roomId, seq: $seq) {\n      id\n      unreadCount\n    }\n  }\n": types.MarkReadDocument,
    "\n  mutation SetTyping($roomId: ID!, $isTyping: Boolean!) {\n    setTyping(roomId: $roomId, isTyping: $isTyping)\n  }\n": types.SetTypingDocument,
    "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      isTyping\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": types.TypingDocument,
    "\n  subscription Presence($roomId: ID!) {\n    presence(roomId: $roomId) {\n      isOnline\n      lastSeenAt\n      user {\n        id\n        isOnline\n        lastSeenAt\n      }\n    }\n  }\n": types.PresenceDocument,
    "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": types.LeaveRoomDocument,
    "\n  query PublicRooms($search: String) {\n    publicRooms(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          description\n          memberCount\n          myRole\n        }\n      }\n    }\n  }\n": types.PublicRoomsDocument,
    "\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n": types.JoinRoomDocument,
    "\n  mutation CreatePublicRoom($input: CreatePublicRoomInput!) {\n    createPublicRoom(input: $input) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n": types.CreatePublicRoomDocument,
    "\n  mutation CreateDirectRoom($userId: ID!) {\n    createDirectRoom(userId: $userId) {\n      ...RoomListItem_room\n    }\n  }\n": types.CreateDirectRoomDocument,
    "\n  mutation CreateGroupRoom($input: CreateGroupRoomInput!) {\n    createGroupRoom(input: $input) {\n      ...RoomListItem_room\n    }\n  }\n": types.CreateGroupRoomDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  fragment RoomListItem_room on Room {\n    id\n    kind\n    name\n    lastActivityAt\n    unreadCount\n    lastMessage {\n      id\n      body\n      deletedAt\n      createdAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    members(first: 2) {\n      edges {\n        node {\n          user {\n            id\n            username\n            displayName\n            isOnline\n          }\n        }\n      }\n    }\n  }\n": types.RoomListItem_RoomFragmentDoc,
    "\n  query RoomList($after: String) {\n    rooms(first: 50, after: $after) {\n      edges {\n        node {\n          ...RoomListItem_room\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.RoomListDocument,
    "\n  subscription ViewerEvents {\n    viewerEvents {\n      __typename\n      roomId\n      at\n      ... on RoomActivity {\n        lastSeq\n        unreadCount\n        room {\n          ...RoomListItem_room\n        }\n      }\n      ... on AddedToRoom {\n        room {\n          ...RoomListItem_room\n        }\n      }\n    }\n  }\n": types.ViewerEventsDocument,
    "\n  query Me {\n    me {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n": types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  fragment UserPick_user on User {\n    id\n    username\n    displayName\n    isOnline\n  }\n": types.UserPick_UserFragmentDoc,
    "\n  query SearchUsers($search: String, $first: Int) {\n    users(search: $search, first: $first) {\n      edges {\n        node {\n          ...UserPick_user\n        }\n      }\n    }\n  }\n": types.SearchUsersDocument,
    "\n  subscription ViewerPresence {\n    viewerPresence {\n      roomId\n      isOnline\n      lastSeenAt\n      user {\n        id\n        isOnline\n        lastSeenAt\n      }\n    }\n  }\n": types.ViewerPresenceDocument,
    "\n  query SearchMessages($query: String!, $roomId: ID, $after: String) {\n    searchMessages(query: $query, roomId: $roomId, orderBy: NEWEST, first: 20, after: $after) {\n      edges {\n        cursor\n        highlights {\n          start\n          end\n        }\n        node {\n          id\n          seq\n          body\n          createdAt\n          sender {\n            id\n            username\n            displayName\n          }\n          room {\n            id\n            name\n            kind\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SearchMessagesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    refreshToken\n    accessTokenExpiresAt\n    user {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n"): (typeof documents)["\n  fragment AuthFields on AuthPayload {\n    accessToken\n    refreshToken\n    accessTokenExpiresAt\n    user {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthFields\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers($filter: AdminUserFilter, $first: Int, $after: String) {\n    adminUsers(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AdminUserRow_user\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminUsers($filter: AdminUserFilter, $first: Int, $after: String) {\n    adminUsers(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AdminUserRow_user\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminUserRow_user on User {\n    id\n    username\n    displayName\n    email\n    role\n    isOnline\n    bannedAt\n    createdAt\n  }\n"): (typeof documents)["\n  fragment AdminUserRow_user on User {\n    id\n    username\n    displayName\n    email\n    role\n    isOnline\n    bannedAt\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          createdAt\n          ip\n          targetType\n          targetId\n          actor {\n            id\n            username\n            displayName\n          }\n          target {\n            __typename\n            ... on User {\n              id\n              username\n            }\n            ... on Room {\n              id\n              name\n              kind\n            }\n            ... on Message {\n              id\n              seq\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          createdAt\n          ip\n          targetType\n          targetId\n          actor {\n            id\n            username\n            displayName\n          }\n          target {\n            __typename\n            ... on User {\n              id\n              username\n            }\n            ... on Room {\n              id\n              name\n              kind\n            }\n            ... on Message {\n              id\n              seq\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BanUser($userId: ID!, $reason: String) {\n    banUser(userId: $userId, reason: $reason) {\n      ...AdminUserRow_user\n    }\n  }\n"): (typeof documents)["\n  mutation BanUser($userId: ID!, $reason: String) {\n    banUser(userId: $userId, reason: $reason) {\n      ...AdminUserRow_user\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnbanUser($userId: ID!) {\n    unbanUser(userId: $userId) {\n      ...AdminUserRow_user\n    }\n  }\n"): (typeof documents)["\n  mutation UnbanUser($userId: ID!) {\n    unbanUser(userId: $userId) {\n      ...AdminUserRow_user\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserRole($userId: ID!, $role: Role!) {\n    setUserRole(userId: $userId, role: $role) {\n      ...AdminUserRow_user\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserRole($userId: ID!, $role: Role!) {\n    setUserRole(userId: $userId, role: $role) {\n      ...AdminUserRow_user\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthFields\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNotificationLevel($roomId: ID!, $level: NotificationLevel!) {\n    setNotificationLevel(roomId: $roomId, level: $level) {\n      id\n      notificationLevel\n    }\n  }\n"): (typeof documents)["\n  mutation SetNotificationLevel($roomId: ID!, $level: NotificationLevel!) {\n    setNotificationLevel(roomId: $roomId, level: $level) {\n      id\n      notificationLevel\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotifyEvents {\n    viewerEvents {\n      __typename\n      roomId\n      ... on RoomActivity {\n        unreadCount\n        mentionCount\n        room {\n          id\n          kind\n          name\n          notificationLevel\n          lastMessage {\n            id\n            body\n            createdAt\n            sender {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription NotifyEvents {\n    viewerEvents {\n      __typename\n      roomId\n      ... on RoomActivity {\n        unreadCount\n        mentionCount\n        room {\n          id\n          kind\n          name\n          notificationLevel\n          lastMessage {\n            id\n            body\n            createdAt\n            sender {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageItem_message on Message {\n    id\n    seq\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      username\n      displayName\n    }\n    reactions {\n      emoji\n      count\n      reactedByMe\n    }\n    mentions {\n      id\n      username\n    }\n    mentionsMe\n    seenBy(first: 10) {\n      id\n      username\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment MessageItem_message on Message {\n    id\n    seq\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      username\n      displayName\n    }\n    reactions {\n      emoji\n      count\n      reactedByMe\n    }\n    mentions {\n      id\n      username\n    }\n    mentionsMe\n    seenBy(first: 10) {\n      id\n      username\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MemberItem_member on Member {\n    role\n    lastReadSeq\n    user {\n      id\n      username\n      displayName\n      isOnline\n      lastSeenAt\n    }\n  }\n"): (typeof documents)["\n  fragment MemberItem_member on Member {\n    role\n    lastReadSeq\n    user {\n      id\n      username\n      displayName\n      isOnline\n      lastSeenAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessagesPage_connection on MessageConnection {\n    edges {\n      cursor\n      node {\n        ...MessageItem_message\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n"): (typeof documents)["\n  fragment MessagesPage_connection on MessageConnection {\n    edges {\n      cursor\n      node {\n        ...MessageItem_message\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomPage($id: ID!, $last: Int!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      notificationLevel\n      lastSeq\n      memberCount\n      unreadCount\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n      messages(last: $last) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomPage($id: ID!, $last: Int!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      notificationLevel\n      lastSeq\n      memberCount\n      unreadCount\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n      messages(last: $last) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OlderMessages($id: ID!, $last: Int!, $before: String!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n"): (typeof documents)["\n  query OlderMessages($id: ID!, $last: Int!, $before: String!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomMembers($id: ID!) {\n    room(id: $id) {\n      id\n      memberCount\n      myRole\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomMembers($id: ID!) {\n    room(id: $id) {\n      id\n      memberCount\n      myRole\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RoomEvents($roomId: ID!, $afterSeq: Int) {\n    roomEvents(roomId: $roomId, afterSeq: $afterSeq) {\n      __typename\n      seq\n      roomId\n      at\n      ... on MessageAdded {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageEdited {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on ReactionChanged {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageDeleted {\n        messageId\n      }\n      ... on MemberLeft {\n        userId\n      }\n      ... on ReadMarkerMoved {\n        readerId\n        lastReadSeq\n      }\n      ... on RoomUpdated {\n        room {\n          id\n          name\n          description\n        }\n      }\n      ... on AccessRevoked {\n        reason\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription RoomEvents($roomId: ID!, $afterSeq: Int) {\n    roomEvents(roomId: $roomId, afterSeq: $afterSeq) {\n      __typename\n      seq\n      roomId\n      at\n      ... on MessageAdded {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageEdited {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on ReactionChanged {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageDeleted {\n        messageId\n      }\n      ... on MemberLeft {\n        userId\n      }\n      ... on ReadMarkerMoved {\n        readerId\n        lastReadSeq\n      }\n      ... on RoomUpdated {\n        room {\n          id\n          name\n          description\n        }\n      }\n      ... on AccessRevoked {\n        reason\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageItem_message\n    }\n  }\n"): (typeof documents)["\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageItem_message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditMessage($messageId: ID!, $body: String!) {\n    editMessage(messageId: $messageId, body: $body) {\n      ...MessageItem_message\n    }\n  }\n"): (typeof documents)["\n  mutation EditMessage($messageId: ID!, $body: String!) {\n    editMessage(messageId: $messageId, body: $body) {\n      ...MessageItem_message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...MessageItem_message\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...MessageItem_message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveReaction($messageId: ID!, $emoji: String!) {\n    removeReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveReaction($messageId: ID!, $emoji: String!) {\n    removeReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkRead($roomId: ID!, $seq: Int!) {\n    markRead(roomId: $roomId, seq: $seq) {\n      id\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation MarkRead($roomId: ID!, $seq: Int!) {\n    markRead(roomId: $roomId, seq: $seq) {\n      id\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTyping($roomId: ID!, $isTyping: Boolean!) {\n    setTyping(roomId: $roomId, isTyping: $isTyping)\n  }\n"): (typeof documents)["\n  mutation SetTyping($roomId: ID!, $isTyping: Boolean!) {\n    setTyping(roomId: $roomId, isTyping: $isTyping)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      isTyping\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      isTyping\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Presence($roomId: ID!) {\n    presence(roomId: $roomId) {\n      isOnline\n      lastSeenAt\n      user {\n        id\n        isOnline\n        lastSeenAt\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription Presence($roomId: ID!) {\n    presence(roomId: $roomId) {\n      isOnline\n      lastSeenAt\n      user {\n        id\n        isOnline\n        lastSeenAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublicRooms($search: String) {\n    publicRooms(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          description\n          memberCount\n          myRole\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PublicRooms($search: String) {\n    publicRooms(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          description\n          memberCount\n          myRole\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n"): (typeof documents)["\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePublicRoom($input: CreatePublicRoomInput!) {\n    createPublicRoom(input: $input) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePublicRoom($input: CreatePublicRoomInput!) {\n    createPublicRoom(input: $input) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDirectRoom($userId: ID!) {\n    createDirectRoom(userId: $userId) {\n      ...RoomListItem_room\n    }\n  }\n"): (typeof documents)["\n  mutation CreateDirectRoom($userId: ID!) {\n    createDirectRoom(userId: $userId) {\n      ...RoomListItem_room\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGroupRoom($input: CreateGroupRoomInput!) {\n    createGroupRoom(input: $input) {\n      ...RoomListItem_room\n    }\n  }\n"): (typeof documents)["\n  mutation CreateGroupRoom($input: CreateGroupRoomInput!) {\n    createGroupRoom(input: $input) {\n      ...RoomListItem_room\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RoomListItem_room on Room {\n    id\n    kind\n    name\n    lastActivityAt\n    unreadCount\n    lastMessage {\n      id\n      body\n      deletedAt\n      createdAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    members(first: 2) {\n      edges {\n        node {\n          user {\n            id\n            username\n            displayName\n            isOnline\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment RoomListItem_room on Room {\n    id\n    kind\n    name\n    lastActivityAt\n    unreadCount\n    lastMessage {\n      id\n      body\n      deletedAt\n      createdAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    members(first: 2) {\n      edges {\n        node {\n          user {\n            id\n            username\n            displayName\n            isOnline\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomList($after: String) {\n    rooms(first: 50, after: $after) {\n      edges {\n        node {\n          ...RoomListItem_room\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomList($after: String) {\n    rooms(first: 50, after: $after) {\n      edges {\n        node {\n          ...RoomListItem_room\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ViewerEvents {\n    viewerEvents {\n      __typename\n      roomId\n      at\n      ... on RoomActivity {\n        lastSeq\n        unreadCount\n        room {\n          ...RoomListItem_room\n        }\n      }\n      ... on AddedToRoom {\n        room {\n          ...RoomListItem_room\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ViewerEvents {\n    viewerEvents {\n      __typename\n      roomId\n      at\n      ... on RoomActivity {\n        lastSeq\n        unreadCount\n        room {\n          ...RoomListItem_room\n        }\n      }\n      ... on AddedToRoom {\n        room {\n          ...RoomListItem_room\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserPick_user on User {\n    id\n    username\n    displayName\n    isOnline\n  }\n"): (typeof documents)["\n  fragment UserPick_user on User {\n    id\n    username\n    displayName\n    isOnline\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchUsers($search: String, $first: Int) {\n    users(search: $search, first: $first) {\n      edges {\n        node {\n          ...UserPick_user\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchUsers($search: String, $first: Int) {\n    users(search: $search, first: $first) {\n      edges {\n        node {\n          ...UserPick_user\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ViewerPresence {\n    viewerPresence {\n      roomId\n      isOnline\n      lastSeenAt\n      user {\n        id\n        isOnline\n        lastSeenAt\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ViewerPresence {\n    viewerPresence {\n      roomId\n      isOnline\n      lastSeenAt\n      user {\n        id\n        isOnline\n        lastSeenAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchMessages($query: String!, $roomId: ID, $after: String) {\n    searchMessages(query: $query, roomId: $roomId, orderBy: NEWEST, first: 20, after: $after) {\n      edges {\n        cursor\n        highlights {\n          start\n          end\n        }\n        node {\n          id\n          seq\n          body\n          createdAt\n          sender {\n            id\n            username\n            displayName\n          }\n          room {\n            id\n            name\n            kind\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchMessages($query: String!, $roomId: ID, $after: String) {\n    searchMessages(query: $query, roomId: $roomId, orderBy: NEWEST, first: 20, after: $after) {\n      edges {\n        cursor\n        highlights {\n          start\n          end\n        }\n        node {\n          id\n          seq\n          body\n          createdAt\n          sender {\n            id\n            username\n            displayName\n          }\n          room {\n            id\n            name\n            kind\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;