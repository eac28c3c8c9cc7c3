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

/**
 * Says whether the name after an `@` (letters, digits, `_ . -`) is a mention: how much of it, and whether it is the
 * viewer's own. Given by the caller, who knows the message's mentions (features/mentions/mention-match).
 */
export type MentionLookup = (name: string) => { length: number; mine: boolean } | null;
interface Env {
  mention?: MentionLookup | null;
}

const WORD_BEFORE = /[\p{L}\p{N}_.@-]$/u;
const NAME = /^[A-Za-z0-9_.-]+/;

// `@name` as its own token, in the inline pass: never inside code spans or code blocks (their rules take the text
// first), and whatever emphasis surrounds it (`**@ann**`). The text rule stops at `@`, so this rule sees each one.
md.inline.ruler.push('mention', (state, silent) => {
  const lookup = (state.env as Env).mention;
  if (!lookup || state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
  if (WORD_BEFORE.test(state.src.slice(Math.max(0, state.pos - 2), state.pos))) return false;
  const name = NAME.exec(state.src.slice(state.pos + 1, state.posMax))?.[0];
  const hit = name ? lookup(name) : null;
  if (!hit) return false;
  if (!silent) {
    const token = state.push('mention', '', 0);
    token.content = state.src.slice(state.pos, state.pos + 1 + hit.length);
    token.meta = { mine: hit.mine };
  }
  state.pos += 1 + hit.length;
  return true;
});
md.renderer.rules.mention = (tokens, idx) => {
  const { content, meta } = tokens[idx];
  const mine = (meta as { mine: boolean }).mine;
  return `<span class="mention${mine ? ' mention--me' : ''}" data-testid="${mine ? 'mention-me' : 'mention'}">${md.utils.escapeHtml(content)}</span>`;
};

/**
 * A message body as safe HTML (nothing of the text becomes markup except the subset above), with its mentions marked
 * when `mention` is given.
 */
export function renderMarkdown(text: string, mention?: MentionLookup | null): string {
  // Without the newline markdown-it ends each block with: the element's text is then exactly the message's text.
  return md.render(text, { mention } satisfies Env).trim();
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
