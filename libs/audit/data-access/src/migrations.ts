import { outboxMigration } from '@tidings/platform/bus';
import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { GENESIS_HASH } from '@tidings/audit/domain';

export const AuditCreateOutbox = outboxMigration('audit', 1765100000000);

/**
 * The audit trail (docs/compliance.md). Rows are only ever inserted: no code path updates or
 * deletes a record or a checkpoint — the one row that changes is the chain head, which the
 * writer locks to append (so two processes never fork the chain) and which remembers how far
 * the chain went (so removing records at its end is noticed).
 */
export class AuditCreateTrail1765100000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_records',
        columns: [
          /** Assigned by the writer under the head's lock: 1, 2, 3… gapless. */
          { name: 'seq', type: t.bigint, isPrimary: true },
          { name: 'id', type: 'varchar', length: '36' },
          { name: 'source_event_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'type', type: 'varchar', length: '200' },
          /** ISO text exactly as hashed; occurred_ms is the same instant, for range queries. */
          { name: 'occurred_at', type: 'varchar', length: '40' },
          { name: 'occurred_ms', type: t.bigint },
          { name: 'recorded_at', type: 'varchar', length: '40' },
          { name: 'actor_kind', type: 'varchar', length: '32', isNullable: true },
          { name: 'actor_id', type: 'varchar', length: '200', isNullable: true },
          /** JSON array of user ids (indexed in audit_record_subjects). */
          { name: 'subject_ids', type: 'text' },
          { name: 'conversation_id', type: 'varchar', length: '64', isNullable: true },
          /** JSON text, not jsonb: PostgreSQL's jsonb would reorder keys and respell numbers. */
          { name: 'data', type: 'text' },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        indices: [
          // NULLs are distinct on both databases: audit-own records (no event) never collide.
          { name: 'audit_records_source_event', columnNames: ['source_event_id'], isUnique: true },
          { name: 'audit_records_conversation', columnNames: ['conversation_id', 'seq'] },
          { name: 'audit_records_type', columnNames: ['type', 'seq'] },
          { name: 'audit_records_occurred', columnNames: ['occurred_ms'] },
        ],
      }),
      true,
    );
    // Who each record concerns, one row per (user, record): the users filter by index.
    await queryRunner.createTable(
      new Table({
        name: 'audit_record_subjects',
        columns: [
          { name: 'user_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'seq', type: t.bigint, isPrimary: true },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_checkpoints',
        columns: [
          { name: 'seq', type: t.bigint, isPrimary: true },
          { name: 'root_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'varchar', length: '40' },
          { name: 'key_id', type: 'varchar', length: '32' },
          { name: 'signature', type: 'varchar', length: '200' },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_chain_head',
        columns: [
          /** Always 1: one chain. */
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'last_seq', type: t.bigint },
          { name: 'last_hash', type: 'varchar', length: '64' },
          { name: 'last_checkpoint_seq', type: t.bigint },
          { name: 'last_checkpoint_ms', type: t.bigint },
        ],
      }),
      true,
    );
    await queryRunner.query(
      `INSERT INTO audit_chain_head (id, last_seq, last_hash, last_checkpoint_seq, last_checkpoint_ms) VALUES (1, 0, '${GENESIS_HASH}', 0, 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_chain_head', true);
    await queryRunner.dropTable('audit_checkpoints', true);
    await queryRunner.dropTable('audit_record_subjects', true);
    await queryRunner.dropTable('audit_records', true);
  }
}
