import { useEffect, useRef, useState, type RefObject } from 'react';

const HOLD_MS = 500;

/**
 * Touch long-press selects an element (e.g. a message, to show its actions). A press held for half a second, or
 * the browser's own long-press menu on a touch screen, selects; a tap anywhere outside deselects.
 */
export function useLongPress(ref: RefObject<HTMLElement | null>) {
  const [selected, setSelected] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!selected) return;
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) setSelected(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setSelected(false);
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [selected, ref]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const cancel = () => clearTimeout(timer.current);
  const handlers = {
    onPointerDown(e: { pointerType: string }) {
      if (e.pointerType !== 'touch') return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setSelected(true), HOLD_MS);
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    onPointerLeave: cancel,
    onContextMenu(e: { preventDefault(): void }) {
      if (!window.matchMedia('(hover: none)').matches) return;
      e.preventDefault();
      setSelected(true);
    },
  };
  return { selected, setSelected, handlers };
}
