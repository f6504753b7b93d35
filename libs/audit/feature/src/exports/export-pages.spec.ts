import type { AuditFilter, AuditReadStore } from '@tidings/audit/data-access';
import type { AuditRecord } from '@tidings/audit/domain';
import { describe, expect, it } from 'vitest';
import { EXPORT_PAGE, pagesOf } from './export-pages';

/** A trail of `size` records of which `matches` pass the filter; it logs every query. */
function trail(size: number, matches: (seq: number) => boolean) {
  const queries: Array<{ from: number; to: number; limit: number }> = [];
  const store = {
    async search(filter: AuditFilter, page: { limit: number }) {
      const from = filter.fromSeq ?? 1;
      const to = filter.toSeq ?? size;
      queries.push({ from, to, limit: page.limit });
      const out: AuditRecord[] = [];
      for (let seq = from; seq <= Math.min(to, size) && out.length < page.limit; seq++)
        if (matches(seq)) out.push({ seq } as AuditRecord);
      return out;
    },
  } as unknown as AuditReadStore;
  return { store, queries };
}

async function collect(store: AuditReadStore, head: number): Promise<number[][]> {
  const pages: number[][] = [];
  for await (const page of pagesOf(store, { types: ['x'] }, head))
    pages.push(page.map((r) => r.seq));
  return pages;
}

describe('pagesOf', () => {
  it('reads a dense trail in full pages, each query within a window of one page', async () => {
    const { store, queries } = trail(10_500, () => true);
    const pages = await collect(store, 10_500);
    expect(pages.flat()).toEqual(Array.from({ length: 10_500 }, (_, i) => i + 1));
    expect(pages.every((p) => p.length <= EXPORT_PAGE)).toBe(true);
    for (const q of queries.slice(1)) expect(q.to - q.from + 1).toBeLessThanOrEqual(EXPORT_PAGE);
  });

  it('widens the window over sparse matches, never past the head, and misses none', async () => {
    const { store, queries } = trail(
      1_000_000,
      (seq) => seq % 997 === 0 || (seq > 500_000 && seq < 503_000),
    );
    const pages = await collect(store, 900_000);
    const expected: number[] = [];
    for (let seq = 1; seq <= 900_000; seq++)
      if (seq % 997 === 0 || (seq > 500_000 && seq < 503_000)) expected.push(seq);
    expect(pages.flat()).toEqual(expected);
    expect(queries.length).toBeLessThan(200);
    expect(Math.max(...queries.map((q) => q.to))).toBe(900_000);
    expect(Math.max(...queries.slice(1).map((q) => q.to - q.from + 1))).toBe(65_536);
  });

  it('starts at the first match and answers nothing for none', async () => {
    const late = trail(100_000, (seq) => seq > 99_000);
    expect((await collect(late.store, 100_000)).flat()).toHaveLength(1_000);
    expect(late.queries[1]?.from).toBe(99_001);
    const none = trail(1_000, () => false);
    expect(await collect(none.store, 1_000)).toEqual([]);
    expect(none.queries).toHaveLength(1);
  });
});
