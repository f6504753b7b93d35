import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

/**
 * The markdown step alone (Node has no DOM for DOMPurify; the sanitiser is tested in Chromium
 * by apps/tidings-e2e/src/web-xss.int.spec.ts and content/sanitize.int.spec.ts).
 */
describe('renderMarkdown', () => {
  it('renders chat formatting', () => {
    expect(renderMarkdown('**bold** _it_ ~~gone~~ `x()`')).toBe(
      '<p><strong>bold</strong> <em>it</em> <del>gone</del> <code>x()</code></p>',
    );
    expect(renderMarkdown('> quoted\n\n- a\n- b\n\n3. c')).toBe(
      '<blockquote><p>quoted</p></blockquote><ul><li>a</li><li>b</li></ul><ol start="3"><li>c</li></ol>',
    );
  });

  it('keeps single newlines as line breaks, as people type them', () => {
    expect(renderMarkdown('one\ntwo')).toBe('<p>one<br>\ntwo</p>');
  });

  it('renders fenced code escaped and without a language class', () => {
    expect(renderMarkdown('```html\n<b onclick="x()">&amp;</b>\n```')).toBe(
      '<pre><code>&lt;b onclick=&quot;x()&quot;&gt;&amp;amp;&lt;/b&gt;\n</code></pre>',
    );
  });

  it('leaves raw HTML as escaped text', () => {
    for (const payload of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<svg onload=alert(1)>',
      '<iframe src="javascript:alert(1)"></iframe>',
    ]) {
      const html = renderMarkdown(payload);
      expect(html, payload).not.toMatch(/<(?:script|img|svg|iframe)/i);
      expect(html, payload).toContain('&lt;');
    }
  });

  it('turns web and mail links into new-tab links, and refuses other schemes as typed text', () => {
    expect(renderMarkdown('[docs](https://example.com/a?b=1)', { newTabHint: 'new tab' })).toBe(
      '<p><a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer nofollow" title="new tab">docs</a></p>',
    );
    expect(renderMarkdown('see https://example.com')).toContain('<a href="https://example.com"');
    expect(renderMarkdown('<mailto:a@example.com>')).toContain('href="mailto:a@example.com"');
    for (const payload of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](&#106;avascript:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[x](vbscript:msgbox(1))',
      '[x](/relative)',
      '<javascript:alert(1)>',
      '[x][r]\n\n[r]: javascript:alert(1)',
    ]) {
      const html = renderMarkdown(payload);
      expect(html, payload).not.toContain('<a');
      expect(html, payload).toMatch(/^<p>/);
    }
  });

  it('shows markdown images as a link, never an image', () => {
    const html = renderMarkdown('![cat](https://example.com/cat.png)');
    expect(html).not.toContain('<img');
    expect(html).toContain('!<a href="https://example.com/cat.png"');
  });

  it('keeps headings, rules and tables as text', () => {
    expect(renderMarkdown('# Title')).toBe('<p># Title</p>');
    expect(renderMarkdown('---')).toBe('<p>---</p>');
    expect(renderMarkdown('| a |\n| - |\n| b |')).not.toContain('<table');
  });

  it('makes mention chips where the server finds mentions', () => {
    expect(renderMarkdown('hi @alice.', { me: 'bob' })).toBe(
      '<p>hi <span class="mention" data-mention="alice">@alice</span>.</p>',
    );
    expect(renderMarkdown('@Bob and @all', { me: 'bob' })).toBe(
      '<p><span class="mention mention-me" data-mention="bob">@Bob</span> and ' +
        '<span class="mention mention-broadcast mention-me" data-mention="all">@all</span></p>',
    );
    // An address, code, and a link are not mentions.
    expect(renderMarkdown('bob@example.com `@alice` [@carol](https://x.example)')).not.toContain(
      'mention',
    );
  });

  it('never lets mention markup become HTML', () => {
    const html = renderMarkdown('@<img src=x onerror=alert(1)> @all<script>alert(1)</script>');
    expect(html).not.toMatch(/<(?:img|script)/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(
      '<span class="mention mention-broadcast mention-me" data-mention="all">@all</span>&lt;script&gt;',
    );
  });
});
