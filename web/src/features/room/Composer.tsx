import { useMutation } from '@apollo/client/react';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageItem_MessageFragment } from '../../gql/graphql';
import { MentionSuggestions } from '../mentions/MentionSuggestions';
import { useMentionAutocomplete, type MentionOption } from '../mentions/useMentionAutocomplete';
import { AttachButton, UploadTray } from './AttachButton';
import { SetTypingMutation } from './fragments';
import type { MessageExtras } from './outbox';
import { ReplyingTo } from './ReplyQuote';
import { useUploads } from './useUploads';

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
  onSend: (body: string, extras: MessageExtras) => void;
  placeholder: string;
  /** Up-arrow in an empty composer: open the editor of the viewer's last message (false when there is none). */
  onEditLast?: () => boolean;
  /** The message being answered, shown above the box until sent or cancelled. */
  replyTo?: MessageItem_MessageFragment | null;
  onCancelReply?: () => void;
  /** Who `@` offers: the room's members (without the viewer), and `@room` where the viewer may use it. */
  mentionables?: readonly MentionOption[];
}

/**
 * Enter sends, Shift+Enter adds a line; empty messages cannot be sent. Grows with its text up to a limit, then
 * scrolls. Text over the 4,000-character limit is kept whole (never cut) and the send is refused with a message.
 * Tells the room when the user types.
 */
export function Composer({ roomId, disabled, onSend, placeholder, onEditLast, replyTo, onCancelReply, mentionables = [] }: Props) {
  const uploads = useUploads();
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
  // A message needs text or at least one uploaded file, and waits for uploads still on their way.
  const empty = (body.trim().length === 0 && uploads.ready.length === 0) || uploads.busy;
  const length = body.trim().length;
  const over = length - MAX;
  const [refused, setRefused] = useState(false);
  const listId = `mention-list-${roomId}`;
  const auto = useMentionAutocomplete({ area, options: mentionables, listId, setText: (v) => change(v) });

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
    if (empty || disabled) return;
    if (text.length > MAX) {
      setRefused(true);
      return;
    }
    onSend(text, { attachmentIds: uploads.ready.length ? uploads.ready.map((u) => u.id) : undefined, replyToId: replyTo?.id });
    setBody('');
    uploads.clear();
    onCancelReply?.();
    stopTyping();
    area.current?.focus();
  }

  /** Files pasted (a screenshot) or dropped on the composer are attached. */
  function takeFiles(list: DataTransferItemList | FileList | null | undefined): boolean {
    const files = list ? [...list].flatMap((f) => (f instanceof File ? [f] : f.kind === 'file' ? [f.getAsFile()].filter((x): x is File => !!x) : [])) : [];
    if (files.length) uploads.add(files);
    return files.length > 0;
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (auto.onKeyDown(e)) return;
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
    <>
      {replyTo && <ReplyingTo message={replyTo} onCancel={() => onCancelReply?.()} />}
      <UploadTray items={uploads.items} onRemove={uploads.remove} />
    <form
      onPaste={(e) => {
        if (takeFiles(e.clipboardData?.items)) e.preventDefault();
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (takeFiles(e.dataTransfer.files)) e.preventDefault();
      }}
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <AttachButton onFiles={uploads.add} disabled={disabled} />
      {auto.open && <MentionSuggestions id={listId} options={auto.matches} activeIndex={auto.activeIndex} optionId={auto.optionId} onPick={auto.insert} onHover={auto.setActive} />}
      <label htmlFor={`composer-${roomId}`} className="sr-only">
        Message
      </label>
      <textarea
        id={`composer-${roomId}`}
        ref={area}
        value={body}
        {...auto.comboProps}
        onChange={(e) => {
          change(e.target.value);
          auto.update();
        }}
        onSelect={auto.update}
        onKeyDown={onKeyDown}
        onBlur={() => {
          stopTyping();
          auto.close();
        }}
        placeholder={placeholder}
        rows={1}
        disabled={disabled}
        aria-invalid={over > 0 ? true : undefined}
        aria-describedby={`composer-help-${roomId}${count ? ` ${countId}` : ''}`}
        data-testid="composer"
        autoFocus
      />
      <span id={`composer-help-${roomId}`} className="sr-only">
        Enter sends, Shift+Enter adds a new line. Type @ to mention someone.
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
    </>
  );
}
