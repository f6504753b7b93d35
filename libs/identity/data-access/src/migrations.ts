import { outboxMigration } from '@tidings/platform/bus';
import { ApiTokenEntity } from './api-tokens/api-token.entity';
import { IdentityAddSubjectStatusTime1764500000100 } from './subjects/add-subject-status-time.migration';
import { SubjectEntity } from './subjects/subject.entity';
import {
  IdentityCreateWidgetSites1765200000100,
  IdentityCreateWidgetTokens1765200000200,
} from './widget/create-widget-tables.migration';
import { WidgetSiteEntity, WidgetTokenEntity } from './widget/widget.entities';
import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export const IdentityCreateOutbox = outboxMigration('identity', 1764150000000);

export class IdentityCreateSubjects1764150000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'identity_subjects',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'issuer', type: 'varchar', length: '300' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'username', type: 'varchar', length: '200' },
          { name: 'display_name', type: 'varchar', length: '200', isNullable: true },
          { name: 'roles', type: 'text' },
          { name: 'active', type: 'boolean' },
          { name: 'sessions_revoked_ms', type: t.bigint },
          { name: 'session_version', type: 'integer' },
          { name: 'created_ms', type: t.bigint },
          { name: 'last_seen_ms', type: t.bigint },
        ],
        uniques: [{ name: 'identity_subjects_issuer_subject', columnNames: ['issuer', 'subject'] }],
        indices: [{ name: 'identity_subjects_username', columnNames: ['issuer', 'username'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('identity_subjects', true);
  }
}

export class IdentityCreateApiTokens1764150000200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'identity_api_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'bot_id', type: 'varchar', length: '36' },
          { name: 'prefix', type: 'varchar', length: '32', isUnique: true },
          { name: 'secret_hash', type: 'varchar', length: '64' },
          { name: 'scopes', type: 'text' },
          { name: 'created_by', type: 'varchar', length: '36' },
          { name: 'created_ms', type: t.bigint },
          { name: 'expires_ms', type: t.bigint, isNullable: true },
          { name: 'last_used_ms', type: t.bigint, isNullable: true },
          { name: 'revoked_ms', type: t.bigint, isNullable: true },
        ],
        foreignKeys: [
          {
            columnNames: ['bot_id'],
            referencedTableName: 'identity_subjects',
            referencedColumnNames: ['id'],
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('identity_api_tokens', true);
  }
}

/**
 * Identity's access tables: subjects, bot API tokens, widget sites and tokens, and the
 * identity outbox.
 */
export const identityAccessPersistence = {
  entities: [SubjectEntity, ApiTokenEntity, WidgetSiteEntity, WidgetTokenEntity],
  migrations: [
    IdentityCreateOutbox,
    IdentityCreateSubjects1764150000100,
    IdentityCreateApiTokens1764150000200,
    IdentityAddSubjectStatusTime1764500000100,
    IdentityCreateWidgetSites1765200000100,
    IdentityCreateWidgetTokens1765200000200,
  ],
};
