import { describe, expect, it } from 'vitest';
import { charsetOf, extractPageMetadata, pageMetadataOf } from './page-metadata';

const PAGE = 'https://news.example.com/2026/11/story.html';

describe('extractPageMetadata', () => {
  it('reads Open Graph tags first, resolving a relative image against the page', () => {
    const html = `<!doctype html><html lang="en"><head>
      <meta charset="utf-8">
      <title>Story | Example News</title>
      <meta name="description" content="The plain description">
      <meta property="og:title" content="Rust 2.0 released">
      <meta property="og:description" content="What changes,
         and what stays.">
      <meta property="og:site_name" content="Example News">
      <meta property="og:image" content="/images/rust.png">
      <meta name="twitter:title" content="Twitter title">
    </head><body><h1>Ignored</h1></body></html>`;
    expect(extractPageMetadata(html, PAGE)).toEqual({
      title: 'Rust 2.0 released',
      description: 'What changes, and what stays.',
      siteName: 'Example News',
      image: 'https://news.example.com/images/rust.png',
    });
  });

  it('falls back to Twitter card tags, then <title> and <meta name=description>', () => {
    const twitter = `<head><title>Plain</title>
      <meta name="twitter:title" content="Card title">
      <meta name="twitter:description" content="Card text">
      <meta name="twitter:image" content="https://cdn.example.com/card.jpg"></head>`;
    expect(extractPageMetadata(twitter, PAGE)).toEqual({
      title: 'Card title',
      description: 'Card text',
      siteName: null,
      image: 'https://cdn.example.com/card.jpg',
    });
    const plain = `<HTML><HEAD><TITLE>
        Only a title
      </TITLE><META NAME="Description" CONTENT="And a description"></HEAD><BODY></BODY></HTML>`;
    expect(extractPageMetadata(plain, PAGE)).toEqual({
      title: 'Only a title',
      description: 'And a description',
      siteName: null,
      image: null,
    });
  });

  it('decodes entities, keeps Chinese text, and keeps markup out', () => {
    const html = `<head><title>Tom &amp; Jerry &#8212; &quot;classics&quot; &lt;b&gt;</title>
      <meta property="og:description" content="数据库&nbsp;迁移指南 &copy; 2026"></head>`;
    const meta = extractPageMetadata(html, PAGE);
    expect(meta.title).toBe('Tom & Jerry — "classics" <b>');
    expect(meta.description).toBe('数据库 迁移指南 © 2026');
  });

  it('ignores tags in the body, script-like image URLs, and empty values', () => {
    const html = `<head><title>Head title</title>
      <meta property="og:title" content="   ">
      <meta property="og:image" content="javascript:alert(1)"></head>
      <body><meta property="og:description" content="from the body"><title>Body</title></body>`;
    expect(extractPageMetadata(html, PAGE)).toEqual({
      title: 'Head title',
      description: null,
      siteName: null,
      image: null,
    });
  });

  it('reads a page without <head> or <body> tags up to the content', () => {
    const html = `<title>Bare</title><meta property="og:image" content="//cdn.example.com/a.webp"><p>text</p>`;
    expect(extractPageMetadata(html, 'http://bare.example.com/')).toMatchObject({
      title: 'Bare',
      image: 'http://cdn.example.com/a.webp',
    });
  });

  it('cuts a very long title', () => {
    const title = extractPageMetadata(`<title>${'長'.repeat(1000)}</title>`, PAGE).title ?? '';
    expect([...title]).toHaveLength(300);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('character sets', () => {
  it('decodes a GBK page named by its <meta charset>', () => {
    const html = '<html><head><meta charset="gbk"><title>中文标题</title></head></html>';
    const bytes = new Uint8Array(Buffer.from(new TextEncoderGbk().encode(html)));
    expect(charsetOf(undefined, bytes)).toBe('gbk');
    expect(pageMetadataOf(bytes, 'text/html', PAGE).title).toBe('中文标题');
  });

  it('prefers the Content-Type header, and reads http-equiv', () => {
    const latin1 = Buffer.from('<head><title>Café</title></head>', 'latin1');
    expect(pageMetadataOf(latin1, 'text/html; charset=ISO-8859-1', PAGE).title).toBe('Café');
    const equiv = Buffer.from(
      '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
      'latin1',
    );
    expect(charsetOf('text/html', equiv)).toBe('windows-1252');
  });

  it('uses UTF-8 without a declaration or with an unknown one', () => {
    const utf8 = Buffer.from('<title>日本語のページ</title>');
    expect(pageMetadataOf(utf8, 'text/html', PAGE).title).toBe('日本語のページ');
    expect(charsetOf('text/html; charset=klingon', utf8)).toBe('utf-8');
  });
});

/** A tiny GBK encoder for the few characters the test uses (Node has no GBK encoder). */
class TextEncoderGbk {
  private static readonly table: Record<string, number[]> = {
    中: [0xd6, 0xd0],
    文: [0xce, 0xc4],
    标: [0xb1, 0xea],
    题: [0xcc, 0xe2],
  };

  encode(text: string): number[] {
    return [...text].flatMap((c) => TextEncoderGbk.table[c] ?? [c.charCodeAt(0)]);
  }
}
