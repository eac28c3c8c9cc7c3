import MarkdownIt from 'markdown-it';

/**
 * The Markdown subset messages use: bold, italic, strike, inline code, code blocks, block quotes, lists, links and
 * bare URLs made into links. Raw HTML is off (it shows as text); markdown-it's validateLink drops javascript:,
 * vbscript:, file: and data: links (they stay text); every link opens in a new tab without access to this page.
 */
const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: true });
md.enable(['linkify', 'code', 'fence', 'blockquote', 'list', 'newline', 'escape', 'backticks', 'strikethrough', 'emphasis', 'link', 'autolink', 'entity']);
// Only web and mail links, whatever else validateLink would let through.
const baseValidate = md.validateLink.bind(md);
md.validateLink = (url: string) => baseValidate(url) && /^(https?:|mailto:)/i.test(url.trim());

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('target', '_blank');
  tokens[idx].attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** A message body as safe HTML (nothing of the text becomes markup except the subset above). */
export function renderMarkdown(text: string): string {
  // Without the newline markdown-it ends each block with: the element's text is then exactly the message's text.
  return md.render(text).trim();
}

/** A message body as plain text, without Markdown's marks (room list previews, notifications). */
export function markdownToText(text: string): string {
  const out: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const t of tokens) {
      if (t.children) walk(t.children);
      else if (t.type === 'text' || t.type === 'code_inline' || t.type === 'code_block' || t.type === 'fence') out.push(t.content);
      else if (t.type === 'softbreak' || t.type === 'hardbreak' || t.type === 'paragraph_close') out.push(' ');
    }
  };
  walk(md.parse(text, {}));
  return out.join('').replace(/\s+/g, ' ').trim();
}
