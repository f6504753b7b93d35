import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The sanitiser on its own, in Chromium (DOMPurify needs a real DOM): HTML that markdown-it
 * would never produce — the case where the first wall has a bug — must still come out inert.
 * render.ts is bundled as it ships (esbuild, like the app build) and run in a blank page.
 */
describe('sanitizeMessageHtml (in Chromium)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const bundle = await build({
      stdin: {
        contents: `import { sanitizeMessageHtml } from './sanitize';
          import { renderMessageHtml } from './render';
          Object.assign(window, { sanitizeMessageHtml, renderMessageHtml });`,
        resolveDir: 'apps/web/src/app/content',
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      write: false,
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const sanitize = (html: string) =>
    page.evaluate(
      (input) =>
        (window as unknown as { sanitizeMessageHtml(h: string): string }).sanitizeMessageHtml(
          input,
        ),
      html,
    );
  const render = (text: string, me?: string) =>
    page.evaluate(
      ([input, name]) =>
        (
          window as unknown as { renderMessageHtml(t: string, o: { me?: string }): string }
        ).renderMessageHtml(input ?? '', { me: name }),
      [text, me] as const,
    );

  it('keeps the allowlisted formatting, links and mention chips', async () => {
    const html =
      '<p><strong>b</strong> <em>i</em> <del>d</del> <code>c</code></p><pre><code>x</code></pre>' +
      '<blockquote><p>q</p></blockquote><ol start="2"><li>a</li></ol><ul><li>b</li></ul>' +
      '<p><span class="mention mention-me" data-mention="bob">@bob</span></p>';
    expect(await sanitize(html)).toBe(html);
    expect(await sanitize('<a href="https://example.com/x">x</a>')).toBe(
      '<a href="https://example.com/x" target="_blank" rel="noopener noreferrer nofollow">x</a>',
    );
    expect(await sanitize('<a href="mailto:a@example.com" target="_self" rel="opener">m</a>')).toBe(
      '<a href="mailto:a@example.com" target="_blank" rel="noopener noreferrer nofollow">m</a>',
    );
  });

  it('drops script, handlers, frames, SVG, images, forms and styles', async () => {
    for (const [input, output] of [
      ['<script>window.__xss=1</script>ok', 'ok'],
      ['<img src=x onerror="window.__xss=1">', ''],
      ['<svg onload="window.__xss=1"><circle></circle></svg>', ''],
      ['<iframe src="https://example.com"></iframe>', ''],
      ['<object data="x"></object><embed src="x">', ''],
      ['<form action="https://evil.example"><input name="p"></form>', ''],
      ['<style>*{color:red}</style><p style="color:red">s</p>', '<p>s</p>'],
      ['<p onclick="window.__xss=1" onmouseover="x()">p</p>', '<p>p</p>'],
      ['<table><tr><td>cell</td></tr></table>', 'cell'],
      ['<h1>big</h1><img src="https://example.com/track.png">', 'big'],
    ])
      expect(await sanitize(input ?? ''), input).toBe(output);
  });

  it('keeps links only to web and mail addresses, however the scheme is disguised', async () => {
    for (const href of [
      'javascript:window.__xss=1',
      'JaVaScRiPt:window.__xss=1',
      'java\tscript:window.__xss=1',
      'java\nscript:window.__xss=1',
      ' javascript:window.__xss=1',
      'data:text/html,<script>window.__xss=1</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '/relative',
    ])
      expect(await sanitize(`<a href="${href}">x</a>`), href).toBe(
        '<a target="_blank" rel="noopener noreferrer nofollow">x</a>',
      );
  });

  it('allows no class but the chip’s, and attributes only where they belong', async () => {
    expect(await sanitize('<span class="overlay">x</span>')).toBe('<span>x</span>');
    expect(await sanitize('<p class="mention" data-mention="x" title="t">x</p>')).toBe('<p>x</p>');
    expect(await sanitize('<span data-evil="1" id="app">x</span>')).toBe('<span>x</span>');
    expect(await sanitize('<code class="language-js">x</code>')).toBe('<code>x</code>');
  });

  it('renders markdown end to end, mentions of the reader highlighted', async () => {
    expect(await render('hi @bob, see <img src=x onerror=window.__xss=1>', 'bob')).toBe(
      '<p>hi <span class="mention mention-me" data-mention="bob">@bob</span>, see &lt;img src=x onerror=window.__xss=1&gt;</p>',
    );
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
    ).toBeUndefined();
  });
});
