import type { QueryRunner } from 'typeorm';
import type { DatabaseKind } from './database-url';

/**
 * Column types for migrations written with TypeORM's Table API. Each helper picks the type
 * that behaves the same on both databases, so one migration serves SQLite and PostgreSQL.
 */
export function dialectOf(queryRunner: QueryRunner): DatabaseKind {
  return queryRunner.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

export function columnTypes(queryRunner: QueryRunner) {
  const pg = dialectOf(queryRunner) === 'postgres';
  return {
    /** Instant in time; PostgreSQL stores it with time zone, SQLite as UTC text. */
    timestamp: pg ? 'timestamptz' : 'datetime',
    /** Structured data; queried only by the owning service. */
    json: pg ? 'jsonb' : 'text',
    /** 64-bit counters such as sequence numbers. */
    bigint: pg ? 'bigint' : 'integer',
    /** An auto-incrementing 64-bit key (SQLite's rowid alias must be `integer`). */
    bigIncrement: pg ? 'bigint' : 'integer',
    binary: pg ? 'bytea' : 'blob',
    /** Identifiers such as uuid v7, kept as text so both databases sort them alike. */
    id: 'varchar',
  } as const;
}
