import type { EntityManager } from '@mikro-orm/core';
import { createUserLoaders } from './modules/users/user.loaders.js';

/** Every DataLoader, built fresh per request and per subscription event (STYLE.md 6). */
export function createLoaders(em: EntityManager, viewerId: string | null) {
  void viewerId;
  return {
    ...createUserLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
