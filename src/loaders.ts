import type { EntityManager } from '@mikro-orm/core';
import { createMessageLoaders } from './modules/messages/message.loaders.js';
import { createUploadLoaders } from './modules/uploads/upload.loaders.js';
import { createRoomLoaders, createViewerRoomLoaders } from './modules/rooms/room.loaders.js';
import { createUserLoaders } from './modules/users/user.loaders.js';
import { createMentionLoaders, createViewerMentionLoaders } from './modules/mentions/mention.loaders.js';
import { createViewerReceiptLoaders } from './modules/receipts/read-receipts.loaders.js';

/**
 * The DataLoaders whose answers are the same whoever asks (messages, users, rooms, attachments, mentions). A request
 * has its own; one room event has one set that every group's execution of it uses (the shared delivery's per-event
 * loads, src/modules/realtime/shared-execution.ts), so SQL per event does not grow with groups.
 */
export function createSharedLoaders(em: EntityManager) {
  const users = createUserLoaders(em);
  return {
    ...users,
    ...createRoomLoaders(em, users.userById),
    ...createMessageLoaders(em),
    ...createUploadLoaders(em),
    ...createMentionLoaders(em),
  };
}

export type SharedLoaders = ReturnType<typeof createSharedLoaders>;

/** Every DataLoader, built fresh per request and per subscription event (STYLE.md 6): the shared ones and the viewer's own. */
export function createLoaders(em: EntityManager, viewerId: string | null, shared: SharedLoaders = createSharedLoaders(em)) {
  return {
    ...shared,
    ...createViewerRoomLoaders(em, viewerId),
    ...createViewerMentionLoaders(em, viewerId),
    ...createViewerReceiptLoaders(em, viewerId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
