import type { DataSource, EntityManager } from 'typeorm';

export type Queryable = Pick<DataSource | EntityManager, 'query'>;

/**
 * Positional placeholders for hand-written SQL on both databases (`?` for SQLite, `$n` for
 * PostgreSQL). The bus writes in bulk on hot paths, where the query builder costs too much.
 */
export function placeholders(dataSource: Pick<DataSource, 'options'>) {
  const pg = dataSource.options.type === 'postgres';
  return {
    pg,
    /** `(?, ?, ?), (?, ?, ?)` for `rows` rows of `columns` values each. */
    rows(rows: number, columns: number): string {
      const groups: string[] = [];
      for (let r = 0; r < rows; r++) {
        const cols: string[] = [];
        for (let c = 1; c <= columns; c++) cols.push(pg ? `$${r * columns + c}` : '?');
        groups.push(`(${cols.join(', ')})`);
      }
      return groups.join(', ');
    },
    /** The n-th (1-based) placeholder. */
    at(n: number): string {
      return pg ? `$${n}` : '?';
    },
    list(count: number, start = 1): string {
      return Array.from({ length: count }, (_, i) => (pg ? `$${start + i}` : '?')).join(', ');
    },
  };
}

/** Database integers may come back as strings (PostgreSQL bigint); positions fit in 2^53. */
export function toInt(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** Rows changed by an UPDATE/DELETE run through `query()`, on either driver. */
export function affectedRows(result: unknown): number {
  if (Array.isArray(result) && typeof result[1] === 'number') return result[1]; // postgres
  const changes = (result as { changes?: number } | undefined)?.changes;
  return typeof changes === 'number' ? changes : 0;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
