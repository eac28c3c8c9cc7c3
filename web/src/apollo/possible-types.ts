/**
 * Which concrete types implement each interface or union, so the cache can match fragments on them
 * (`... on MessageAdded`). test/web/possible-types.test.ts fails when this drifts from schema.graphql.
 */
export const possibleTypes: Record<string, string[]> = {
  RoomEvent: [
    'AccessRevoked',
    'MemberJoined',
    'MemberLeft',
    'MemberRoleChanged',
    'MessageAdded',
    'MessageDeleted',
    'MessageEdited',
    'ReactionChanged',
    'ReadMarkerMoved',
    'ResyncRequired',
    'RoomDeleted',
    'RoomUpdated',
  ],
  ViewerEvent: ['AddedToRoom', 'ContactRemoved', 'ContactRequestChanged', 'InvitationChanged', 'InviteLinkChanged', 'JoinRequestChanged', 'RemovedFromRoom', 'RoomActivity', 'RoomBanChanged'],
  AuditTarget: ['Message', 'Room', 'User'],
};
