import type { EntityManager } from '@mikro-orm/core';
import { createRoomLoaders } from './modules/rooms/room.loaders.js';
import { createUserLoaders } from './modules/users/user.loaders.js';
import { createMentionLoaders } from './modules/mentions/mention.loaders.js';
import { createReceiptLoaders } from './modules/receipts/read-receipts.loaders.js';

/** Every DataLoader, built fresh per request and per subscription event (STYLE.md 6). */
export function createLoaders(em: EntityManager, viewerId: string | null) {
  const users = createUserLoaders(em);
  return {
    ...users,
    ...createRoomLoaders(em, viewerId, users.userById),
    ...createMentionLoaders(em, viewerId),
    ...createReceiptLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
