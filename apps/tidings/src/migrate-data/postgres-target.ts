import type { DataSource, QueryRunner } from 'typeorm';
import { MIGRATIONS_TABLE } from '@tidings/platform/persistence';
import type { PostgresValue } from './convert';
import type { ForeignKey } from './order';
import { quote } from './sqlite-source';

export interface TargetColumn {
  name: string;
  /** information_schema `data_type`, e.g. `bigint`, `boolean`, `timestamp with time zone`. */
  type: string;
  /** GENERATED ALWAYS AS IDENTITY: an explicit value needs OVERRIDING SYSTEM VALUE. */
  identityAlways: boolean;
}

/** PostgreSQL refuses more than 65,535 parameters in one statement. */
const MAX_PARAMETERS = 60_000;

/** The migrated PostgreSQL database: its catalog, and the writes of the copy. */
export class PostgresTarget {
  constructor(private readonly dataSource: DataSource) {}

  /** Columns of every table in the current schema (the migrations' own table excluded). */
  async columns(): Promise<Map<string, TargetColumn[]>> {
    const rows = (await this.dataSource.query(
      `SELECT table_name, column_name, data_type, identity_generation
       FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name <> $1
       ORDER BY table_name, ordinal_position`,
      [MIGRATIONS_TABLE],
    )) as Array<{
      table_name: string;
      column_name: string;
      data_type: string;
      identity_generation: string | null;
    }>;
    const tables = new Map<string, TargetColumn[]>();
    for (const r of rows) {
      const list = tables.get(r.table_name) ?? [];
      list.push({
        name: r.column_name,
        type: r.data_type,
        identityAlways: r.identity_generation === 'ALWAYS',
      });
      tables.set(r.table_name, list);
    }
    return tables;
  }

  async foreignKeys(): Promise<ForeignKey[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.conrelid::regclass::text AS "table", c.confrelid::regclass::text AS "references",
              ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
              ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS "referencedColumns"
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE c.contype = 'f' AND n.nspname = current_schema()`,
    )) as ForeignKey[];
    // regclass prints a name quoted when it needs quotes; ours never do, but compare bare names.
    return rows.map((r) => ({ ...r, table: bare(r.table), references: bare(r.references) }));
  }

  async count(table: string, runner?: QueryRunner): Promise<number> {
    const [row] = (await (runner ?? this.dataSource).query(
      `SELECT count(*)::text AS n FROM ${quote(table)}`,
    )) as Array<{ n: string }>;
    return Number(row?.n ?? 0);
  }

  /** Inserts rows (values in `columns` order), in as many statements as parameters allow. */
  async insert(
    runner: QueryRunner,
    table: string,
    columns: TargetColumn[],
    rows: PostgresValue[][],
  ): Promise<void> {
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(columns.length, 1)));
    const overriding = columns.some((c) => c.identityAlways) ? ' OVERRIDING SYSTEM VALUE' : '';
    const head = `INSERT INTO ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')})${overriding} VALUES `;
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const params: PostgresValue[] = [];
      const tuples = chunk.map((row) => {
        const slots = row.map((value) => {
          params.push(value);
          return `$${params.length}`;
        });
        return `(${slots.join(', ')})`;
      });
      await runner.query(head + tuples.join(', '), params);
    }
  }

  /**
   * Serial and identity columns carry on after the highest copied key: the copy inserted
   * explicit ids, which does not advance their sequences, and the next insert would collide.
   */
  async resetSequences(runner: QueryRunner, tables: string[]): Promise<number> {
    const rows = (await runner.query(
      `SELECT table_name, column_name,
              pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence
       FROM information_schema.columns
       WHERE table_schema = current_schema()
         AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')`,
    )) as Array<{ table_name: string; column_name: string; sequence: string | null }>;
    let reset = 0;
    for (const r of rows) {
      if (!r.sequence || !tables.includes(r.table_name)) continue;
      // is_called = false: the next nextval() answers exactly max + 1 (1 on an empty table).
      await runner.query(
        `SELECT setval($1, COALESCE((SELECT max(${quote(r.column_name)}) FROM ${quote(r.table_name)}), 0) + 1, false)`,
        [r.sequence],
      );
      reset++;
    }
    return reset;
  }
}

function bare(name: string): string {
  return name.replace(/^"(.*)"$/, '$1').replace(/""/g, '"');
}
