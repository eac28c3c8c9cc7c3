import { useSyncExternalStore } from 'react';

/** Which person's profile card is open (one at a time, anywhere in the app): `openProfileCard(userId)`. */
let current: string | null = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function openProfileCard(userId: string) {
  current = userId;
  emit();
}

export function closeProfileCard() {
  current = null;
  emit();
}

export function useOpenProfileCard(): string | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
