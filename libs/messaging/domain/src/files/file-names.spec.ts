import { describe, expect, it } from 'vitest';
import { contentDisposition, displayNameOf, downloadNameOf } from './file-names';

describe('display names', () => {
  it('drops paths, control characters and bidi overrides', () => {
    expect(displayNameOf('C:\\fakepath\\report.pdf')).toBe('report.pdf');
    expect(displayNameOf('../../etc/passwd')).toBe('passwd');
    expect(displayNameOf('invoice\u202efdp.exe')).toBe('invoicefdp.exe');
    expect(displayNameOf('a\r\nb\u0000.txt')).toBe('ab.txt');
  });

  it('keeps Chinese names, normalised to NFC, and names nothing "file"', () => {
    expect(displayNameOf('季度报告.xlsx')).toBe('季度报告.xlsx');
    expect(displayNameOf('Cafe\u0301.txt')).toBe('Café.txt');
    expect(displayNameOf('')).toBe('file');
    expect(displayNameOf(undefined)).toBe('file');
    expect(displayNameOf('/')).toBe('file');
  });

  it('shortens to 255 characters, keeping the extension', () => {
    const name = displayNameOf(`${'报'.repeat(300)}.docx`);
    expect([...name]).toHaveLength(255);
    expect(name.endsWith('报.docx')).toBe(true);
  });
});

describe('downloads', () => {
  it('adds the real extension when the name claims another type', () => {
    expect(downloadNameOf('report.png', 'pdf', true)).toBe('report.png.pdf');
    expect(downloadNameOf('report.pdf', 'pdf', false)).toBe('report.pdf');
    expect(downloadNameOf('notes.png', null, true)).toBe('notes.png');
  });

  it('writes Content-Disposition with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', '季度 "报告" 100%.txt')).toBe(
      `attachment; filename="__ ____ 100_.txt"; filename*=UTF-8''${encodeURIComponent('季度 "报告" 100%.txt')}`,
    );
    expect(contentDisposition('inline', "it's (1).png")).toBe(
      `inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`,
    );
  });
});
