import { describe, expect, it } from 'vitest';
import { parseSearchQuery, SEARCH_MAX_TERMS, type SearchQuery } from './query';

const parsed = (input: string): SearchQuery => {
  const result = parseSearchQuery(input);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.query;
};
const refused = (input: string) => {
  const result = parseSearchQuery(input);
  return result.ok ? null : result.message;
};

describe('parseSearchQuery', () => {
  it('takes free words and quoted phrases as terms that must all match', () => {
    expect(parsed('数据库  Deploy "release plan" “会议 纪要”')).toEqual({
      terms: ['数据库', 'Deploy', 'release plan', '会议 纪要'],
      from: [],
      in: [],
      hasFile: false,
      since: null,
      until: null,
    });
  });

  it('splits on the ideographic space as on any other', () => {
    expect(parsed('会议\u3000上海').terms).toEqual(['会议', '上海']);
  });

  it('reads from:, in: and has:file, case-insensitively, with @ and # dropped', () => {
    expect(
      parsed('FROM:@Bob from:carol In:#general in:"team alpha" in:0190c3a2 HAS:File x'),
    ).toMatchObject({
      terms: ['x'],
      from: ['bob', 'carol'],
      in: ['general', 'team alpha', '0190c3a2'],
      hasFile: true,
    });
    expect(parsed('from：bob').from).toEqual(['bob']); // a full-width colon from an IME
  });

  it('treats unknown operators, other has: values and empty operators as words', () => {
    expect(parsed('http://example.com/a has:link foo:bar from:').terms).toEqual([
      'http://example.com/a',
      'has:link',
      'foo:bar',
      'from:',
    ]);
    // Quoting an operator searches for it literally.
    expect(parsed('"from:bob"')).toMatchObject({ terms: ['from:bob'], from: [] });
  });

  it('turns dates into a half-open range of days: before ends, after starts the next day', () => {
    expect(parsed('after:2025-01-31 before:2025-03-01')).toMatchObject({
      since: '2025-02-01',
      until: '2025-03-01',
    });
    expect(parsed('on:2024-02-29')).toMatchObject({ since: '2024-02-29', until: '2024-03-01' });
    expect(parsed('during:2025-12')).toMatchObject({ since: '2025-12-01', until: '2026-01-01' });
    expect(parsed('during:2025')).toMatchObject({ since: '2025-01-01', until: '2026-01-01' });
    expect(parsed('during:2025-06-15')).toMatchObject({
      since: '2025-06-15',
      until: '2025-06-16',
    });
  });

  it('keeps the narrowest bounds when dates repeat', () => {
    expect(
      parsed('after:2025-01-01 after:2025-03-01 before:2025-12-01 before:2025-06-01'),
    ).toMatchObject({ since: '2025-03-02', until: '2025-06-01' });
    expect(parsed('during:2025 before:2025-02-01')).toMatchObject({
      since: '2025-01-01',
      until: '2025-02-01',
    });
  });

  it('refuses dates that are no dates', () => {
    for (const bad of [
      'before:yesterday',
      'after:2025-13-01',
      'on:2025-02-30',
      'before:2025-3-1',
      'during:2025-00',
      'during:2025-1',
    ])
      expect(refused(`x ${bad}`), bad).toMatch(/takes a date/);
  });

  it('refuses an empty search, too many terms and overlong ones', () => {
    expect(refused('')).toMatch(/Say what to search for/);
    expect(refused('   ""  ')).toMatch(/Say what to search for/);
    expect(
      refused(Array.from({ length: SEARCH_MAX_TERMS + 1 }, (_, i) => `w${i}`).join(' ')),
    ).toMatch(/at most 10/);
    expect(refused('x'.repeat(101))).toMatch(/at most 100 characters/);
    // Filters alone are a search: everything bob wrote.
    expect(parsed('from:bob')).toMatchObject({ terms: [], from: ['bob'] });
  });

  it('runs an unclosed quote to the end', () => {
    expect(parsed('a "b c').terms).toEqual(['a', 'b c']);
  });
});
