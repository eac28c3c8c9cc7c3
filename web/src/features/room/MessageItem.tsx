import { useMutation } from '@apollo/client/react';
import { memo, useRef, useState, type KeyboardEvent } from 'react';
import { Avatar } from '../../components/Avatar';
import { useLongPress } from '../../hooks/useLongPress';
import type { MessageItem_MessageFragment } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import { fullTime, nameOf, time } from '../../lib/format';
import { Attachments } from './Attachments';
import { getSession } from '../../apollo/session';
import { useEditRequest } from './edit-request';
import { AddReactionMutation, DeleteMessageMutation, EditMessageMutation, RemoveReactionMutation } from './fragments';
import { MessageBody } from './MessageBody';
import { useRoomActions } from './room-actions';
import { ReplyQuote } from './ReplyQuote';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'];

interface Props {
  message: MessageItem_MessageFragment;
  own: boolean;
  /** First of a run from the same sender: show name and avatar. */
  showHeader: boolean;
  canModerate: boolean;
  /** The sender is someone the viewer blocked: collapsed until the viewer asks to see it. */
  blocked?: boolean;
}

/** One message: sender, time, body (Markdown with mentions), reactions, and edit/delete for its author. */
export const MessageItem = memo(function MessageItem({ message, own, showHeader, canModerate, blocked = false }: Props) {
  const [editing, setEditing] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const [draft, setDraft] = useState(message.body);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string>();
  const [edit, { loading: saving }] = useMutation(EditMessageMutation);
  const [remove] = useMutation(DeleteMessageMutation);
  const [addReaction] = useMutation(AddReactionMutation);
  const [removeReaction] = useMutation(RemoveReactionMutation);
  const actions = useRoomActions();
  const deleted = !!message.deletedAt;
  const senderName = own ? 'You' : nameOf(message.sender);
  // Actions sit beside the bubble (hover or keyboard focus); on touch screens a long press shows them under it.
  const li = useRef<HTMLLIElement>(null);
  const press = useLongPress(li);
  useEditRequest(message.id, own && !deleted, () => {
    setDraft(message.body);
    setEditing(true);
  });

  async function save() {
    const body = draft.trim();
    if (!body) return setError('A message cannot be empty. Delete it instead.');
    if (body === message.body) return setEditing(false);
    try {
      await edit({ variables: { messageId: message.id, body } });
      setEditing(false);
      setError(undefined);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function react(emoji: string) {
    const mine = message.reactions.find((r) => r.emoji === emoji)?.reactedByMe;
    try {
      if (mine) await removeReaction({ variables: { messageId: message.id, emoji } });
      else await addReaction({ variables: { messageId: message.id, emoji } });
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  function onEditKey(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setEditing(false);
      setDraft(message.body);
    }
  }

  if (blocked && !revealed && !deleted) {
    return (
      <li className="msg msg--blocked" data-testid="message" data-seq={message.seq} data-id={message.id} aria-label={`Message from a blocked user at ${time(message.createdAt)}`}>
        <div className="msg__main">
          <p className="msg__blocked" data-testid="blocked-message">
            <span>Message from a blocked user</span>
            <button type="button" className="link-btn" onClick={() => setRevealed(true)}>
              Show message
            </button>
          </p>
        </div>
      </li>
    );
  }

  return (
    <li
      ref={li}
      {...press.handlers}
      className={`msg${own ? ' msg--own' : ''}${showHeader ? ' msg--first' : ''}${deleted ? ' msg--deleted' : ''}${press.selected ? ' is-selected' : ''}`}
      data-testid="message" data-seq={message.seq} data-id={message.id} aria-label={`${senderName} at ${time(message.createdAt)}`}>
      {!own && <div className="msg__avatar">{showHeader && <Avatar user={message.sender} size={32} />}</div>}
      <div className="msg__main">
        {showHeader && (
          <div className="msg__meta">
            <span className="msg__sender">{senderName}</span>
            {blocked && (
              <button type="button" className="link-btn msg__rehide" onClick={() => setRevealed(false)}>
                Blocked · hide
              </button>
            )}
            <time dateTime={message.createdAt} title={fullTime(message.createdAt)}>
              {time(message.createdAt)}
            </time>
          </div>
        )}
        <div className="msg__bubble-row">
          {editing ? (
            <div className="msg__edit">
              <label className="sr-only" htmlFor={`edit-${message.id}`}>
                Edit message
              </label>
              <textarea id={`edit-${message.id}`} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onEditKey} autoFocus rows={Math.min(6, draft.split('\n').length)} maxLength={4000} />
              <div className="msg__edit-actions">
                <span className="muted">Enter to save · Esc to cancel</span>
                <button type="button" className="btn btn--small" onClick={() => (setEditing(false), setDraft(message.body))}>
                  Cancel
                </button>
                <button type="button" className="btn btn--small btn--primary" onClick={save} disabled={saving}>
                  Save
                </button>
              </div>
            </div>
          ) : (
            <div className="msg__bubble" title={showHeader ? undefined : fullTime(message.createdAt)}>
              {!deleted && message.replyTo && <ReplyQuote quoted={message.replyTo} />}
              {deleted ? (
                <em className="muted">This message was deleted</em>
              ) : (
                message.body && <MessageBody body={message.body} mentions={message.mentions} mentionsMe={message.mentionsMe} viewerUsername={getSession()?.user.username} />
              )}
              {!deleted && <Attachments attachments={message.attachments} />}
              {message.editedAt && !deleted && <span className="msg__edited"> (edited)</span>}
            </div>
          )}
          {!deleted && !editing && (
            <div className="msg__tools" role="toolbar" aria-label="Message actions" data-testid="message-tools" onClick={() => press.setSelected(false)}>
              {QUICK_REACTIONS.slice(0, 4).map((e) => (
                <button key={e} type="button" className="icon-btn" aria-label={`React with ${e}`} onClick={() => react(e)}>
                  {e}
                </button>
              ))}
              {actions && (
                <button type="button" className="icon-btn" aria-label="Reply" title="Reply" onClick={() => actions.reply(message)}>
                  ↩
                </button>
              )}
              {own && (
                <button type="button" className="icon-btn" aria-label="Edit message" onClick={() => (setDraft(message.body), setEditing(true))}>
                  ✎
                </button>
              )}
              {(own || canModerate) && (
                <button type="button" className="icon-btn" aria-label="Delete message" onClick={() => setConfirmDelete(true)}>
                  🗑
                </button>
              )}
            </div>
          )}
        </div>
        {confirmDelete && !deleted && (
          <div className="msg__confirm" role="alertdialog" aria-label="Delete this message?">
            Delete this message?
            <button
              type="button"
              className="btn btn--small btn--danger"
              autoFocus
              onClick={async () => {
                setConfirmDelete(false);
                try {
                  await remove({ variables: { messageId: message.id } });
                } catch (err) {
                  setError(errorMessage(err));
                }
              }}
            >
              Delete
            </button>
            <button type="button" className="btn btn--small" onClick={() => setConfirmDelete(false)}>
              Keep
            </button>
          </div>
        )}
        {message.reactions.length > 0 && !deleted && (
          <div className="reactions">
            {message.reactions.map((r) => (
              <button key={r.emoji} type="button" className={`reaction${r.reactedByMe ? ' is-mine' : ''}`} aria-pressed={r.reactedByMe} aria-label={`${r.emoji} ${r.count}${r.reactedByMe ? ', including you' : ''}`} onClick={() => react(r.emoji)}>
                {r.emoji} <span>{r.count}</span>
              </button>
            ))}
          </div>
        )}
        {error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
      </div>
    </li>
  );
});

export interface PendingMessage {
  clientId: string;
  body: string;
  attachmentIds?: string[];
  /** waiting: the server is out of reach; it is resent by itself when it is back (issue #11's outbox). */
  status: 'sending' | 'waiting' | 'failed';
  error?: string;
}

/** A message the server has not confirmed yet (or refused): shown as own, with its state. */
export function PendingItem({ pending, onRetry, onDiscard }: { pending: PendingMessage; onRetry: () => void; onDiscard: () => void }) {
  return (
    <li className={`msg msg--own msg--pending${pending.status === 'failed' ? ' msg--failed' : ''}${pending.status === 'waiting' ? ' msg--waiting' : ''}`} data-testid="pending-message" data-status={pending.status}>
      <div className="msg__main">
        <div className="msg__bubble-row">
          <div className="msg__bubble">
            <span className="msg__body">{pending.body}</span>
            {!!pending.attachmentIds?.length && <span className="msg__pending-files"> (+{pending.attachmentIds.length} {pending.attachmentIds.length === 1 ? 'file' : 'files'})</span>}
          </div>
        </div>
        <div className="msg__status" role="status">
          {pending.status === 'sending' ? (
            'Sending…'
          ) : pending.status === 'waiting' ? (
            <>
              <span>Not sent yet: it will go when the connection is back.</span>
              <button type="button" className="link-btn" onClick={onDiscard}>
                Discard
              </button>
            </>
          ) : (
            <>
              <span className="field__error">Not sent{pending.error ? `: ${pending.error}` : ''}</span>
              <button type="button" className="link-btn" onClick={onRetry}>
                Retry
              </button>
              <button type="button" className="link-btn" onClick={onDiscard}>
                Discard
              </button>
            </>
          )}
        </div>
      </div>
    </li>
  );
}
