import { EntitySchema } from 'typeorm';

export interface ApiTokenRow {
  id: string;
  botId: string;
  prefix: string;
  secretHash: string;
  scopes: string;
  createdBy: string;
  createdMs: string | number;
  expiresMs: string | number | null;
  lastUsedMs: string | number | null;
  revokedMs: string | number | null;
}

export const ApiTokenEntity = new EntitySchema<ApiTokenRow>({
  name: 'IdentityApiToken',
  tableName: 'identity_api_tokens',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    botId: { name: 'bot_id', type: 'varchar', length: 36 },
    prefix: { type: 'varchar', length: 32 },
    secretHash: { name: 'secret_hash', type: 'varchar', length: 64 },
    scopes: { type: 'text' },
    createdBy: { name: 'created_by', type: 'varchar', length: 36 },
    createdMs: { name: 'created_ms', type: 'bigint' },
    expiresMs: { name: 'expires_ms', type: 'bigint', nullable: true },
    lastUsedMs: { name: 'last_used_ms', type: 'bigint', nullable: true },
    revokedMs: { name: 'revoked_ms', type: 'bigint', nullable: true },
  },
});
