import { useEffect, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The elements Tab can reach inside `root`, in document order (visible ones only). */
export function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.getClientRects().length > 0 && !el.closest('[inert]'));
}

/**
 * Keeps Tab and Shift+Tab inside `ref` (a modal's content), wrapping at both ends, and on open focuses the first
 * field (an input, select or textarea; `[data-autofocus]` wins), else the first control that is not a close button.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, active = true) {
  useEffect(() => {
    const root = ref.current;
    if (!root || !active) return;
    const first =
      root.querySelector<HTMLElement>('[data-autofocus]') ??
      focusables(root).find((el) => el.matches('input, select, textarea')) ??
      focusables(root).find((el) => !el.matches('[data-close]')) ??
      focusables(root)[0];
    first?.focus();
    // On the document, not the root: when the focused control goes away (a result list re-rendering as results
    // arrive), the focus falls to <body>, outside the root, and a root listener would let the next Tab leave.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Tab') return;
      const current = document.activeElement as HTMLElement | null;
      // Focus inside another open dialog (one opened over or inside this one) is that dialog's to keep.
      const owner = current?.closest('dialog[open], [aria-modal="true"]');
      if (owner && owner !== root) return;
      const items = focusables(root);
      if (!items.length) return;
      const head = items[0]!;
      const tail = items[items.length - 1]!;
      if (e.shiftKey && (current === head || !root.contains(current))) {
        e.preventDefault();
        tail.focus();
      } else if (!e.shiftKey && (current === tail || !root.contains(current))) {
        e.preventDefault();
        head.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [ref, active]);
}
