import { memo, useMemo } from 'react';
import { renderMarkdown } from '../../lib/markdown';
import { mentionMatcher } from '../mentions/mention-match';

interface Props {
  body: string;
  mentions: ReadonlyArray<{ username: string }>;
  mentionsMe: boolean;
  viewerUsername?: string;
}

/**
 * A message's text with its Markdown formatting and links (see lib/markdown for what is allowed), and its mentions
 * marked, the viewer's own stronger.
 */
export const MessageBody = memo(function MessageBody({ body, mentions, mentionsMe, viewerUsername }: Props) {
  const html = useMemo(() => renderMarkdown(body, mentionMatcher({ mentions, mentionsMe, viewerUsername })), [body, mentions, mentionsMe, viewerUsername]);
  // renderMarkdown escapes everything it does not produce itself (raw HTML is disabled).
  return <div className="msg__body md" data-testid="message-body" dangerouslySetInnerHTML={{ __html: html }} />;
});
