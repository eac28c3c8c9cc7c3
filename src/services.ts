import type { AppParts } from './context.js';
import { AdminService } from './modules/admin/admin.service.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuthService } from './modules/auth/auth.service.js';
import { MessageService } from './modules/messages/message.service.js';
import { RoomEventService } from './modules/rooms/room-events.service.js';
import { RoomService } from './modules/rooms/room.service.js';
import { UserService } from './modules/users/user.service.js';
import { SearchService } from './modules/search/search.service.js';
import { PresenceService } from './modules/realtime/presence.service.js';
import { RealtimeService } from './modules/realtime/realtime.service.js';
import { TypingService } from './modules/realtime/typing.service.js';
import { PeopleNewsService } from './modules/reach/people-news.js';
import { ReachService } from './modules/reach/reach.service.js';
import { BlockService } from './modules/blocks/block.service.js';
import { RoomBanService } from './modules/room-bans/room-ban.service.js';
import { RoomPasswordService } from './modules/room-access/room-password.service.js';
import { createStorage } from './modules/uploads/storage.js';
import { UploadService } from './modules/uploads/upload.service.js';

/** The app's services: stateless classes holding the rules, sharing the app's long-lived parts. */
export function createServices(app: () => AppParts) {
  const { config, pubsub, logger, rateLimiter } = app();
  const audit = new AuditService();
  const auth = new AuthService(app);
  const roomEvents = new RoomEventService(app);
  const rooms = new RoomService(app);
  const reach = new ReachService(config.database.kind);
  const peopleNews = new PeopleNewsService(pubsub, logger);
  return {
    audit,
    auth,
    users: new UserService(app),
    admin: new AdminService(app),
    roomEvents,
    realtime: new RealtimeService(app),
    presence: new PresenceService(app),
    typing: new TypingService(app),
    rooms,
    messages: new MessageService(app),
    uploads: uploadService(app()),
    search: new SearchService(app),
    reach,
    peopleNews,
    roomBans: new RoomBanService(rooms, roomEvents, audit, reach),
    roomPasswords: new RoomPasswordService(auth, rateLimiter, audit),
    blocks: new BlockService(reach, audit),
  };
}

export type Services = ReturnType<typeof createServices>;

/** Built from parts that exist before the services (createServer assigns them first). */
function uploadService(parts: AppParts): UploadService {
  const { config } = parts;
  return new UploadService(parts.orm, createStorage(config.uploads), config.uploads, config.database.kind, parts.rateLimiter, parts.logger, config.jwtSecret);
}
