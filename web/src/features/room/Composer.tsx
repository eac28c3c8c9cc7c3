import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageItem_MessageFragment } from '../../gql/graphql';
import { AttachButton, UploadTray } from './AttachButton';
import { SetTypingMutation } from './fragments';
import type { MessageExtras } from './outbox';
import { ReplyingTo } from './ReplyQuote';
import { useUploads } from './useUploads';

const MAX = 4000;

/** Unsent text per room, kept while the user switches rooms (for this page load). */
const drafts = new Map<string, string>();
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;

/** Enter sends, Shift+Enter adds a line; empty messages cannot be sent. Tells the room when the user types. */
export function Composer({ roomId, disabled, onSend, placeholder, replyTo, onCancelReply }: { roomId: string; disabled?: boolean; onSend: (body: string, extras: MessageExtras) => void; placeholder: string; replyTo?: MessageItem_MessageFragment | null; onCancelReply?: () => void }) {
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
    if (empty || disabled) return;
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
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  }

  const rows = Math.min(8, Math.max(1, body.split('\n').length));
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
    </>
  );
}
