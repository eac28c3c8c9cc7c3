import type { EntityManager } from '@mikro-orm/core';
import { createRoomLoaders } from './modules/rooms/room.loaders.js';
import { createUserLoaders } from './modules/users/user.loaders.js';

/** Every DataLoader, built fresh per request and per subscription event (STYLE.md 6). */
export function createLoaders(em: EntityManager, viewerId: string | null) {
  return {
    ...createUserLoaders(em),
    ...createRoomLoaders(em, viewerId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
