import { describe, expect, it } from 'vitest';
import {
  encodedWords,
  headerLine,
  headerText,
  mailbox,
  mailDate,
  phrase,
  quotedPrintable,
  renderMessage,
} from './mime';

/** RFC 2045 §6.7 decoding, independent of the encoder: soft breaks out, =XX to bytes. */
function decodeQp(encoded: string): string {
  const bytes: number[] = [];
  const text = encoded.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 decoding of B words; whitespace between adjacent words is dropped (§6.2). */
function decodeWords(value: string): string {
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of joined.matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/g)) {
    parts.push(Buffer.from(joined.slice(last, m.index), 'utf8'));
    parts.push(Buffer.from(m[1] ?? '', 'base64'));
    last = m.index + m[0].length;
  }
  parts.push(Buffer.from(joined.slice(last), 'utf8'));
  return Buffer.concat(parts).toString('utf8');
}

describe('quoted-printable bodies', () => {
  it('keeps ASCII readable, encodes =, non-ASCII and trailing spaces, uses CRLF', () => {
    expect(quotedPrintable('a = b')).toBe('a =3D b');
    expect(quotedPrintable('héllo')).toBe('h=C3=A9llo');
    expect(quotedPrintable('trailing \nnext\ttab\t')).toBe('trailing=20\r\nnext\ttab=09');
    expect(quotedPrintable('one\r\ntwo\rthree')).toBe('one\r\ntwo\r\nthree');
  });

  it('breaks long lines softly within 76 columns, never inside =XX, and decodes back', () => {
    const text = `${'x'.repeat(200)}\n${'日本語のテキスト'.repeat(20)}\n${'= '.repeat(60)}end`;
    const encoded = quotedPrintable(text);
    for (const line of encoded.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).not.toMatch(/=[0-9A-F]?=$/);
    }
    expect(decodeQp(encoded)).toBe(text.replace(/\n/g, '\r\n'));
  });
});

describe('headers', () => {
  it('leaves plain ASCII alone and encodes the rest as B words of at most 75 columns', () => {
    expect(headerText('ops channel')).toBe('ops channel');
    const words = encodedWords('研发中心 平台部 — 发布通知 '.repeat(4));
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
    expect(decodeWords(words.join(' '))).toBe('研发中心 平台部 — 发布通知 '.repeat(4));
    // "=?" in plain text would read as an encoded word: encoded too.
    expect(headerText('a =?b?= c')).toMatch(/^=\?UTF-8\?B\?/);
  });

  it('quotes ASCII display names and encodes others', () => {
    expect(phrase('Alice "Al" Smith')).toBe('"Alice \\"Al\\" Smith"');
    expect(mailbox('Zhang Wei', 'u1', 'chat.example.com')).toBe(
      '"Zhang Wei" <u1@chat.example.com>',
    );
    expect(mailbox(null, 'u1', 'h')).toBe('<u1@h>');
    const encoded = mailbox('张伟', '0195f0b2-aaaa', 'h');
    expect(encoded).toMatch(/^=\?UTF-8\?B\?.+\?= <0195f0b2-aaaa@h>$/);
    expect(decodeWords(encoded.replace(/ <.*$/, ''))).toBe('张伟');
    expect(mailbox('x', 'a b', 'h')).toBe('"x" <"a b"@h>');
    expect(mailbox('x', 'ü', 'h')).toBe('"x" <u-c3bc@h>');
  });

  it('folds before a space at 78 columns; unfolding gives the value back', () => {
    const value = Array.from(
      { length: 12 },
      (_, i) => `"Person ${i}" <p${i}@chat.example.com>`,
    ).join(', ');
    const folded = headerLine('To', value);
    for (const line of folded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(
      folded
        .split('\r\n')
        .slice(1)
        .every((l) => l.startsWith(' ')),
    ).toBe(true);
    expect(folded.replace(/\r\n/g, '')).toBe(`To: ${value}`);
  });

  it('writes RFC 5322 dates in UTC', () => {
    expect(mailDate('2026-01-01T10:00:05.123Z')).toBe('Thu, 01 Jan 2026 10:00:05 +0000');
    expect(mailDate('2025-12-31T23:59:59+08:00')).toBe('Wed, 31 Dec 2025 15:59:59 +0000');
  });
});

describe('renderMessage', () => {
  it('writes headers, MIME fields, a blank line, the QP body and a final CRLF', () => {
    const eml = renderMessage({ headers: [['Subject', 'hi']], text: 'héllo' });
    expect(eml).toBe(
      [
        'Subject: hi',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'h=C3=A9llo',
        '',
      ].join('\r\n'),
    );
  });
});
