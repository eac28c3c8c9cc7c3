import { memo, useMemo } from 'react';
import { renderMarkdown } from '../../lib/markdown';

/** A message's text with its Markdown formatting and links (see lib/markdown for what is allowed). */
export const MessageBody = memo(function MessageBody({ body }: { body: string }) {
  const html = useMemo(() => renderMarkdown(body), [body]);
  // renderMarkdown escapes everything it does not produce itself (raw HTML is disabled).
  return <div className="msg__body md" data-testid="message-body" dangerouslySetInnerHTML={{ __html: html }} />;
});
