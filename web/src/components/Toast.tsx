import { useEffect, useSyncExternalStore } from 'react';

/** The outcome of an action ("Bob was banned.", "You left Design."), shown for a while and read out politely. */
let current: { text: string; id: number } | null = null;
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function showToast(text: string) {
  current = { text, id: nextId++ };
  emit();
}

function dismiss(id: number) {
  if (current?.id !== id) return;
  current = null;
  emit();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Rendered once by the signed-in layout; the region is always there, so screen readers hear what enters it. */
export function Toasts() {
  const toast = useSyncExternalStore(subscribe, () => current);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => dismiss(toast.id), 6000);
    return () => clearTimeout(t);
  }, [toast]);
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toast">
      {toast && (
        <div className="toast">
          <span>{toast.text}</span>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
