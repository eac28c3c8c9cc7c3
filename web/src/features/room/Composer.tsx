import { useMutation } from '@apollo/client/react';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { SetTypingMutation } from './fragments';

/** The server's limit for a message body (after trimming). */
export const MAX_MESSAGE_LENGTH = 4000;
const MAX = MAX_MESSAGE_LENGTH;
/** The remaining count shows from here on. */
const COUNT_FROM = MAX - 500;
const number = new Intl.NumberFormat();

/** Unsent text per room, kept while the user switches rooms (for this page load). */
const drafts = new Map<string, string>();
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;

interface Props {
  roomId: string;
  disabled?: boolean;
  onSend: (body: string) => void;
  placeholder: string;
  /** Up-arrow in an empty composer: open the editor of the viewer's last message (false when there is none). */
  onEditLast?: () => boolean;
}

/**
 * Enter sends, Shift+Enter adds a line; empty messages cannot be sent. Grows with its text up to a limit, then
 * scrolls. Text over the 4,000-character limit is kept whole (never cut) and the send is refused with a message.
 * Tells the room when the user types.
 */
export function Composer({ roomId, disabled, onSend, placeholder, onEditLast }: Props) {
  const [body, setBodyState] = useState(() => drafts.get(roomId) ?? '');
  const setBody = (v: string) => {
    setBodyState(v);
    if (v) drafts.set(roomId, v);
    else drafts.delete(roomId);
  };
  const [setTyping] = useMutation(SetTypingMutation);
  const lastTyping = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const area = useRef<HTMLTextAreaElement>(null);
  const empty = body.trim().length === 0;
  const length = body.trim().length;
  const over = length - MAX;
  const [refused, setRefused] = useState(false);

  // Grow with the text: the textarea is as tall as its content, up to the CSS max-height, then it scrolls.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [body]);

  const stopTyping = () => {
    clearTimeout(idle.current);
    if (lastTyping.current) {
      lastTyping.current = 0;
      void setTyping({ variables: { roomId, isTyping: false } }).catch(() => undefined);
    }
  };

  useEffect(() => () => stopTyping(), []); // eslint-disable-line react-hooks/exhaustive-deps

  function change(value: string) {
    setBody(value);
    if (value.trim().length <= MAX) setRefused(false);
    if (!value.trim()) return stopTyping();
    const now = Date.now();
    if (now - lastTyping.current > TYPING_REPEAT_MS) {
      lastTyping.current = now;
      void setTyping({ variables: { roomId, isTyping: true } }).catch(() => undefined);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function send() {
    const text = body.trim();
    if (!text || disabled) return;
    if (text.length > MAX) {
      setRefused(true);
      return;
    }
    onSend(text);
    setBody('');
    stopTyping();
    area.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    } else if (e.key === 'ArrowUp' && !body && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && onEditLast?.()) {
      e.preventDefault();
    }
  }

  const countId = `composer-count-${roomId}`;
  let count: string | null = null;
  if (over > 0) count = `${number.format(over)} character${over === 1 ? '' : 's'} over the limit of ${number.format(MAX)}. Shorten the message to send it.`;
  else if (length >= COUNT_FROM) count = `${number.format(MAX - length)} characters left`;
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label htmlFor={`composer-${roomId}`} className="sr-only">
        Message
      </label>
      <textarea
        id={`composer-${roomId}`}
        ref={area}
        value={body}
        onChange={(e) => change(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={stopTyping}
        placeholder={placeholder}
        rows={1}
        disabled={disabled}
        aria-invalid={over > 0 ? true : undefined}
        aria-describedby={`composer-help-${roomId}${count ? ` ${countId}` : ''}`}
        data-testid="composer"
        autoFocus
      />
      <span id={`composer-help-${roomId}`} className="sr-only">
        Enter sends, Shift+Enter adds a new line.
      </span>
      {count && (
        <p id={countId} className={`composer__count${over > 0 ? ' is-over' : ''}`} data-testid="composer-count" role={over > 0 && refused ? 'alert' : undefined}>
          {count}
        </p>
      )}
      {/* Focusable even when there is nothing to send: Tab from the message box lands here, not on the page. */}
      <button type="submit" className="btn btn--primary composer__send" aria-disabled={empty || disabled || over > 0 ? true : undefined} disabled={disabled} aria-label="Send message">
        Send
      </button>
    </form>
  );
}
