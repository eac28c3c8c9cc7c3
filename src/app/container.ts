import type { MikroORM } from '@mikro-orm/core';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../mailer.js';
import type { AppPubSub } from '../pubsub.js';
import type { RateLimiter } from '../rate-limit.js';
import { AdminService } from '../modules/admin/admin.service.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { MessageService } from '../modules/messages/message.service.js';
import { ConnectionService } from '../modules/realtime/connection.service.js';
import { PresenceService } from '../modules/realtime/presence.service.js';
import { RoomStreamService } from '../modules/realtime/room-stream.service.js';
import { TypingService } from '../modules/realtime/typing.service.js';
import { ViewerNewsService } from '../modules/realtime/viewer-news.service.js';
import { ViewerPresenceService } from '../modules/realtime/viewer-presence.service.js';
import { RoomEventService } from '../modules/rooms/room-events.service.js';
import { MembershipService } from '../modules/rooms/membership.service.js';
import { RoomCreationService } from '../modules/rooms/room-creation.service.js';
import { RoomDeletionService } from '../modules/rooms/room-deletion.service.js';
import { RoomUpdateService } from '../modules/rooms/room-update.service.js';
import { RoomService } from '../modules/rooms/room.service.js';
import { UserService } from '../modules/users/user.service.js';
import { BlockService } from '../modules/blocks/block.service.js';
import { PeopleNewsService } from '../modules/reach/people-news.js';
import { ReachService } from '../modules/reach/reach.service.js';
import { RoomPasswordService } from '../modules/room-access/room-password.service.js';
import { RoomBanService } from '../modules/room-bans/room-ban.service.js';
import { SearchService } from '../modules/search/search.service.js';
import { createStorage } from '../modules/uploads/storage.js';
import { UploadService } from '../modules/uploads/upload.service.js';
import { SessionService } from '../modules/sessions/session.service.js';
import { HiddenRoomService } from '../modules/blocks/hidden-rooms.service.js';
import { MentionService } from '../modules/mentions/mention.service.js';
import { ContactService } from '../modules/contacts/contact.service.js';
import { InviteLinkService } from '../modules/invitations/invite-link.service.js';
import { InvitationService } from '../modules/invitations/invitation.service.js';
import { JoinRequestService } from '../modules/invitations/join-request.service.js';

/** The long-lived parts every service may be given: built before the services, closed after them. */
export interface Infrastructure {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  pubsub: AppPubSub;
  mailer: Mailer;
  rateLimiter: RateLimiter;
}

/**
 * The composition root: every service gets what it uses through its constructor, here and only here. A new service
 * is one line (after the services it needs); a service that needs another one later in this list is a cycle to
 * break, not to hide (connections tell presence about sockets through `listeners`, because presence opens streams
 * through connections).
 */
export function createServices(infra: Infrastructure) {
  const { config, logger, orm, pubsub, mailer, rateLimiter } = infra;
  const audit = new AuditService();
  const auth = new AuthService({ config, pubsub, rateLimiter, mailer, audit });
  const roomEvents = new RoomEventService({ config, pubsub, logger });
  const reach = new ReachService(config.database.kind);
  const peopleNews = new PeopleNewsService(pubsub, logger);
  const roomPasswords = new RoomPasswordService(auth, rateLimiter, audit);
  const uploads = new UploadService(orm, createStorage(config.uploads), config.uploads, config.database.kind, rateLimiter, logger, config.jwtSecret);
  const rooms = new RoomService({ config, pubsub, roomEvents, reach });
  const roomCreation = new RoomCreationService({ config, rateLimiter, roomEvents, audit, reach, roomPasswords });
  const roomDeletion = new RoomDeletionService({ roomEvents, audit, uploads });
  const memberships = new MembershipService({ config, rateLimiter, rooms, roomEvents, roomDeletion, audit, reach, roomPasswords, peopleNews });
  const roomUpdates = new RoomUpdateService({ rooms, roomEvents, audit, roomPasswords });
  const roomBans = new RoomBanService(rooms, roomEvents, audit, reach, peopleNews);
  const blocks = new BlockService(reach, audit);
  const inviteLinks = new InviteLinkService(rooms, roomEvents, audit, reach, peopleNews, rateLimiter, config.database.kind);
  const invitations = new InvitationService(rooms, roomEvents, audit, reach, peopleNews);
  const joinRequests = new JoinRequestService(rooms, roomEvents, audit, reach, peopleNews, rateLimiter);
  const contacts = new ContactService(reach, audit, peopleNews, rateLimiter);
  const sessions = new SessionService(auth, audit);
  const hiddenRooms = new HiddenRoomService(rooms, audit, peopleNews);
  const search = new SearchService({ config, rooms });
  const users = new UserService({ config, audit, auth, memberships, uploads, roomEvents, mailer, pubsub, logger });
  const admin = new AdminService({ config, pubsub, audit, auth });
  const mentions = new MentionService(config.database.kind);
  const messages = new MessageService({ config, rateLimiter, roomEvents, rooms, audit, reach, mentions, uploads });
  // Realtime: connections first (every stream registers with its socket), then each kind of stream.
  const connections = new ConnectionService({ pubsub, logger });
  const streams = { orm, pubsub, rooms, connections };
  const viewerPresence = new ViewerPresenceService({ orm, pubsub, connections });
  const presence = new PresenceService({ ...streams, config, logger, viewerPresence });
  connections.listeners.push(presence);
  const typing = new TypingService({ ...streams, logger, rateLimiter });
  const roomStreams = new RoomStreamService({ ...streams, config, roomEvents });
  const viewerNews = new ViewerNewsService({ orm, pubsub, logger, presence, typing, roomEvents, connections });
  return {
    audit, auth, users, admin, roomEvents, rooms, roomCreation, memberships, roomUpdates, roomDeletion, messages, connections, presence, viewerPresence, typing, roomStreams, viewerNews,
    search, mentions, reach, peopleNews, roomPasswords, roomBans, blocks, inviteLinks, invitations, joinRequests, contacts, sessions, hiddenRooms, uploads,
  };
}

export type Services = ReturnType<typeof createServices>;

/** Starts the services' background work: token expiry sweep, presence heartbeats, viewer news, the upload sweep. */
export function startServices(services: Services) {
  services.connections.start();
  services.presence.start();
  services.viewerNews.start();
  services.uploads.start();
}

/** Stops it, after the sockets were closed. */
export async function stopServices(services: Services) {
  services.uploads.stop();
  await services.viewerNews.stop();
  await services.connections.stop();
  services.typing.stop();
  await services.presence.stop();
}
