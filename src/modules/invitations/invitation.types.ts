import { registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../common/connection.js';
import { InviteLink } from './invite-link.entity.js';
import { Invitation, JoinRequest } from './invitation.entity.js';

export const InviteLinkConnection = ConnectionType(InviteLink, 'InviteLink', 'invite link');
export type InviteLinkConnection = InstanceType<typeof InviteLinkConnection>;
export const InvitationConnection = ConnectionType(Invitation, 'Invitation', 'invitation');
export type InvitationConnection = InstanceType<typeof InvitationConnection>;
export const JoinRequestConnection = ConnectionType(JoinRequest, 'JoinRequest', 'join request');
export type JoinRequestConnection = InstanceType<typeof JoinRequestConnection>;

/** How the viewer stands towards a room, and so which button a client shows. */
export enum JoinState {
  MEMBER = 'MEMBER',
  OPEN = 'OPEN',
  PASSWORD = 'PASSWORD',
  REQUEST = 'REQUEST',
  REQUESTED = 'REQUESTED',
  INVITED = 'INVITED',
  BANNED = 'BANNED',
}

registerEnumType(JoinState, {
  name: 'JoinState',
  description: 'How the viewer stands towards a room: which way in, if any, is open to them.',
  valuesConfig: {
    MEMBER: { description: 'Already a member.' },
    OPEN: { description: 'A public room: joinRoom(roomId).' },
    PASSWORD: { description: 'A protected public room: joinRoom(roomId, password).' },
    REQUEST: { description: 'A discoverable group: requestToJoin(roomId, message).' },
    REQUESTED: { description: 'The viewer asked to join; the request is pending.' },
    INVITED: { description: 'The viewer holds a pending invitation (acceptInvitation).' },
    BANNED: { description: 'The viewer is banned from the room.' },
  },
});
