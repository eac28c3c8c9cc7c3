import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { SetTypingMutation } from './fragments';

const MAX = 4000;

/** Unsent text per room, kept while the user switches rooms (for this page load). */
const drafts = new Map<string, string>();
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;

/** Enter sends, Shift+Enter adds a line; empty messages cannot be sent. Tells the room when the user types. */
export function Composer({ roomId, disabled, onSend, placeholder }: { roomId: string; disabled?: boolean; onSend: (body: string) => void; placeholder: string }) {
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
    onSend(text);
    setBody('');
    stopTyping();
    area.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  }

  const rows = Math.min(8, Math.max(1, body.split('\n').length));
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
        rows={rows}
        maxLength={MAX}
        disabled={disabled}
        aria-describedby={`composer-help-${roomId}`}
        data-testid="composer"
        autoFocus
      />
      <span id={`composer-help-${roomId}`} className="sr-only">
        Enter sends, Shift+Enter adds a new line.
      </span>
      {body.length > MAX - 200 && <span className="composer__count">{MAX - body.length}</span>}
      <button type="submit" className="btn btn--primary composer__send" disabled={empty || disabled} aria-label="Send message">
        Send
      </button>
    </form>
  );
}
