import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightSnippet, matchSpans } from './highlight';

describe('highlightSnippet', () => {
  it('marks a Chinese word inside a sentence and an English word whatever its case', () => {
    expect(highlightSnippet('我们明天讨论数据库迁移的方案', ['数据库'])).toBe(
      '我们明天讨论<mark>数据库</mark>迁移的方案',
    );
    expect(highlightSnippet('Deploy the DEPLOYMENT', ['deploy'])).toBe(
      '<mark>Deploy</mark> the <mark>DEPLOY</mark>MENT',
    );
  });

  it('escapes the text before marking: a message cannot inject markup', () => {
    expect(highlightSnippet('<img src=x onerror="alert(1)"> 会议 & <b>', ['会议'])).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>会议</mark> &amp; &lt;b&gt;',
    );
    // A term that itself holds markup characters is found in the raw text and escaped inside
    // the mark — never matched against (or spliced into) escaped text.
    expect(highlightSnippet("R&D's <plan>", ['r&d', '<plan>'])).toBe(
      '<mark>R&amp;D</mark>&#39;s <mark>&lt;plan&gt;</mark>',
    );
    expect(highlightSnippet('a &lt; b', ['lt'])).toBe('a &amp;<mark>lt</mark>; b');
  });

  it('merges overlapping matches into one mark', () => {
    expect(highlightSnippet('数据库迁移', ['数据', '据库迁'])).toBe('<mark>数据库迁</mark>移');
    expect(matchSpans('aaaa', ['aa'])).toEqual([{ from: 0, to: 4 }]);
  });

  it('cuts a long text to a window around the first match, on character boundaries', () => {
    const text = `${'😀'.repeat(300)}needle${'x'.repeat(300)}`;
    const snippet = highlightSnippet(text, ['needle'], 100);
    expect(snippet.startsWith('…😀')).toBe(true);
    expect(snippet.endsWith('x…')).toBe(true);
    expect(snippet).toContain('<mark>needle</mark>');
    // 100 characters of text: 40 before the match, the match, the rest after it.
    const plain = snippet.replace(/<\/?mark>/g, '').slice(1, -1);
    expect(Array.from(plain)).toHaveLength(100);
    expect(plain.split('needle')[0]).toBe('😀'.repeat(40));
  });

  it('shows the start of the text when nothing matches, and folds white space', () => {
    expect(highlightSnippet('line one\n\nline  two', ['zzz'])).toBe('line one line two');
    expect(highlightSnippet('a'.repeat(10), [], 4)).toBe('aaaa…');
  });

  it('keeps positions right where lower-casing changes a length', () => {
    // 'İ' lower-cases to two code units; the match after it must still land on 'abc'.
    expect(highlightSnippet('İİ abc', ['ABC'])).toBe('İİ <mark>abc</mark>');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
