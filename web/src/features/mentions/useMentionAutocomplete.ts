import { useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

/** Someone the composer can mention (a member of the room), or `@room`. */
export interface MentionOption {
  id: string;
  username: string;
  displayName?: string | null;
  /** `@room`: every member (groups, for their OWNER and ADMIN). */
  everyone?: boolean;
}

const MAX_OPTIONS = 8;
/** The `@word` being typed, just before the caret: `@` at the start or after a space or punctuation, as the server parses. */
const TYPING = /(?:^|[^\p{L}\p{N}_.@-])@([A-Za-z0-9_.-]{0,32})$/u;

interface Query {
  /** Where the `@` is. */
  start: number;
  /** The caret (end of the typed name). */
  end: number;
  text: string;
}

function findQuery(el: HTMLTextAreaElement | null): Query | null {
  if (!el || el.selectionStart !== el.selectionEnd) return null;
  const end = el.selectionStart;
  const m = TYPING.exec(el.value.slice(0, end));
  if (!m) return null;
  return { start: end - m[1]!.length - 1, end, text: m[1]!.toLowerCase() };
}

/** Members whose username, or a word of whose display name, starts with what was typed; usernames first. */
export function matchMentions(options: readonly MentionOption[], typed: string): MentionOption[] {
  const q = typed.toLowerCase();
  const byName = (o: MentionOption) => o.username.toLowerCase().startsWith(q);
  const byDisplay = (o: MentionOption) => (o.displayName ?? '').toLowerCase().split(/\s+/).some((w) => w.startsWith(q));
  const people = options.filter((o) => !o.everyone);
  const found = [
    ...people.filter(byName).sort((a, b) => a.username.localeCompare(b.username)),
    ...people.filter((o) => !byName(o) && byDisplay(o)).sort((a, b) => a.username.localeCompare(b.username)),
  ].slice(0, MAX_OPTIONS);
  const room = options.find((o) => o.everyone && byName(o));
  return room ? [...found.slice(0, MAX_OPTIONS - 1), room] : found;
}

/**
 * `@` autocomplete for a textarea, as an ARIA combobox: typing `@` and a prefix lists matching members; Up/Down
 * move, Enter or Tab insert `@username `, Escape closes (until the next `@`), a click inserts.
 */
export function useMentionAutocomplete({ area, options, listId, setText }: { area: RefObject<HTMLTextAreaElement | null>; options: readonly MentionOption[]; listId: string; setText: (value: string) => void }) {
  const [query, setQuery] = useState<Query | null>(null);
  const [active, setActive] = useState(0);
  /** Escape closed the list for the `@` at this position. */
  const [dismissed, setDismissed] = useState<number | null>(null);
  const caret = useRef<number | null>(null);

  const matches = query ? matchMentions(options, query.text) : [];
  const open = !!query && query.start !== dismissed && matches.length > 0;
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  // After an insertion, the caret goes after the inserted name (once React has put the new text in the box).
  useLayoutEffect(() => {
    if (caret.current === null || !area.current) return;
    area.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  /** Reads the `@word` at the caret: call on every change and caret move. */
  function update() {
    const q = findQuery(area.current);
    if (!q || q.start !== query?.start || q.text !== query.text) setActive(0);
    setQuery(q);
    if (!q) setDismissed(null);
  }

  function insert(option: MentionOption) {
    const el = area.current;
    if (!el || !query) return;
    const mention = `@${option.username} `;
    const value = el.value.slice(0, query.start) + mention + el.value.slice(query.end).replace(/^ /, '');
    caret.current = query.start + mention.length;
    setText(value);
    setQuery(null);
    el.focus();
  }

  /** Handles the list's keys; true when the key was used (the composer must not act on it). */
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || e.nativeEvent.isComposing) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + matches.length) % matches.length);
    } else if ((e.key === 'Enter' && !e.shiftKey) || (e.key === 'Tab' && !e.shiftKey)) {
      insert(matches[activeIndex]!);
    } else if (e.key === 'Escape') {
      setDismissed(query!.start);
      e.stopPropagation();
    } else {
      return false;
    }
    e.preventDefault();
    return true;
  }

  const optionId = (i: number) => `${listId}-opt-${i}`;
  return {
    open,
    matches,
    activeIndex,
    optionId,
    update,
    insert,
    onKeyDown,
    close: () => setQuery(null),
    setActive,
    /** ARIA combobox attributes for the textarea. */
    comboProps: {
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-haspopup': 'listbox',
      'aria-expanded': open,
      'aria-controls': open ? listId : undefined,
      'aria-activedescendant': open ? optionId(activeIndex) : undefined,
    } as const,
  };
}
