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
    "\n  mutation RefreshToken($refreshToken: String!, $attempt: String) {\n    refreshToken(refreshToken: $refreshToken, attempt: $attempt) {\n      ...AuthFields\n    }\n  }\n": typeof types.RefreshTokenDocument,
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
    "\n  fragment InboxInvitation_invitation on Invitation {\n    id\n    status\n    createdAt\n    room {\n      id\n      name\n      kind\n    }\n    inviter {\n      id\n      username\n      displayName\n    }\n    invitee {\n      id\n    }\n  }\n": typeof types.InboxInvitation_InvitationFragmentDoc,
    "\n  fragment InboxContactRequest_request on ContactRequest {\n    id\n    status\n    createdAt\n    from {\n      id\n      username\n      displayName\n      contactStatus\n    }\n    to {\n      id\n      username\n      displayName\n      contactStatus\n    }\n  }\n": typeof types.InboxContactRequest_RequestFragmentDoc,
    "\n  query Inbox {\n    invitations(first: 50) {\n      edges {\n        node {\n          ...InboxInvitation_invitation\n        }\n      }\n    }\n    contactRequests(first: 50) {\n      edges {\n        node {\n          ...InboxContactRequest_request\n        }\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  query RoomJoinRequests($id: ID!) {\n    room(id: $id) {\n      id\n      joinRequests(first: 50) {\n        edges {\n          node {\n            ...JoinRequestItem_request\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomJoinRequestsDocument,
    "\n  mutation AcceptInvitation($id: ID!) {\n    acceptInvitation(id: $id) {\n      id\n      myRole\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  mutation DeclineInvitation($id: ID!) {\n    declineInvitation(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.DeclineInvitationDocument,
    "\n  subscription PeopleNews {\n    viewerEvents {\n      __typename\n      roomId\n      at\n      ... on InvitationChanged {\n        invitation {\n          ...InboxInvitation_invitation\n        }\n      }\n      ... on JoinRequestChanged {\n        joinRequest {\n          ...JoinRequestItem_request\n        }\n      }\n      ... on ContactRequestChanged {\n        contactRequest {\n          ...InboxContactRequest_request\n        }\n      }\n      ... on ContactRemoved {\n        user {\n          id\n          contactStatus\n        }\n      }\n      ... on RoomBanChanged {\n        userId\n        banned\n      }\n      ... on InviteLinkChanged {\n        change\n      }\n    }\n  }\n": typeof types.PeopleNewsDocument,
    "\n  query InvitePreview($code: String!) {\n    invitePreview(code: $code) {\n      code\n      roomId\n      name\n      description\n      kind\n      memberCount\n      hasPassword\n      isMember\n      expiresAt\n      usesLeft\n    }\n  }\n": typeof types.InvitePreviewDocument,
    "\n  mutation JoinByInvite($code: String!) {\n    joinByInvite(code: $code) {\n      id\n      name\n      kind\n      myRole\n    }\n  }\n": typeof types.JoinByInviteDocument,
    "\n  query Mentions($after: String) {\n    mentions(first: 20, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          seq\n          body\n          createdAt\n          mentionsMe\n          mentions {\n            id\n            username\n          }\n          sender {\n            id\n            username\n            displayName\n          }\n          room {\n            id\n            kind\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MentionsDocument,
    "\n  subscription MentionActivity {\n    viewerEvents {\n      __typename\n      roomId\n      ... on RoomActivity {\n        mentionCount\n      }\n    }\n  }\n": typeof types.MentionActivityDocument,
    "\n  mutation SetNotificationLevel($roomId: ID!, $level: NotificationLevel!) {\n    setNotificationLevel(roomId: $roomId, level: $level) {\n      id\n      notificationLevel\n    }\n  }\n": typeof types.SetNotificationLevelDocument,
    "\n  subscription NotifyEvents {\n    viewerEvents {\n      __typename\n      roomId\n      ... on RoomActivity {\n        unreadCount\n        mentionCount\n        room {\n          id\n          kind\n          name\n          notificationLevel\n          lastMessage {\n            id\n            body\n            createdAt\n            sender {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.NotifyEventsDocument,
    "\n  fragment ProfileCard_user on User {\n    id\n    username\n    displayName\n    isOnline\n    lastSeenAt\n    blockedByMe\n    contactStatus\n  }\n": typeof types.ProfileCard_UserFragmentDoc,
    "\n  query ProfileCard($id: ID!) {\n    user(id: $id) {\n      ...ProfileCard_user\n    }\n  }\n": typeof types.ProfileCardDocument,
    "\n  query People {\n    me {\n      id\n      whoCanMessageMe\n    }\n    contacts(first: 100) {\n      edges {\n        node {\n          ...ProfileCard_user\n        }\n      }\n    }\n    contactRequests(first: 100) {\n      edges {\n        node {\n          ...InboxContactRequest_request\n        }\n      }\n    }\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          ...ProfileCard_user\n        }\n      }\n    }\n  }\n": typeof types.PeopleDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      device\n      ip\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  mutation SendContactRequest($userId: ID!) {\n    sendContactRequest(userId: $userId) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n      to {\n        id\n        contactStatus\n      }\n    }\n  }\n": typeof types.SendContactRequestDocument,
    "\n  mutation AcceptContactRequest($id: ID!) {\n    acceptContactRequest(id: $id) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n    }\n  }\n": typeof types.AcceptContactRequestDocument,
    "\n  mutation DeclineContactRequest($id: ID!) {\n    declineContactRequest(id: $id) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n    }\n  }\n": typeof types.DeclineContactRequestDocument,
    "\n  mutation RemoveContact($userId: ID!) {\n    removeContact(userId: $userId)\n  }\n": typeof types.RemoveContactDocument,
    "\n  mutation BlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      blockedByMe\n      contactStatus\n    }\n  }\n": typeof types.BlockUserDocument,
    "\n  mutation UnblockUser($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n      blockedByMe\n    }\n  }\n": typeof types.UnblockUserDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation UpdateWhoCanMessageMe($value: WhoCanMessageMe!) {\n    updateProfile(input: { whoCanMessageMe: $value }) {\n      id\n      whoCanMessageMe\n    }\n  }\n": typeof types.UpdateWhoCanMessageMeDocument,
    "\n  mutation OpenDirectFromProfile($userId: ID!) {\n    createDirectRoom(userId: $userId) {\n      id\n    }\n  }\n": typeof types.OpenDirectFromProfileDocument,
    "\n  mutation AddToRoomFromSettings($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n": typeof types.AddToRoomFromSettingsDocument,
    "\n  query RoomSettings($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      memberCount\n      hasPassword\n      discoverable\n      addPolicy\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomSettingsDocument,
    "\n  query RoomManageLists($id: ID!) {\n    room(id: $id) {\n      id\n      bans(first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            reason\n            createdAt\n            user {\n              id\n              username\n              displayName\n            }\n            bannedBy {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      inviteLinks(first: 100) {\n        edges {\n          node {\n            code\n            url\n            createdAt\n            expiresAt\n            uses\n            usesLeft\n            createdBy {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      pendingInvitations(first: 100) {\n        edges {\n          node {\n            id\n            createdAt\n            invitee {\n              id\n              username\n              displayName\n            }\n            inviter {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      joinRequests(first: 100) {\n        edges {\n          node {\n            ...JoinRequestItem_request\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomManageListsDocument,
    "\n  fragment JoinRequestItem_request on JoinRequest {\n    id\n    status\n    message\n    createdAt\n    room {\n      id\n      name\n    }\n    user {\n      id\n      username\n      displayName\n    }\n  }\n": typeof types.JoinRequestItem_RequestFragmentDoc,
    "\n  mutation UpdateRoom($roomId: ID!, $input: UpdateRoomInput!) {\n    updateRoom(roomId: $roomId, input: $input) {\n      id\n      name\n      description\n      hasPassword\n      discoverable\n      addPolicy\n    }\n  }\n": typeof types.UpdateRoomDocument,
    "\n  mutation DeleteRoom($roomId: ID!) {\n    deleteRoom(roomId: $roomId)\n  }\n": typeof types.DeleteRoomDocument,
    "\n  mutation SetMemberRole($roomId: ID!, $userId: ID!, $role: MemberRole!) {\n    setMemberRole(roomId: $roomId, userId: $userId, role: $role) {\n      id\n      myRole\n    }\n  }\n": typeof types.SetMemberRoleDocument,
    "\n  mutation RemoveMember($roomId: ID!, $userId: ID!) {\n    removeMember(roomId: $roomId, userId: $userId) {\n      id\n      memberCount\n    }\n  }\n": typeof types.RemoveMemberDocument,
    "\n  mutation BanFromRoom($roomId: ID!, $userId: ID!, $reason: String) {\n    banFromRoom(roomId: $roomId, userId: $userId, reason: $reason) {\n      id\n      memberCount\n    }\n  }\n": typeof types.BanFromRoomDocument,
    "\n  mutation UnbanFromRoom($roomId: ID!, $userId: ID!) {\n    unbanFromRoom(roomId: $roomId, userId: $userId) {\n      id\n    }\n  }\n": typeof types.UnbanFromRoomDocument,
    "\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) {\n    inviteToRoom(roomId: $roomId, userId: $userId) {\n      id\n      status\n    }\n  }\n": typeof types.InviteToRoomDocument,
    "\n  mutation CancelInvitation($id: ID!) {\n    cancelInvitation(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.CancelInvitationDocument,
    "\n  mutation CreateInviteLink($roomId: ID!, $expiresInHours: Int, $maxUses: Int) {\n    createInviteLink(roomId: $roomId, expiresInHours: $expiresInHours, maxUses: $maxUses) {\n      code\n      url\n      expiresAt\n      usesLeft\n    }\n  }\n": typeof types.CreateInviteLinkDocument,
    "\n  mutation RevokeInviteLink($code: String!) {\n    revokeInviteLink(code: $code)\n  }\n": typeof types.RevokeInviteLinkDocument,
    "\n  mutation ApproveJoinRequest($id: ID!) {\n    approveJoinRequest(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.ApproveJoinRequestDocument,
    "\n  mutation RejectJoinRequest($id: ID!) {\n    rejectJoinRequest(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.RejectJoinRequestDocument,
    "\n  subscription RoomManageEvents($roomId: ID!) {\n    roomEvents(roomId: $roomId) {\n      __typename\n      seq\n      roomId\n      at\n    }\n  }\n": typeof types.RoomManageEventsDocument,
    "\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n": typeof types.AddMembersDocument,
    "\n  query BlockedUserIds {\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.BlockedUserIdsDocument,
    "\n  fragment MessageContent_message on Message {\n    id\n    seq\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      username\n      displayName\n    }\n    reactions {\n      emoji\n      count\n      reactedByMe\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      width\n      height\n      url\n      thumbnailUrl\n    }\n    replyTo {\n      id\n      seq\n      body\n      deletedAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    mentions {\n      id\n      username\n    }\n    mentionsMe\n  }\n": typeof types.MessageContent_MessageFragmentDoc,
    "\n  fragment MessageItem_message on Message {\n    ...MessageContent_message\n    seenBy(first: 10) {\n      ...SeenByUser_user\n    }\n  }\n": typeof types.MessageItem_MessageFragmentDoc,
    "\n  fragment MessageSeenBy_message on Message {\n    id\n    seenBy(first: 10) {\n      ...SeenByUser_user\n    }\n  }\n": typeof types.MessageSeenBy_MessageFragmentDoc,
    "\n  fragment SeenByUser_user on User {\n    id\n    username\n    displayName\n  }\n": typeof types.SeenByUser_UserFragmentDoc,
    "\n  query ReadMarkerReader($id: ID!) {\n    user(id: $id) {\n      ...SeenByUser_user\n    }\n  }\n": typeof types.ReadMarkerReaderDocument,
    "\n  fragment MemberItem_member on Member {\n    role\n    user {\n      id\n      username\n      displayName\n      isOnline\n      lastSeenAt\n    }\n  }\n": typeof types.MemberItem_MemberFragmentDoc,
    "\n  fragment MessagesPage_connection on MessageConnection {\n    edges {\n      cursor\n      node {\n        ...MessageItem_message\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n": typeof types.MessagesPage_ConnectionFragmentDoc,
    "\n  query RoomPage($id: ID!, $last: Int!) {\n    # With the first page, so a blocked person's messages never show before the collapse knows them (blocked.ts).\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      notificationLevel\n      lastSeq\n      memberCount\n      unreadCount\n      myLastReadSeq\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n      messages(last: $last) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n": typeof types.RoomPageDocument,
    "\n  query OlderMessages($id: ID!, $last: Int!, $before: String!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n": typeof types.OlderMessagesDocument,
    "\n  query RoomMembers($id: ID!) {\n    room(id: $id) {\n      id\n      memberCount\n      myRole\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomMembersDocument,
    "\n  subscription RoomEvents($roomId: ID!, $afterSeq: Int) {\n    roomEvents(roomId: $roomId, afterSeq: $afterSeq) {\n      __typename\n      seq\n      roomId\n      at\n      ... on MessageAdded {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageEdited {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on ReactionChanged {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageDeleted {\n        messageId\n      }\n      ... on MemberLeft {\n        userId\n      }\n      ... on ReadMarkerMoved {\n        readerId\n        lastReadSeq\n      }\n      ... on RoomUpdated {\n        room {\n          id\n          name\n          description\n        }\n      }\n      ... on AccessRevoked {\n        reason\n      }\n    }\n  }\n": typeof types.RoomEventsDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageContent_message\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation EditMessage($messageId: ID!, $body: String!) {\n    editMessage(messageId: $messageId, body: $body) {\n      ...MessageContent_message\n    }\n  }\n": typeof types.EditMessageDocument,
    "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...MessageContent_message\n    }\n  }\n": typeof types.DeleteMessageDocument,
    "\n  mutation AddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": typeof types.AddReactionDocument,
    "\n  mutation RemoveReaction($messageId: ID!, $emoji: String!) {\n    removeReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": typeof types.RemoveReactionDocument,
    "\n  mutation MarkRead($roomId: ID!, $seq: Int!) {\n    markRead(roomId: $roomId, seq: $seq) {\n      id\n      myLastReadSeq\n    }\n  }\n": typeof types.MarkReadDocument,
    "\n  mutation SetTyping($roomId: ID!, $isTyping: Boolean!) {\n    setTyping(roomId: $roomId, isTyping: $isTyping)\n  }\n": typeof types.SetTypingDocument,
    "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      isTyping\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": typeof types.TypingDocument,
    "\n  subscription Presence($roomId: ID!) {\n    presence(roomId: $roomId) {\n      isOnline\n      lastSeenAt\n      user {\n        id\n        isOnline\n        lastSeenAt\n      }\n    }\n  }\n": typeof types.PresenceDocument,
    "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": typeof types.LeaveRoomDocument,
    "\n  mutation HideRoom($roomId: ID!) {\n    hideRoom(roomId: $roomId)\n  }\n": typeof types.HideRoomDocument,
    "\n  query PublicRooms($search: String) {\n    publicRooms(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          description\n          memberCount\n          myRole\n          kind\n          joinState\n        }\n      }\n    }\n  }\n": typeof types.PublicRoomsDocument,
    "\n  mutation RequestToJoin($roomId: ID!) {\n    requestToJoin(roomId: $roomId) {\n      id\n      status\n      room {\n        id\n        joinState\n      }\n    }\n  }\n": typeof types.RequestToJoinDocument,
    "\n  mutation JoinRoom($roomId: ID!, $password: String) {\n    joinRoom(roomId: $roomId, password: $password) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n": typeof types.JoinRoomDocument,
    "\n  mutation CreatePublicRoom($input: CreatePublicRoomInput!) {\n    createPublicRoom(input: $input) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n": typeof types.CreatePublicRoomDocument,
    "\n  mutation CreateDirectRoom($userId: ID!) {\n    createDirectRoom(userId: $userId) {\n      ...RoomListItem_room\n    }\n  }\n": typeof types.CreateDirectRoomDocument,
    "\n  mutation CreateGroupRoom($input: CreateGroupRoomInput!) {\n    createGroupRoom(input: $input) {\n      ...RoomListItem_room\n    }\n  }\n": typeof types.CreateGroupRoomDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  fragment RoomListItem_room on Room {\n    id\n    kind\n    name\n    myRole\n    discoverable\n    lastActivityAt\n    unreadCount\n    myLastReadSeq\n    mentionCount\n    lastMessage {\n      id\n      body\n      deletedAt\n      createdAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    members(first: 2) {\n      edges {\n        node {\n          user {\n            id\n            username\n            displayName\n            isOnline\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomListItem_RoomFragmentDoc,
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
    "\n  mutation RefreshToken($refreshToken: String!, $attempt: String) {\n    refreshToken(refreshToken: $refreshToken, attempt: $attempt) {\n      ...AuthFields\n    }\n  }\n": types.RefreshTokenDocument,
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
    "\n  fragment InboxInvitation_invitation on Invitation {\n    id\n    status\n    createdAt\n    room {\n      id\n      name\n      kind\n    }\n    inviter {\n      id\n      username\n      displayName\n    }\n    invitee {\n      id\n    }\n  }\n": types.InboxInvitation_InvitationFragmentDoc,
    "\n  fragment InboxContactRequest_request on ContactRequest {\n    id\n    status\n    createdAt\n    from {\n      id\n      username\n      displayName\n      contactStatus\n    }\n    to {\n      id\n      username\n      displayName\n      contactStatus\n    }\n  }\n": types.InboxContactRequest_RequestFragmentDoc,
    "\n  query Inbox {\n    invitations(first: 50) {\n      edges {\n        node {\n          ...InboxInvitation_invitation\n        }\n      }\n    }\n    contactRequests(first: 50) {\n      edges {\n        node {\n          ...InboxContactRequest_request\n        }\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  query RoomJoinRequests($id: ID!) {\n    room(id: $id) {\n      id\n      joinRequests(first: 50) {\n        edges {\n          node {\n            ...JoinRequestItem_request\n          }\n        }\n      }\n    }\n  }\n": types.RoomJoinRequestsDocument,
    "\n  mutation AcceptInvitation($id: ID!) {\n    acceptInvitation(id: $id) {\n      id\n      myRole\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  mutation DeclineInvitation($id: ID!) {\n    declineInvitation(id: $id) {\n      id\n      status\n    }\n  }\n": types.DeclineInvitationDocument,
    "\n  subscription PeopleNews {\n    viewerEvents {\n      __typename\n      roomId\n      at\n      ... on InvitationChanged {\n        invitation {\n          ...InboxInvitation_invitation\n        }\n      }\n      ... on JoinRequestChanged {\n        joinRequest {\n          ...JoinRequestItem_request\n        }\n      }\n      ... on ContactRequestChanged {\n        contactRequest {\n          ...InboxContactRequest_request\n        }\n      }\n      ... on ContactRemoved {\n        user {\n          id\n          contactStatus\n        }\n      }\n      ... on RoomBanChanged {\n        userId\n        banned\n      }\n      ... on InviteLinkChanged {\n        change\n      }\n    }\n  }\n": types.PeopleNewsDocument,
    "\n  query InvitePreview($code: String!) {\n    invitePreview(code: $code) {\n      code\n      roomId\n      name\n      description\n      kind\n      memberCount\n      hasPassword\n      isMember\n      expiresAt\n      usesLeft\n    }\n  }\n": types.InvitePreviewDocument,
    "\n  mutation JoinByInvite($code: String!) {\n    joinByInvite(code: $code) {\n      id\n      name\n      kind\n      myRole\n    }\n  }\n": types.JoinByInviteDocument,
    "\n  query Mentions($after: String) {\n    mentions(first: 20, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          seq\n          body\n          createdAt\n          mentionsMe\n          mentions {\n            id\n            username\n          }\n          sender {\n            id\n            username\n            displayName\n          }\n          room {\n            id\n            kind\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MentionsDocument,
    "\n  subscription MentionActivity {\n    viewerEvents {\n      __typename\n      roomId\n      ... on RoomActivity {\n        mentionCount\n      }\n    }\n  }\n": types.MentionActivityDocument,
    "\n  mutation SetNotificationLevel($roomId: ID!, $level: NotificationLevel!) {\n    setNotificationLevel(roomId: $roomId, level: $level) {\n      id\n      notificationLevel\n    }\n  }\n": types.SetNotificationLevelDocument,
    "\n  subscription NotifyEvents {\n    viewerEvents {\n      __typename\n      roomId\n      ... on RoomActivity {\n        unreadCount\n        mentionCount\n        room {\n          id\n          kind\n          name\n          notificationLevel\n          lastMessage {\n            id\n            body\n            createdAt\n            sender {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n": types.NotifyEventsDocument,
    "\n  fragment ProfileCard_user on User {\n    id\n    username\n    displayName\n    isOnline\n    lastSeenAt\n    blockedByMe\n    contactStatus\n  }\n": types.ProfileCard_UserFragmentDoc,
    "\n  query ProfileCard($id: ID!) {\n    user(id: $id) {\n      ...ProfileCard_user\n    }\n  }\n": types.ProfileCardDocument,
    "\n  query People {\n    me {\n      id\n      whoCanMessageMe\n    }\n    contacts(first: 100) {\n      edges {\n        node {\n          ...ProfileCard_user\n        }\n      }\n    }\n    contactRequests(first: 100) {\n      edges {\n        node {\n          ...InboxContactRequest_request\n        }\n      }\n    }\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          ...ProfileCard_user\n        }\n      }\n    }\n  }\n": types.PeopleDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      device\n      ip\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n": types.SessionsDocument,
    "\n  mutation SendContactRequest($userId: ID!) {\n    sendContactRequest(userId: $userId) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n      to {\n        id\n        contactStatus\n      }\n    }\n  }\n": types.SendContactRequestDocument,
    "\n  mutation AcceptContactRequest($id: ID!) {\n    acceptContactRequest(id: $id) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n    }\n  }\n": types.AcceptContactRequestDocument,
    "\n  mutation DeclineContactRequest($id: ID!) {\n    declineContactRequest(id: $id) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n    }\n  }\n": types.DeclineContactRequestDocument,
    "\n  mutation RemoveContact($userId: ID!) {\n    removeContact(userId: $userId)\n  }\n": types.RemoveContactDocument,
    "\n  mutation BlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      blockedByMe\n      contactStatus\n    }\n  }\n": types.BlockUserDocument,
    "\n  mutation UnblockUser($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n      blockedByMe\n    }\n  }\n": types.UnblockUserDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": types.RevokeSessionDocument,
    "\n  mutation UpdateWhoCanMessageMe($value: WhoCanMessageMe!) {\n    updateProfile(input: { whoCanMessageMe: $value }) {\n      id\n      whoCanMessageMe\n    }\n  }\n": types.UpdateWhoCanMessageMeDocument,
    "\n  mutation OpenDirectFromProfile($userId: ID!) {\n    createDirectRoom(userId: $userId) {\n      id\n    }\n  }\n": types.OpenDirectFromProfileDocument,
    "\n  mutation AddToRoomFromSettings($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n": types.AddToRoomFromSettingsDocument,
    "\n  query RoomSettings($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      memberCount\n      hasPassword\n      discoverable\n      addPolicy\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n    }\n  }\n": types.RoomSettingsDocument,
    "\n  query RoomManageLists($id: ID!) {\n    room(id: $id) {\n      id\n      bans(first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            reason\n            createdAt\n            user {\n              id\n              username\n              displayName\n            }\n            bannedBy {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      inviteLinks(first: 100) {\n        edges {\n          node {\n            code\n            url\n            createdAt\n            expiresAt\n            uses\n            usesLeft\n            createdBy {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      pendingInvitations(first: 100) {\n        edges {\n          node {\n            id\n            createdAt\n            invitee {\n              id\n              username\n              displayName\n            }\n            inviter {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      joinRequests(first: 100) {\n        edges {\n          node {\n            ...JoinRequestItem_request\n          }\n        }\n      }\n    }\n  }\n": types.RoomManageListsDocument,
    "\n  fragment JoinRequestItem_request on JoinRequest {\n    id\n    status\n    message\n    createdAt\n    room {\n      id\n      name\n    }\n    user {\n      id\n      username\n      displayName\n    }\n  }\n": types.JoinRequestItem_RequestFragmentDoc,
    "\n  mutation UpdateRoom($roomId: ID!, $input: UpdateRoomInput!) {\n    updateRoom(roomId: $roomId, input: $input) {\n      id\n      name\n      description\n      hasPassword\n      discoverable\n      addPolicy\n    }\n  }\n": types.UpdateRoomDocument,
    "\n  mutation DeleteRoom($roomId: ID!) {\n    deleteRoom(roomId: $roomId)\n  }\n": types.DeleteRoomDocument,
    "\n  mutation SetMemberRole($roomId: ID!, $userId: ID!, $role: MemberRole!) {\n    setMemberRole(roomId: $roomId, userId: $userId, role: $role) {\n      id\n      myRole\n    }\n  }\n": types.SetMemberRoleDocument,
    "\n  mutation RemoveMember($roomId: ID!, $userId: ID!) {\n    removeMember(roomId: $roomId, userId: $userId) {\n      id\n      memberCount\n    }\n  }\n": types.RemoveMemberDocument,
    "\n  mutation BanFromRoom($roomId: ID!, $userId: ID!, $reason: String) {\n    banFromRoom(roomId: $roomId, userId: $userId, reason: $reason) {\n      id\n      memberCount\n    }\n  }\n": types.BanFromRoomDocument,
    "\n  mutation UnbanFromRoom($roomId: ID!, $userId: ID!) {\n    unbanFromRoom(roomId: $roomId, userId: $userId) {\n      id\n    }\n  }\n": types.UnbanFromRoomDocument,
    "\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) {\n    inviteToRoom(roomId: $roomId, userId: $userId) {\n      id\n      status\n    }\n  }\n": types.InviteToRoomDocument,
    "\n  mutation CancelInvitation($id: ID!) {\n    cancelInvitation(id: $id) {\n      id\n      status\n    }\n  }\n": types.CancelInvitationDocument,
    "\n  mutation CreateInviteLink($roomId: ID!, $expiresInHours: Int, $maxUses: Int) {\n    createInviteLink(roomId: $roomId, expiresInHours: $expiresInHours, maxUses: $maxUses) {\n      code\n      url\n      expiresAt\n      usesLeft\n    }\n  }\n": types.CreateInviteLinkDocument,
    "\n  mutation RevokeInviteLink($code: String!) {\n    revokeInviteLink(code: $code)\n  }\n": types.RevokeInviteLinkDocument,
    "\n  mutation ApproveJoinRequest($id: ID!) {\n    approveJoinRequest(id: $id) {\n      id\n      status\n    }\n  }\n": types.ApproveJoinRequestDocument,
    "\n  mutation RejectJoinRequest($id: ID!) {\n    rejectJoinRequest(id: $id) {\n      id\n      status\n    }\n  }\n": types.RejectJoinRequestDocument,
    "\n  subscription RoomManageEvents($roomId: ID!) {\n    roomEvents(roomId: $roomId) {\n      __typename\n      seq\n      roomId\n      at\n    }\n  }\n": types.RoomManageEventsDocument,
    "\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n": types.AddMembersDocument,
    "\n  query BlockedUserIds {\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.BlockedUserIdsDocument,
    "\n  fragment MessageContent_message on Message {\n    id\n    seq\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      username\n      displayName\n    }\n    reactions {\n      emoji\n      count\n      reactedByMe\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      width\n      height\n      url\n      thumbnailUrl\n    }\n    replyTo {\n      id\n      seq\n      body\n      deletedAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    mentions {\n      id\n      username\n    }\n    mentionsMe\n  }\n": types.MessageContent_MessageFragmentDoc,
    "\n  fragment MessageItem_message on Message {\n    ...MessageContent_message\n    seenBy(first: 10) {\n      ...SeenByUser_user\n    }\n  }\n": types.MessageItem_MessageFragmentDoc,
    "\n  fragment MessageSeenBy_message on Message {\n    id\n    seenBy(first: 10) {\n      ...SeenByUser_user\n    }\n  }\n": types.MessageSeenBy_MessageFragmentDoc,
    "\n  fragment SeenByUser_user on User {\n    id\n    username\n    displayName\n  }\n": types.SeenByUser_UserFragmentDoc,
    "\n  query ReadMarkerReader($id: ID!) {\n    user(id: $id) {\n      ...SeenByUser_user\n    }\n  }\n": types.ReadMarkerReaderDocument,
    "\n  fragment MemberItem_member on Member {\n    role\n    user {\n      id\n      username\n      displayName\n      isOnline\n      lastSeenAt\n    }\n  }\n": types.MemberItem_MemberFragmentDoc,
    "\n  fragment MessagesPage_connection on MessageConnection {\n    edges {\n      cursor\n      node {\n        ...MessageItem_message\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n": types.MessagesPage_ConnectionFragmentDoc,
    "\n  query RoomPage($id: ID!, $last: Int!) {\n    # With the first page, so a blocked person's messages never show before the collapse knows them (blocked.ts).\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      notificationLevel\n      lastSeq\n      memberCount\n      unreadCount\n      myLastReadSeq\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n      messages(last: $last) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n": types.RoomPageDocument,
    "\n  query OlderMessages($id: ID!, $last: Int!, $before: String!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n": types.OlderMessagesDocument,
    "\n  query RoomMembers($id: ID!) {\n    room(id: $id) {\n      id\n      memberCount\n      myRole\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n    }\n  }\n": types.RoomMembersDocument,
    "\n  subscription RoomEvents($roomId: ID!, $afterSeq: Int) {\n    roomEvents(roomId: $roomId, afterSeq: $afterSeq) {\n      __typename\n      seq\n      roomId\n      at\n      ... on MessageAdded {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageEdited {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on ReactionChanged {\n        message {\n          ...MessageItem_message\n        }\n      }\n      ... on MessageDeleted {\n        messageId\n      }\n      ... on MemberLeft {\n        userId\n      }\n      ... on ReadMarkerMoved {\n        readerId\n        lastReadSeq\n      }\n      ... on RoomUpdated {\n        room {\n          id\n          name\n          description\n        }\n      }\n      ... on AccessRevoked {\n        reason\n      }\n    }\n  }\n": types.RoomEventsDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageContent_message\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation EditMessage($messageId: ID!, $body: String!) {\n    editMessage(messageId: $messageId, body: $body) {\n      ...MessageContent_message\n    }\n  }\n": types.EditMessageDocument,
    "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...MessageContent_message\n    }\n  }\n": types.DeleteMessageDocument,
    "\n  mutation AddReaction($messageId: ID!, $emoji: String!) {\n    addReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": types.AddReactionDocument,
    "\n  mutation RemoveReaction($messageId: ID!, $emoji: String!) {\n    removeReaction(messageId: $messageId, emoji: $emoji) {\n      id\n      reactions {\n        emoji\n        count\n        reactedByMe\n      }\n    }\n  }\n": types.RemoveReactionDocument,
    "\n  mutation MarkRead($roomId: ID!, $seq: Int!) {\n    markRead(roomId: $roomId, seq: $seq) {\n      id\n      myLastReadSeq\n    }\n  }\n": types.MarkReadDocument,
    "\n  mutation SetTyping($roomId: ID!, $isTyping: Boolean!) {\n    setTyping(roomId: $roomId, isTyping: $isTyping)\n  }\n": types.SetTypingDocument,
    "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      isTyping\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": types.TypingDocument,
    "\n  subscription Presence($roomId: ID!) {\n    presence(roomId: $roomId) {\n      isOnline\n      lastSeenAt\n      user {\n        id\n        isOnline\n        lastSeenAt\n      }\n    }\n  }\n": types.PresenceDocument,
    "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": types.LeaveRoomDocument,
    "\n  mutation HideRoom($roomId: ID!) {\n    hideRoom(roomId: $roomId)\n  }\n": types.HideRoomDocument,
    "\n  query PublicRooms($search: String) {\n    publicRooms(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          description\n          memberCount\n          myRole\n          kind\n          joinState\n        }\n      }\n    }\n  }\n": types.PublicRoomsDocument,
    "\n  mutation RequestToJoin($roomId: ID!) {\n    requestToJoin(roomId: $roomId) {\n      id\n      status\n      room {\n        id\n        joinState\n      }\n    }\n  }\n": types.RequestToJoinDocument,
    "\n  mutation JoinRoom($roomId: ID!, $password: String) {\n    joinRoom(roomId: $roomId, password: $password) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n": types.JoinRoomDocument,
    "\n  mutation CreatePublicRoom($input: CreatePublicRoomInput!) {\n    createPublicRoom(input: $input) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n": types.CreatePublicRoomDocument,
    "\n  mutation CreateDirectRoom($userId: ID!) {\n    createDirectRoom(userId: $userId) {\n      ...RoomListItem_room\n    }\n  }\n": types.CreateDirectRoomDocument,
    "\n  mutation CreateGroupRoom($input: CreateGroupRoomInput!) {\n    createGroupRoom(input: $input) {\n      ...RoomListItem_room\n    }\n  }\n": types.CreateGroupRoomDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      username\n      displayName\n      email\n      role\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  fragment RoomListItem_room on Room {\n    id\n    kind\n    name\n    myRole\n    discoverable\n    lastActivityAt\n    unreadCount\n    myLastReadSeq\n    mentionCount\n    lastMessage {\n      id\n      body\n      deletedAt\n      createdAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    members(first: 2) {\n      edges {\n        node {\n          user {\n            id\n            username\n            displayName\n            isOnline\n          }\n        }\n      }\n    }\n  }\n": types.RoomListItem_RoomFragmentDoc,
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
export function graphql(source: "\n  mutation RefreshToken($refreshToken: String!, $attempt: String) {\n    refreshToken(refreshToken: $refreshToken, attempt: $attempt) {\n      ...AuthFields\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshToken($refreshToken: String!, $attempt: String) {\n    refreshToken(refreshToken: $refreshToken, attempt: $attempt) {\n      ...AuthFields\n    }\n  }\n"];
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
export function graphql(source: "\n  fragment InboxInvitation_invitation on Invitation {\n    id\n    status\n    createdAt\n    room {\n      id\n      name\n      kind\n    }\n    inviter {\n      id\n      username\n      displayName\n    }\n    invitee {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment InboxInvitation_invitation on Invitation {\n    id\n    status\n    createdAt\n    room {\n      id\n      name\n      kind\n    }\n    inviter {\n      id\n      username\n      displayName\n    }\n    invitee {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InboxContactRequest_request on ContactRequest {\n    id\n    status\n    createdAt\n    from {\n      id\n      username\n      displayName\n      contactStatus\n    }\n    to {\n      id\n      username\n      displayName\n      contactStatus\n    }\n  }\n"): (typeof documents)["\n  fragment InboxContactRequest_request on ContactRequest {\n    id\n    status\n    createdAt\n    from {\n      id\n      username\n      displayName\n      contactStatus\n    }\n    to {\n      id\n      username\n      displayName\n      contactStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox {\n    invitations(first: 50) {\n      edges {\n        node {\n          ...InboxInvitation_invitation\n        }\n      }\n    }\n    contactRequests(first: 50) {\n      edges {\n        node {\n          ...InboxContactRequest_request\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inbox {\n    invitations(first: 50) {\n      edges {\n        node {\n          ...InboxInvitation_invitation\n        }\n      }\n    }\n    contactRequests(first: 50) {\n      edges {\n        node {\n          ...InboxContactRequest_request\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomJoinRequests($id: ID!) {\n    room(id: $id) {\n      id\n      joinRequests(first: 50) {\n        edges {\n          node {\n            ...JoinRequestItem_request\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomJoinRequests($id: ID!) {\n    room(id: $id) {\n      id\n      joinRequests(first: 50) {\n        edges {\n          node {\n            ...JoinRequestItem_request\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($id: ID!) {\n    acceptInvitation(id: $id) {\n      id\n      myRole\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptInvitation($id: ID!) {\n    acceptInvitation(id: $id) {\n      id\n      myRole\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineInvitation($id: ID!) {\n    declineInvitation(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation DeclineInvitation($id: ID!) {\n    declineInvitation(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PeopleNews {\n    viewerEvents {\n      __typename\n      roomId\n      at\n      ... on InvitationChanged {\n        invitation {\n          ...InboxInvitation_invitation\n        }\n      }\n      ... on JoinRequestChanged {\n        joinRequest {\n          ...JoinRequestItem_request\n        }\n      }\n      ... on ContactRequestChanged {\n        contactRequest {\n          ...InboxContactRequest_request\n        }\n      }\n      ... on ContactRemoved {\n        user {\n          id\n          contactStatus\n        }\n      }\n      ... on RoomBanChanged {\n        userId\n        banned\n      }\n      ... on InviteLinkChanged {\n        change\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PeopleNews {\n    viewerEvents {\n      __typename\n      roomId\n      at\n      ... on InvitationChanged {\n        invitation {\n          ...InboxInvitation_invitation\n        }\n      }\n      ... on JoinRequestChanged {\n        joinRequest {\n          ...JoinRequestItem_request\n        }\n      }\n      ... on ContactRequestChanged {\n        contactRequest {\n          ...InboxContactRequest_request\n        }\n      }\n      ... on ContactRemoved {\n        user {\n          id\n          contactStatus\n        }\n      }\n      ... on RoomBanChanged {\n        userId\n        banned\n      }\n      ... on InviteLinkChanged {\n        change\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvitePreview($code: String!) {\n    invitePreview(code: $code) {\n      code\n      roomId\n      name\n      description\n      kind\n      memberCount\n      hasPassword\n      isMember\n      expiresAt\n      usesLeft\n    }\n  }\n"): (typeof documents)["\n  query InvitePreview($code: String!) {\n    invitePreview(code: $code) {\n      code\n      roomId\n      name\n      description\n      kind\n      memberCount\n      hasPassword\n      isMember\n      expiresAt\n      usesLeft\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinByInvite($code: String!) {\n    joinByInvite(code: $code) {\n      id\n      name\n      kind\n      myRole\n    }\n  }\n"): (typeof documents)["\n  mutation JoinByInvite($code: String!) {\n    joinByInvite(code: $code) {\n      id\n      name\n      kind\n      myRole\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Mentions($after: String) {\n    mentions(first: 20, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          seq\n          body\n          createdAt\n          mentionsMe\n          mentions {\n            id\n            username\n          }\n          sender {\n            id\n            username\n            displayName\n          }\n          room {\n            id\n            kind\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Mentions($after: String) {\n    mentions(first: 20, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          seq\n          body\n          createdAt\n          mentionsMe\n          mentions {\n            id\n            username\n          }\n          sender {\n            id\n            username\n            displayName\n          }\n          room {\n            id\n            kind\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MentionActivity {\n    viewerEvents {\n      __typename\n      roomId\n      ... on RoomActivity {\n        mentionCount\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription MentionActivity {\n    viewerEvents {\n      __typename\n      roomId\n      ... on RoomActivity {\n        mentionCount\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  fragment ProfileCard_user on User {\n    id\n    username\n    displayName\n    isOnline\n    lastSeenAt\n    blockedByMe\n    contactStatus\n  }\n"): (typeof documents)["\n  fragment ProfileCard_user on User {\n    id\n    username\n    displayName\n    isOnline\n    lastSeenAt\n    blockedByMe\n    contactStatus\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProfileCard($id: ID!) {\n    user(id: $id) {\n      ...ProfileCard_user\n    }\n  }\n"): (typeof documents)["\n  query ProfileCard($id: ID!) {\n    user(id: $id) {\n      ...ProfileCard_user\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query People {\n    me {\n      id\n      whoCanMessageMe\n    }\n    contacts(first: 100) {\n      edges {\n        node {\n          ...ProfileCard_user\n        }\n      }\n    }\n    contactRequests(first: 100) {\n      edges {\n        node {\n          ...InboxContactRequest_request\n        }\n      }\n    }\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          ...ProfileCard_user\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query People {\n    me {\n      id\n      whoCanMessageMe\n    }\n    contacts(first: 100) {\n      edges {\n        node {\n          ...ProfileCard_user\n        }\n      }\n    }\n    contactRequests(first: 100) {\n      edges {\n        node {\n          ...InboxContactRequest_request\n        }\n      }\n    }\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          ...ProfileCard_user\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions {\n    sessions {\n      id\n      device\n      ip\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n"): (typeof documents)["\n  query Sessions {\n    sessions {\n      id\n      device\n      ip\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendContactRequest($userId: ID!) {\n    sendContactRequest(userId: $userId) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n      to {\n        id\n        contactStatus\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendContactRequest($userId: ID!) {\n    sendContactRequest(userId: $userId) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n      to {\n        id\n        contactStatus\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptContactRequest($id: ID!) {\n    acceptContactRequest(id: $id) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptContactRequest($id: ID!) {\n    acceptContactRequest(id: $id) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineContactRequest($id: ID!) {\n    declineContactRequest(id: $id) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeclineContactRequest($id: ID!) {\n    declineContactRequest(id: $id) {\n      id\n      status\n      from {\n        id\n        contactStatus\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveContact($userId: ID!) {\n    removeContact(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation RemoveContact($userId: ID!) {\n    removeContact(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      blockedByMe\n      contactStatus\n    }\n  }\n"): (typeof documents)["\n  mutation BlockUser($userId: ID!) {\n    blockUser(userId: $userId) {\n      id\n      blockedByMe\n      contactStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnblockUser($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n      blockedByMe\n    }\n  }\n"): (typeof documents)["\n  mutation UnblockUser($userId: ID!) {\n    unblockUser(userId: $userId) {\n      id\n      blockedByMe\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWhoCanMessageMe($value: WhoCanMessageMe!) {\n    updateProfile(input: { whoCanMessageMe: $value }) {\n      id\n      whoCanMessageMe\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWhoCanMessageMe($value: WhoCanMessageMe!) {\n    updateProfile(input: { whoCanMessageMe: $value }) {\n      id\n      whoCanMessageMe\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenDirectFromProfile($userId: ID!) {\n    createDirectRoom(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation OpenDirectFromProfile($userId: ID!) {\n    createDirectRoom(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddToRoomFromSettings($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  mutation AddToRoomFromSettings($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomSettings($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      memberCount\n      hasPassword\n      discoverable\n      addPolicy\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomSettings($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      memberCount\n      hasPassword\n      discoverable\n      addPolicy\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomManageLists($id: ID!) {\n    room(id: $id) {\n      id\n      bans(first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            reason\n            createdAt\n            user {\n              id\n              username\n              displayName\n            }\n            bannedBy {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      inviteLinks(first: 100) {\n        edges {\n          node {\n            code\n            url\n            createdAt\n            expiresAt\n            uses\n            usesLeft\n            createdBy {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      pendingInvitations(first: 100) {\n        edges {\n          node {\n            id\n            createdAt\n            invitee {\n              id\n              username\n              displayName\n            }\n            inviter {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      joinRequests(first: 100) {\n        edges {\n          node {\n            ...JoinRequestItem_request\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomManageLists($id: ID!) {\n    room(id: $id) {\n      id\n      bans(first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            reason\n            createdAt\n            user {\n              id\n              username\n              displayName\n            }\n            bannedBy {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      inviteLinks(first: 100) {\n        edges {\n          node {\n            code\n            url\n            createdAt\n            expiresAt\n            uses\n            usesLeft\n            createdBy {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      pendingInvitations(first: 100) {\n        edges {\n          node {\n            id\n            createdAt\n            invitee {\n              id\n              username\n              displayName\n            }\n            inviter {\n              id\n              username\n              displayName\n            }\n          }\n        }\n      }\n      joinRequests(first: 100) {\n        edges {\n          node {\n            ...JoinRequestItem_request\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JoinRequestItem_request on JoinRequest {\n    id\n    status\n    message\n    createdAt\n    room {\n      id\n      name\n    }\n    user {\n      id\n      username\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment JoinRequestItem_request on JoinRequest {\n    id\n    status\n    message\n    createdAt\n    room {\n      id\n      name\n    }\n    user {\n      id\n      username\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRoom($roomId: ID!, $input: UpdateRoomInput!) {\n    updateRoom(roomId: $roomId, input: $input) {\n      id\n      name\n      description\n      hasPassword\n      discoverable\n      addPolicy\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateRoom($roomId: ID!, $input: UpdateRoomInput!) {\n    updateRoom(roomId: $roomId, input: $input) {\n      id\n      name\n      description\n      hasPassword\n      discoverable\n      addPolicy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRoom($roomId: ID!) {\n    deleteRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation DeleteRoom($roomId: ID!) {\n    deleteRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetMemberRole($roomId: ID!, $userId: ID!, $role: MemberRole!) {\n    setMemberRole(roomId: $roomId, userId: $userId, role: $role) {\n      id\n      myRole\n    }\n  }\n"): (typeof documents)["\n  mutation SetMemberRole($roomId: ID!, $userId: ID!, $role: MemberRole!) {\n    setMemberRole(roomId: $roomId, userId: $userId, role: $role) {\n      id\n      myRole\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($roomId: ID!, $userId: ID!) {\n    removeMember(roomId: $roomId, userId: $userId) {\n      id\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveMember($roomId: ID!, $userId: ID!) {\n    removeMember(roomId: $roomId, userId: $userId) {\n      id\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BanFromRoom($roomId: ID!, $userId: ID!, $reason: String) {\n    banFromRoom(roomId: $roomId, userId: $userId, reason: $reason) {\n      id\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  mutation BanFromRoom($roomId: ID!, $userId: ID!, $reason: String) {\n    banFromRoom(roomId: $roomId, userId: $userId, reason: $reason) {\n      id\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnbanFromRoom($roomId: ID!, $userId: ID!) {\n    unbanFromRoom(roomId: $roomId, userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation UnbanFromRoom($roomId: ID!, $userId: ID!) {\n    unbanFromRoom(roomId: $roomId, userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) {\n    inviteToRoom(roomId: $roomId, userId: $userId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) {\n    inviteToRoom(roomId: $roomId, userId: $userId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelInvitation($id: ID!) {\n    cancelInvitation(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CancelInvitation($id: ID!) {\n    cancelInvitation(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInviteLink($roomId: ID!, $expiresInHours: Int, $maxUses: Int) {\n    createInviteLink(roomId: $roomId, expiresInHours: $expiresInHours, maxUses: $maxUses) {\n      code\n      url\n      expiresAt\n      usesLeft\n    }\n  }\n"): (typeof documents)["\n  mutation CreateInviteLink($roomId: ID!, $expiresInHours: Int, $maxUses: Int) {\n    createInviteLink(roomId: $roomId, expiresInHours: $expiresInHours, maxUses: $maxUses) {\n      code\n      url\n      expiresAt\n      usesLeft\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeInviteLink($code: String!) {\n    revokeInviteLink(code: $code)\n  }\n"): (typeof documents)["\n  mutation RevokeInviteLink($code: String!) {\n    revokeInviteLink(code: $code)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveJoinRequest($id: ID!) {\n    approveJoinRequest(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveJoinRequest($id: ID!) {\n    approveJoinRequest(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectJoinRequest($id: ID!) {\n    rejectJoinRequest(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation RejectJoinRequest($id: ID!) {\n    rejectJoinRequest(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RoomManageEvents($roomId: ID!) {\n    roomEvents(roomId: $roomId) {\n      __typename\n      seq\n      roomId\n      at\n    }\n  }\n"): (typeof documents)["\n  subscription RoomManageEvents($roomId: ID!) {\n    roomEvents(roomId: $roomId) {\n      __typename\n      seq\n      roomId\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {\n    addMembers(roomId: $roomId, userIds: $userIds) {\n      id\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BlockedUserIds {\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BlockedUserIds {\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageContent_message on Message {\n    id\n    seq\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      username\n      displayName\n    }\n    reactions {\n      emoji\n      count\n      reactedByMe\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      width\n      height\n      url\n      thumbnailUrl\n    }\n    replyTo {\n      id\n      seq\n      body\n      deletedAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    mentions {\n      id\n      username\n    }\n    mentionsMe\n  }\n"): (typeof documents)["\n  fragment MessageContent_message on Message {\n    id\n    seq\n    body\n    clientId\n    createdAt\n    editedAt\n    deletedAt\n    sender {\n      id\n      username\n      displayName\n    }\n    reactions {\n      emoji\n      count\n      reactedByMe\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      width\n      height\n      url\n      thumbnailUrl\n    }\n    replyTo {\n      id\n      seq\n      body\n      deletedAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    mentions {\n      id\n      username\n    }\n    mentionsMe\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageItem_message on Message {\n    ...MessageContent_message\n    seenBy(first: 10) {\n      ...SeenByUser_user\n    }\n  }\n"): (typeof documents)["\n  fragment MessageItem_message on Message {\n    ...MessageContent_message\n    seenBy(first: 10) {\n      ...SeenByUser_user\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageSeenBy_message on Message {\n    id\n    seenBy(first: 10) {\n      ...SeenByUser_user\n    }\n  }\n"): (typeof documents)["\n  fragment MessageSeenBy_message on Message {\n    id\n    seenBy(first: 10) {\n      ...SeenByUser_user\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SeenByUser_user on User {\n    id\n    username\n    displayName\n  }\n"): (typeof documents)["\n  fragment SeenByUser_user on User {\n    id\n    username\n    displayName\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReadMarkerReader($id: ID!) {\n    user(id: $id) {\n      ...SeenByUser_user\n    }\n  }\n"): (typeof documents)["\n  query ReadMarkerReader($id: ID!) {\n    user(id: $id) {\n      ...SeenByUser_user\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MemberItem_member on Member {\n    role\n    user {\n      id\n      username\n      displayName\n      isOnline\n      lastSeenAt\n    }\n  }\n"): (typeof documents)["\n  fragment MemberItem_member on Member {\n    role\n    user {\n      id\n      username\n      displayName\n      isOnline\n      lastSeenAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessagesPage_connection on MessageConnection {\n    edges {\n      cursor\n      node {\n        ...MessageItem_message\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n"): (typeof documents)["\n  fragment MessagesPage_connection on MessageConnection {\n    edges {\n      cursor\n      node {\n        ...MessageItem_message\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomPage($id: ID!, $last: Int!) {\n    # With the first page, so a blocked person's messages never show before the collapse knows them (blocked.ts).\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      notificationLevel\n      lastSeq\n      memberCount\n      unreadCount\n      myLastReadSeq\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n      messages(last: $last) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n"): (typeof documents)["\n  query RoomPage($id: ID!, $last: Int!) {\n    # With the first page, so a blocked person's messages never show before the collapse knows them (blocked.ts).\n    blockedUsers(first: 100) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    room(id: $id) {\n      id\n      kind\n      name\n      description\n      myRole\n      notificationLevel\n      lastSeq\n      memberCount\n      unreadCount\n      myLastReadSeq\n      members(first: 100) {\n        edges {\n          node {\n            ...MemberItem_member\n          }\n        }\n      }\n      messages(last: $last) {\n        ...MessagesPage_connection\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageContent_message\n    }\n  }\n"): (typeof documents)["\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageContent_message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditMessage($messageId: ID!, $body: String!) {\n    editMessage(messageId: $messageId, body: $body) {\n      ...MessageContent_message\n    }\n  }\n"): (typeof documents)["\n  mutation EditMessage($messageId: ID!, $body: String!) {\n    editMessage(messageId: $messageId, body: $body) {\n      ...MessageContent_message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...MessageContent_message\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteMessage($messageId: ID!) {\n    deleteMessage(messageId: $messageId) {\n      ...MessageContent_message\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation MarkRead($roomId: ID!, $seq: Int!) {\n    markRead(roomId: $roomId, seq: $seq) {\n      id\n      myLastReadSeq\n    }\n  }\n"): (typeof documents)["\n  mutation MarkRead($roomId: ID!, $seq: Int!) {\n    markRead(roomId: $roomId, seq: $seq) {\n      id\n      myLastReadSeq\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation HideRoom($roomId: ID!) {\n    hideRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation HideRoom($roomId: ID!) {\n    hideRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublicRooms($search: String) {\n    publicRooms(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          description\n          memberCount\n          myRole\n          kind\n          joinState\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PublicRooms($search: String) {\n    publicRooms(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          description\n          memberCount\n          myRole\n          kind\n          joinState\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestToJoin($roomId: ID!) {\n    requestToJoin(roomId: $roomId) {\n      id\n      status\n      room {\n        id\n        joinState\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RequestToJoin($roomId: ID!) {\n    requestToJoin(roomId: $roomId) {\n      id\n      status\n      room {\n        id\n        joinState\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinRoom($roomId: ID!, $password: String) {\n    joinRoom(roomId: $roomId, password: $password) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n"): (typeof documents)["\n  mutation JoinRoom($roomId: ID!, $password: String) {\n    joinRoom(roomId: $roomId, password: $password) {\n      id\n      myRole\n      ...RoomListItem_room\n    }\n  }\n"];
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
export function graphql(source: "\n  fragment RoomListItem_room on Room {\n    id\n    kind\n    name\n    myRole\n    discoverable\n    lastActivityAt\n    unreadCount\n    myLastReadSeq\n    mentionCount\n    lastMessage {\n      id\n      body\n      deletedAt\n      createdAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    members(first: 2) {\n      edges {\n        node {\n          user {\n            id\n            username\n            displayName\n            isOnline\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment RoomListItem_room on Room {\n    id\n    kind\n    name\n    myRole\n    discoverable\n    lastActivityAt\n    unreadCount\n    myLastReadSeq\n    mentionCount\n    lastMessage {\n      id\n      body\n      deletedAt\n      createdAt\n      sender {\n        id\n        username\n        displayName\n      }\n    }\n    members(first: 2) {\n      edges {\n        node {\n          user {\n            id\n            username\n            displayName\n            isOnline\n          }\n        }\n      }\n    }\n  }\n"];
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