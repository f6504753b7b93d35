import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '@tidings/platform/persistence';

/** The built-in issuer's keys and the state oidc-provider persists through its adapter. */
export class IdentityCreateIssuerTables1764200000200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'identity_signing_keys',
        columns: [
          { name: 'kid', type: 'varchar', length: '100', isPrimary: true },
          { name: 'alg', type: 'varchar', length: '20' },
          { name: 'private_jwk', type: 'text' },
          { name: 'created_at', type: t.timestamp },
          { name: 'retired_at', type: t.timestamp, isNullable: true },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'identity_cookie_keys',
        columns: [
          { name: 'id', type: t.id, length: '36', isPrimary: true },
          { name: 'secret', type: 'varchar', length: '200' },
          { name: 'created_at', type: t.timestamp },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'identity_oidc_payloads',
        columns: [
          // oidc-provider ids are unique per model only, hence the composite key.
          { name: 'model', type: 'varchar', length: '64', isPrimary: true },
          { name: 'id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'payload', type: 'text' },
          { name: 'grant_id', type: 'varchar', length: '255', isNullable: true },
          { name: 'user_code', type: 'varchar', length: '255', isNullable: true },
          { name: 'uid', type: 'varchar', length: '255', isNullable: true },
          { name: 'expires_at', type: t.timestamp, isNullable: true },
          { name: 'consumed_at', type: t.timestamp, isNullable: true },
        ],
        indices: [
          // revokeByGrantId (logout), findByUid (sessions), findByUserCode, expiry sweeps.
          { name: 'identity_oidc_payloads_grant', columnNames: ['grant_id'] },
          { name: 'identity_oidc_payloads_uid', columnNames: ['model', 'uid'] },
          { name: 'identity_oidc_payloads_user_code', columnNames: ['model', 'user_code'] },
          { name: 'identity_oidc_payloads_expiry', columnNames: ['expires_at'] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('identity_oidc_payloads', true);
    await queryRunner.dropTable('identity_cookie_keys', true);
    await queryRunner.dropTable('identity_signing_keys', true);
  }
}
