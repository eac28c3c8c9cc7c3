import type { SessionEndReason } from './modules/auth/session-end-reason.js';
import type { PeopleNews } from './modules/reach/people-news.js';
import type { PresenceMessage } from './modules/realtime/presence.service.js';
import type { TypingMessage } from './modules/realtime/typing.service.js';
import type { RemovedFromRoomReason } from './modules/realtime/realtime.types.js';
import type { MemberSnapshot } from './modules/rooms/member-snapshot.js';
import type { RoomEventMessage } from './modules/rooms/room-event.payloads.js';
import type { Role } from './modules/users/user.entity.js';

declare const payloadOf: unique symbol;

/** A topic name that knows what travels on it: `publish` and `subscribe` take and give that payload type. */
export type Topic<T> = string & { readonly [payloadOf]: T };

/** Control news for one user (every socket of the user listens on its connection; viewerEvents reads RoomRead). */
export type UserControlMessage =
  | { type: 'SessionRevoked'; userId: string; sessionId: string; reason: SessionEndReason }
  | { type: 'UserBanned'; userId: string }
  | { type: 'UserRoleChanged'; userId: string; role: Role }
  /** A setting the user's open sockets act on changed (today: whether they share and see read receipts). */
  | { type: 'UserSettingsChanged'; userId: string; shareReadReceipts: boolean }
  | { type: 'RoomRead'; userId: string; roomId: string; lastReadSeq: number };

/** Room-list news for one user's viewerEvents. */
export interface ViewerNewsMessage {
  type: 'ViewerEvent';
  kind: 'ADDED' | 'REMOVED' | 'ACTIVITY';
  roomId: string;
  seq: number;
  reason?: RemovedFromRoomReason;
  at: string;
  /** ACTIVITY: the member's own membership and counts as the fan-out read them (one statement for the whole room). */
  member?: MemberSnapshot;
  /**
   * ACTIVITY: the batch it belongs to (room and seq). The executions of one batch on an instance share one fork and
   * the viewer-independent loaders (the room, its last message, its first members), like one room event's groups.
   */
  loadsKey?: string;
}

const topic = <T>(name: string) => name as Topic<T>;

/** Topic names: per room and per user, never one global topic filtered per subscriber (DESIGN.md). */
export const topics = {
  /** Every logged change of the room (and the live-only RoomDeleted). */
  room: (roomId: string) => topic<RoomEventMessage>(`ROOM:${roomId}`),
  /** Typing starts and stops in the room. */
  typing: (roomId: string) => topic<TypingMessage>(`TYPING:${roomId}`),
  /** Presence changes of the room's members (fanned out per room when a user goes online or offline). */
  roomPresence: (roomId: string) => topic<PresenceMessage>(`PRESENCE:ROOM:${roomId}`),
  /** Control news for one user: SessionRevoked, UserBanned, UserRoleChanged, RoomRead. Every socket of the user listens. */
  user: (userId: string) => topic<UserControlMessage>(`USER:${userId}`),
  /**
   * Room-list news for one user (added, removed, activity): only viewerEvents streams listen, so the activity
   * published for every online member of a busy room reaches only the instances that will show it. People news
   * (invitations, join requests, contacts) travels here too.
   */
  viewer: (userId: string) => topic<ViewerNewsMessage | PeopleNews>(`VIEWER:${userId}`),
  /** Presence of the people one user shares a direct room with: only that user's viewerPresence streams listen. */
  viewerPresence: (userId: string) => topic<PresenceMessage>(`VIEWER_PRESENCE:${userId}`),
};
