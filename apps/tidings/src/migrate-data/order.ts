/** A foreign key of the target: rows of `table` name rows of `references` by these columns. */
export interface ForeignKey {
  table: string;
  columns: string[];
  references: string;
  referencedColumns: string[];
}

/**
 * Tables in an order where every table comes after the tables it references, so each insert
 * finds its parent rows already there (PostgreSQL checks a foreign key per statement; TypeORM
 * creates them NOT DEFERRABLE). References to tables outside `tables`, and to the table itself,
 * do not constrain the order — rows of a self-referencing table are ordered by `parentsFirst`.
 * Ties keep the given (alphabetical) order, so runs print alike.
 */
export function tablesInDependencyOrder(tables: string[], keys: ForeignKey[]): string[] {
  const wanted = new Set(tables);
  const needs = new Map<string, string[]>();
  for (const key of keys)
    if (wanted.has(key.table) && wanted.has(key.references) && key.table !== key.references)
      needs.set(key.table, [...(needs.get(key.table) ?? []), key.references]);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find(
      (t) => !placed.has(t) && (needs.get(t) ?? []).every((n) => placed.has(n)),
    );
    if (next === undefined) {
      const stuck = tables.filter((t) => !placed.has(t));
      throw new Error(`foreign keys form a cycle between ${stuck.join(', ')}`);
    }
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

/**
 * Rows of a table that references itself (an org unit's parent), parents before children.
 * A row whose parent is missing from the table goes where it stands: PostgreSQL will say
 * which key is broken rather than this loop hiding the row.
 */
export function parentsFirst<Row extends Record<string, unknown>>(
  rows: Row[],
  selfKeys: ForeignKey[],
): Row[] {
  if (selfKeys.length === 0) return rows;
  const keyOf = (row: Row, columns: string[]) =>
    columns.some((c) => row[c] === null || row[c] === undefined)
      ? null
      : columns.map((c) => String(row[c])).join('\u0000');
  const keys = selfKeys.map((key) => ({
    key,
    present: new Set(rows.map((r) => keyOf(r, key.referencedColumns))),
    placed: new Set<string>(),
  }));
  const ready = (row: Row) =>
    keys.every(({ key, present, placed }) => {
      const parent = keyOf(row, key.columns);
      return (
        parent === null ||
        parent === keyOf(row, key.referencedColumns) ||
        !present.has(parent) ||
        placed.has(parent)
      );
    });
  const ordered: Row[] = [];
  let pending = rows;
  while (pending.length > 0) {
    const waiting: Row[] = [];
    for (const row of pending) {
      if (!ready(row)) {
        waiting.push(row);
        continue;
      }
      ordered.push(row);
      for (const { key, placed } of keys) {
        const own = keyOf(row, key.referencedColumns);
        if (own !== null) placed.add(own);
      }
    }
    // A cycle of parents cannot be inserted in any order; let PostgreSQL name it.
    if (waiting.length === pending.length) return [...ordered, ...waiting];
    pending = waiting;
  }
  return ordered;
}
