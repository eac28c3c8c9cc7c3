import type { RefObject } from 'react';

interface History {
  loadOlder: () => Promise<unknown>;
  hasOlder: boolean;
  /** The oldest loaded message's seq. */
  oldestSeq: number | undefined;
}

const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));

/** Scrolls to a message of the room and flashes it, loading older pages until it is there (or there are no more). */
export async function jumpToMessage(history: RefObject<History>, id: string, seq: number): Promise<void> {
  for (let pages = 0; pages < 200; pages++) {
    const el = document.querySelector<HTMLElement>(`[data-testid="message"][data-id="${CSS.escape(id)}"]`);
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.classList.remove('msg--flash');
      void el.offsetWidth; // restart the animation
      el.classList.add('msg--flash');
      setTimeout(() => el.classList.remove('msg--flash'), 2000);
      return;
    }
    const { hasOlder, oldestSeq, loadOlder } = history.current;
    if (!hasOlder || (oldestSeq !== undefined && oldestSeq < seq)) return;
    await loadOlder();
    // Until React has rendered the page (the list's oldest seq moves).
    for (let i = 0; i < 120 && history.current.oldestSeq === oldestSeq; i++) await frame();
  }
}
