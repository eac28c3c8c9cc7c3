import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MessageItem_MessageFragment } from '../../gql/graphql';
import { dayLabel } from '../../lib/format';
import { useBlockedIds } from './blocked';
import { MessageItem, PendingItem, type PendingMessage } from './MessageItem';

interface Props {
  messages: MessageItem_MessageFragment[];
  pending: PendingMessage[];
  hasOlder: boolean;
  /** The viewer's read position when the room opened: a "New messages" line goes above the first message after it. */
  readUpTo?: number;
  loadOlder: () => Promise<unknown>;
  viewerId: string;
  canModerate: boolean;
  /** The newest message is on screen (the user is at the bottom): mark it read. */
  onSeen: (seq: number) => void;
  onRetry: (p: PendingMessage) => void;
  onDiscard: (p: PendingMessage) => void;
}

const NEAR_BOTTOM = 60;
const NEAR_TOP = 120;
const RUN_GAP_MS = 5 * 60 * 1000;

/**
 * The history, newest at the bottom. Stays pinned to the bottom as messages arrive unless the user scrolled up
 * (then a "new messages" button); scrolling near the top loads the previous page and keeps the view still.
 */
export function MessageList({ messages, pending, hasOlder, readUpTo, loadOlder, viewerId, canModerate, onSeen, onRetry, onDiscard }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const blockedIds = useBlockedIds();
  const atBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const prev = useRef<{ first?: string; last?: string; pending: number } | null>(null);
  const [unseen, setUnseen] = useState(0);
  // Mirrors atBottom for rendering: the "Jump to latest" button shows whenever the view is not at the bottom.
  const [awayFromBottom, setAwayFromBottom] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const firstUnreadId = readUpTo === undefined ? undefined : messages.find((m) => m.seq > readUpTo && m.sender?.id !== viewerId)?.id;
  const newestSeq = messages.length ? messages[messages.length - 1]!.seq : undefined;

  const older = useCallback(async () => {
    const el = ref.current;
    if (!el || loadingOlder || !hasOlder) return;
    anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    setLoadingOlder(true);
    try {
      await loadOlder();
    } finally {
      setLoadingOlder(false);
    }
  }, [loadingOlder, hasOlder, loadOlder]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const first = messages[0]?.id;
    const last = messages[messages.length - 1]?.id;
    const p = prev.current;
    if (!p) {
      // Opening the room: land on the first unread message (its "New messages" line at the top) when there is
      // one, else at the bottom. Either way the message is fully visible, not under the composer.
      const divider = el.querySelector<HTMLElement>('[data-testid="unread-divider"]');
      const max = el.scrollHeight - el.clientHeight;
      const dividerTop = divider ? divider.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop - 8 : max;
      el.scrollTop = Math.max(0, Math.min(dividerTop, max));
      // All the unread messages fit: this is the bottom (and they are read); else the way down is offered.
      const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM;
      atBottom.current = bottom;
      setAwayFromBottom(!bottom);
    } else if (anchor.current && first !== p.first) {
      // Older page prepended: keep what the user was looking at in place.
      el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
      anchor.current = null;
    } else if (last !== p.last || pending.length > p.pending) {
      const idx = p.last ? messages.findIndex((m) => m.id === p.last) : -1;
      const added = messages.slice(idx + 1);
      const mine = pending.length > p.pending || added.some((m) => m.sender?.id === viewerId);
      if (atBottom.current || mine) {
        el.scrollTop = el.scrollHeight;
        atBottom.current = true;
        setAwayFromBottom(false);
        setUnseen(0);
      } else if (added.length) {
        setUnseen((n) => n + added.length);
      }
    }
    prev.current = { first, last, pending: pending.length };
  }, [messages, pending, viewerId]);

  // Keep pinned when the viewport or the content changes size (window resize, composer growing, typing line,
  // fonts and reactions laid out after the first paint).
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    if (listRef.current) ro.observe(listRef.current);
    return () => ro.disconnect();
  }, []);

  /** The newest message is entirely on screen (it counts as read even when the view is not at the very bottom). */
  const newestVisible = useCallback(() => {
    const el = ref.current;
    const items = el?.querySelectorAll('[data-testid="message"]');
    const last = items?.[items.length - 1];
    if (!el || !last) return false;
    const box = el.getBoundingClientRect();
    const r = last.getBoundingClientRect();
    return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  }, []);

  useEffect(() => {
    if ((atBottom.current || newestVisible()) && newestSeq !== undefined) onSeen(newestSeq);
  }, [newestSeq, onSeen, newestVisible]);

  // A short first page that does not fill the screen: fetch more until it scrolls.
  useEffect(() => {
    const el = ref.current;
    if (el && hasOlder && !loadingOlder && el.scrollHeight <= el.clientHeight + NEAR_TOP) void older();
  }, [hasOlder, loadingOlder, older, messages.length]);

  function onScroll() {
    const el = ref.current!;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM;
    atBottom.current = bottom;
    if (awayFromBottom === bottom) setAwayFromBottom(!bottom);
    if (bottom) {
      if (unseen) setUnseen(0);
      if (newestSeq !== undefined) onSeen(newestSeq);
    } else if (newestSeq !== undefined && newestVisible()) {
      onSeen(newestSeq);
    }
    if (el.scrollTop < NEAR_TOP) void older();
  }

  function jumpToBottom() {
    const el = ref.current!;
    el.scrollTo({ top: el.scrollHeight });
    atBottom.current = true;
    setAwayFromBottom(false);
    setUnseen(0);
    if (newestSeq !== undefined) onSeen(newestSeq);
  }

  return (
    <div className="history">
      <div className="history__scroll" ref={ref} onScroll={onScroll} data-testid="history" tabIndex={0} aria-label="Messages">
        <div className="history__top">
          {hasOlder ? (
            <button type="button" className="link-btn" onClick={older} disabled={loadingOlder}>
              {loadingOlder ? 'Loading older messages…' : 'Load older messages'}
            </button>
          ) : (
            messages.length > 0 && <span className="muted">This is the beginning of the conversation.</span>
          )}
        </div>
        {messages.length === 0 && pending.length === 0 && <p className="history__empty muted">No messages yet. Say hello!</p>}
        {/* Not a live region: history pages would be read out too. RoomView announces new messages. */}
        <ol className="history__list" ref={listRef}>
          {messages.map((m, i) => {
            const before = messages[i - 1];
            const newDay = !before || new Date(before.createdAt).toDateString() !== new Date(m.createdAt).toDateString();
            const showHeader =
              newDay || !before || before.sender?.id !== m.sender?.id || new Date(m.createdAt).getTime() - new Date(before.createdAt).getTime() > RUN_GAP_MS;
            const firstUnread = m.id === firstUnreadId;
            return (
              <Fragment key={m.id}>
                {newDay && (
                  <li className="day">
                    <span>{dayLabel(m.createdAt)}</span>
                  </li>
                )}
                {firstUnread && (
                  <li className="day day--unread" data-testid="unread-divider">
                    <span>New messages</span>
                  </li>
                )}
                <MessageItem message={m} own={m.sender?.id === viewerId} showHeader={showHeader} canModerate={canModerate} blocked={!!m.sender && blockedIds.has(m.sender.id)} />
              </Fragment>
            );
          })}
          {pending.map((p) => (
            <PendingItem key={p.clientId} pending={p} onRetry={() => onRetry(p)} onDiscard={() => onDiscard(p)} />
          ))}
        </ol>
      </div>
      {(unseen > 0 || awayFromBottom) && (
        <button type="button" className="new-marker" onClick={jumpToBottom} data-testid={unseen > 0 ? 'new-messages' : 'jump-latest'}>
          {unseen > 0 ? `${unseen} new message${unseen === 1 ? '' : 's'}` : 'Jump to latest'} <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}
