import { Fragment } from 'react';
import { MENTION_BEFORE, mentionMatcher, type MentionInfo } from './mention-match';

/**
 * Plain text with its mentions marked (the Mentions view's previews; message bodies go through Markdown, which marks
 * them the same way): `@username` of a mentioned member, and `@room`; the viewer's own mention stronger.
 */
export function MentionText({ body, ...info }: MentionInfo & { body: string }) {
  const match = mentionMatcher(info);
  if (!match) return <>{body}</>;
  const parts = body.split(/(@[A-Za-z0-9_.-]+)/u);
  let before = '';
  return (
    <>
      {parts.map((part, i) => {
        const prev = before;
        before += part;
        const hit = i % 2 === 1 && !MENTION_BEFORE.test(prev) ? match(part.slice(1)) : null;
        if (!hit) return <Fragment key={i}>{part}</Fragment>;
        return (
          <Fragment key={i}>
            <span className={`mention${hit.mine ? ' mention--me' : ''}`} data-testid={hit.mine ? 'mention-me' : 'mention'}>
              {part.slice(0, 1 + hit.length)}
            </span>
            {part.slice(1 + hit.length)}
          </Fragment>
        );
      })}
    </>
  );
}
