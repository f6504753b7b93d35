import { describe, expect, it } from 'vitest';
import { parentsFirst, tablesInDependencyOrder, type ForeignKey } from './order';

const fk = (table: string, references: string, column = 'ref'): ForeignKey => ({
  table,
  columns: [column],
  references,
  referencedColumns: ['id'],
});

describe('copy order', () => {
  it('puts referenced tables first and ignores self-references and outside tables', () => {
    const keys = [
      fk('reactions', 'messages'),
      fk('messages', 'conversations'),
      fk('units', 'units'),
      fk('x', 'elsewhere'),
    ];
    expect(
      tablesInDependencyOrder(['reactions', 'messages', 'units', 'conversations', 'x'], keys),
    ).toEqual(['units', 'conversations', 'messages', 'reactions', 'x']);
  });

  it('orders a tree parents first, whatever order it was stored in', () => {
    const rows = [
      { id: 'c', parent: 'b' },
      { id: 'b', parent: 'a' },
      { id: 'a', parent: null },
      { id: 'd', parent: 'a' },
    ];
    const ordered = parentsFirst(rows, [fk('units', 'units', 'parent')]).map((r) => r.id);
    for (const row of rows)
      if (row.parent) expect(ordered.indexOf(row.parent)).toBeLessThan(ordered.indexOf(row.id));
    expect(ordered).toHaveLength(4);
  });

  it('names a cycle between tables', () => {
    expect(() => tablesInDependencyOrder(['a', 'b'], [fk('a', 'b'), fk('b', 'a')])).toThrow(
      /cycle/,
    );
  });
});
