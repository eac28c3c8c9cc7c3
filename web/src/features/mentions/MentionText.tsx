import { Fragment } from 'react';

/**
 * A message body as plain text with its mentions marked: `@username` of a mentioned member, and `@room`; the
 * viewer's own mention (and @room when it reached them) stronger.
 */
export function MentionText({ body, mentions, mentionsMe, viewerUsername }: { body: string; mentions: ReadonlyArray<{ username: string }>; mentionsMe: boolean; viewerUsername?: string }) {
  const names = new Set(mentions.map((m) => m.username.toLowerCase()));
  if (!names.size && !mentionsMe) return <>{body}</>;
  const me = viewerUsername?.toLowerCase();
  const parts = body.split(/((?<![\p{L}\p{N}_.@-])@[A-Za-z0-9_.-]+)/u);
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 0) return <Fragment key={i}>{part}</Fragment>;
        const raw = part.slice(1).toLowerCase();
        // @room counts only when it reached the viewer (mentionsMe without being named).
        const viaRoom = mentionsMe && (!me || !names.has(me));
        const name = [raw, raw.replace(/[.-]+$/, '')].find((n) => names.has(n) || (n === 'room' && viaRoom));
        if (!name) return <Fragment key={i}>{part}</Fragment>;
        const mine = name === me || (name === 'room' && !names.has('room'));
        const text = `@${part.slice(1, 1 + name.length)}`;
        return (
          <Fragment key={i}>
            <span className={`mention${mine ? ' mention--me' : ''}`} data-testid={mine ? 'mention-me' : 'mention'}>
              {text}
            </span>
            {part.slice(1 + name.length)}
          </Fragment>
        );
      })}
    </>
  );
}
