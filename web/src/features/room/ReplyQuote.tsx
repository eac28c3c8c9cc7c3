import type { MessageItem_MessageFragment } from '../../gql/graphql';
import { markdownToText } from '../../lib/markdown';
import { nameOf } from '../../lib/format';
import { useRoomActions } from './room-actions';

type Quoted = NonNullable<MessageItem_MessageFragment['replyTo']>;

function snippet(q: Pick<Quoted, 'body' | 'deletedAt'>): string {
  if (q.deletedAt) return 'This message was deleted';
  const text = markdownToText(q.body);
  return text || 'Attachment';
}

/** The original above a reply: click to jump to it (history loads if it is further back). */
export function ReplyQuote({ quoted }: { quoted: Quoted }) {
  const actions = useRoomActions();
  return (
    <button type="button" className={`reply-quote${quoted.deletedAt ? ' reply-quote--deleted' : ''}`} onClick={() => actions?.jumpTo(quoted.id, quoted.seq)} data-testid="reply-quote" aria-label={`Reply to ${nameOf(quoted.sender)}: ${snippet(quoted)}. Show the original.`}>
      <span className="reply-quote__who">{nameOf(quoted.sender)}</span>
      <span className="reply-quote__text">{snippet(quoted)}</span>
    </button>
  );
}

/** Above the composer while writing a reply: whom it answers, and a way out. */
export function ReplyingTo({ message, onCancel }: { message: MessageItem_MessageFragment; onCancel: () => void }) {
  return (
    <div className="replying-to" data-testid="replying-to">
      <span className="replying-to__label">
        Replying to <strong>{nameOf(message.sender)}</strong>
      </span>
      <span className="replying-to__text">{snippet(message)}</span>
      <button type="button" className="icon-btn" aria-label="Cancel reply" onClick={onCancel}>
        ×
      </button>
    </div>
  );
}
