import { mentionMatcher } from '../../web/src/features/mentions/mention-match';
import { markdownToText, renderMarkdown } from '../../web/src/lib/markdown';

/** The web app's Markdown: the safe subset, links that open safely, nothing of raw HTML or script links. */
describe('renderMarkdown', () => {
  it('renders bold, italic, strike, inline code, code blocks, quotes and lists', () => {
    const html = renderMarkdown('**bold** _it_ ~~gone~~ `a < b`\n\n> quoted\n\n- one\n- two\n\n1. first\n\n```\nlet x = "<b>";\n```');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toContain('<s>gone</s>');
    expect(html).toContain('<code>a &lt; b</code>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<ul>\n<li>one</li>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<pre><code>let x = &quot;&lt;b&gt;&quot;;\n</code></pre>');
  });

  it('keeps raw HTML as text', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> <b>x</b>');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('links URLs, opening them in a new tab without a referrer or opener', () => {
    const html = renderMarkdown('see https://example.com/a?b=1&c=2 and [docs](https://parley.chat/docs) or <https://x.org>');
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">https://example.com/a?b=1&amp;c=2</a>');
    expect(html).toContain('<a href="https://parley.chat/docs" target="_blank" rel="noopener noreferrer">docs</a>');
    expect(html).toContain('href="https://x.org"');
  });

  it('neutralises javascript:, data: and other non-web links', () => {
    for (const src of ['[click](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](data:text/html;base64,PHNjcmlwdD4=)', '[x](vbscript:msgbox)', '<javascript:alert(1)>', '[x](file:///etc/passwd)', '[x](  javascript:alert(1))']) {
      const html = renderMarkdown(src);
      expect(html).not.toMatch(/<a /);
      expect(html.toLowerCase()).not.toContain('href="javascript');
    }
  });

  it('leaves headings, images, tables and rules as text (not part of the chat subset)', () => {
    const html = renderMarkdown('# big\n\n![pic](https://x/y.png)\n\n---');
    expect(html).not.toMatch(/<h1|<img|<hr/);
  });
});

describe('renderMarkdown with mentions (issue #15: formatting and mentions together)', () => {
  const asAnn = (body: string, names: string[], mentionsMe = names.includes('ann')) =>
    renderMarkdown(body, mentionMatcher({ mentions: names.map((username) => ({ username })), mentionsMe, viewerUsername: 'ann' }));
  const me = '<span class="mention mention--me" data-testid="mention-me">';
  const other = '<span class="mention" data-testid="mention">';

  it('renders the formatting and marks the mentions, the viewer\'s own stronger', () => {
    const html = asAnn('**bold** hi @ann and @Ben.dev, _see_ `@ann` too', ['ann', 'ben.dev']);
    expect(html).toBe(`<p><strong>bold</strong> hi ${me}@ann</span> and ${other}@Ben.dev</span>, <em>see</em> <code>@ann</code> too</p>`);
  });

  it('marks mentions inside emphasis, quotes and lists, and only names the server matched', () => {
    const html = asAnn('**@ann** said\n\n> @ben wrote\n\n- @carol (not a member)\n- @ann.', ['ann', 'ben']);
    expect(html).toContain(`<strong>${me}@ann</span></strong>`);
    expect(html).toContain(`<blockquote>\n<p>${other}@ben</span> wrote</p>`);
    expect(html).toContain('<li>@carol (not a member)</li>');
    expect(html).toContain(`<li>${me}@ann</span>.</li>`);
  });

  it('never marks an address or a name glued to a word', () => {
    const html = asAnn('write to ann@example.com or x@ann', ['ann']);
    expect(html).not.toContain('mention');
  });

  it('marks @room as the viewer\'s when it reached them', () => {
    expect(asAnn('@room standup', [], true)).toBe(`<p>${me}@room</span> standup</p>`);
    expect(asAnn('@room standup', ['ben'], false)).toBe('<p>@room standup</p>');
  });

  it('keeps raw HTML as text and neutralises javascript: links next to mentions', () => {
    const html = asAnn('@ann <img src=x onerror=alert(1)> [x](javascript:alert(1)) <script>@ann</script>', ['ann']);
    expect(html).not.toMatch(/<img|<script|<a /);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html.toLowerCase()).not.toContain('href="javascript');
    expect(html.match(/mention--me/g)).toHaveLength(2);
  });

  it('renders a body without mentions exactly as before', () => {
    expect(asAnn('**x** @ann', [], false)).toBe(renderMarkdown('**x** @ann'));
  });
});

describe('markdownToText', () => {
  it('drops the marks for previews', () => {
    expect(markdownToText('**bold** and `code`\n> quote\n- item https://a.b')).toBe('bold and code quote item https://a.b');
    expect(markdownToText('<b>raw</b>')).toBe('<b>raw</b>');
  });
});
