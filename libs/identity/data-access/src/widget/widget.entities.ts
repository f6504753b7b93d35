import { EntitySchema } from 'typeorm';

export interface WidgetSiteRow {
  id: string;
  origin: string;
  botId: string;
  name: string | null;
  createdBy: string;
  createdMs: string | number;
}

export const WidgetSiteEntity = new EntitySchema<WidgetSiteRow>({
  name: 'IdentityWidgetSite',
  tableName: 'identity_widget_sites',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    origin: { type: 'varchar', length: 300 },
    botId: { name: 'bot_id', type: 'varchar', length: 36 },
    name: { type: 'varchar', length: 100, nullable: true },
    createdBy: { name: 'created_by', type: 'varchar', length: 36 },
    createdMs: { name: 'created_ms', type: 'bigint' },
  },
});

export interface WidgetTokenRow {
  id: string;
  prefix: string;
  secretHash: string;
  userId: string;
  botId: string;
  siteId: string;
  origin: string;
  expiresMs: string | number;
  createdMs: string | number;
}

export const WidgetTokenEntity = new EntitySchema<WidgetTokenRow>({
  name: 'IdentityWidgetToken',
  tableName: 'identity_widget_tokens',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    prefix: { type: 'varchar', length: 32 },
    secretHash: { name: 'secret_hash', type: 'varchar', length: 64 },
    userId: { name: 'user_id', type: 'varchar', length: 36 },
    botId: { name: 'bot_id', type: 'varchar', length: 36 },
    siteId: { name: 'site_id', type: 'varchar', length: 36 },
    origin: { type: 'varchar', length: 300 },
    expiresMs: { name: 'expires_ms', type: 'bigint' },
    createdMs: { name: 'created_ms', type: 'bigint' },
  },
});
