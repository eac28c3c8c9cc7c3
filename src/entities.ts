import { AuditEvent } from './modules/audit/audit-event.entity.js';
import { PasswordReset } from './modules/auth/password-reset.entity.js';
import { Session } from './modules/auth/session.entity.js';
import { Message } from './modules/messages/message.entity.js';
import { Membership } from './modules/rooms/membership.entity.js';
import { RoomEvent } from './modules/rooms/room-event.entity.js';
import { Room } from './modules/rooms/room.entity.js';
import { User } from './modules/users/user.entity.js';
import { Mention } from './modules/mentions/mention.entity.js';
import { UserBlock } from './modules/blocks/user-block.entity.js';
import { Contact, ContactRequest } from './modules/contacts/contact.entity.js';
import { InviteLink } from './modules/invitations/invite-link.entity.js';
import { Invitation, JoinRequest } from './modules/invitations/invitation.entity.js';
import { RoomBan } from './modules/room-bans/room-ban.entity.js';

/** Every MikroORM entity, in one list shared by the app, the CLI and the migration generator. */
export const entities = [User, Session, PasswordReset, Room, Membership, Message, RoomEvent, AuditEvent, RoomBan, UserBlock, Contact, ContactRequest, InviteLink, Invitation, JoinRequest, Mention];
