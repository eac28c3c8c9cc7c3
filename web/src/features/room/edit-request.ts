import { useEffect, useRef } from 'react';

/** Lets the composer open the editor of a message (Up-arrow in an empty composer edits your last message). */
const editors = new Map<string, () => void>();

/** Opens the editor of `messageId`; false when that message is not on screen or not editable. */
export function requestEdit(messageId: string): boolean {
  const start = editors.get(messageId);
  start?.();
  return !!start;
}

/** Registers a message's "start editing" while it is editable by the viewer. */
export function useEditRequest(messageId: string, editable: boolean, start: () => void) {
  const fn = useRef(start);
  fn.current = start;
  useEffect(() => {
    if (!editable) return;
    const call = () => fn.current();
    editors.set(messageId, call);
    return () => {
      if (editors.get(messageId) === call) editors.delete(messageId);
    };
  }, [messageId, editable]);
}
