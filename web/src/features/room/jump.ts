import type { RefObject } from 'react';

interface History {
  loadOlder: () => Promise<unknown>;
  hasOlder: boolean;
  /** The oldest loaded message's seq. */
  oldestSeq: number | undefined;
}

/** Scrolls to the element and tells the list at once that it is no longer at the bottom (so it does not pin back). */
function show(el: HTMLElement) {
  el.scrollIntoView({ block: 'center' });
  el.closest('[data-testid="history"]')?.dispatchEvent(new Event('scroll'));
}

function inView(el: HTMLElement): boolean {
  const r = el.getBoundingClientRect();
  const box = el.closest('[data-testid="history"]')?.getBoundingClientRect();
  return !!box && r.top >= box.top && r.bottom <= box.bottom;
}

const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));

/** Scrolls to a message of the room and flashes it, loading older pages until it is there (or there are no more). */
export async function jumpToMessage(history: RefObject<History>, id: string, seq: number): Promise<void> {
  for (let pages = 0; pages < 200; pages++) {
    const el = document.querySelector<HTMLElement>(`[data-testid="message"][data-id="${CSS.escape(id)}"]`);
    if (el) {
      show(el);
      // Older pages render their images after this: keep the message in view while the layout settles.
      for (const ms of [150, 500, 1200]) setTimeout(() => inView(el) || show(el), ms);
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
