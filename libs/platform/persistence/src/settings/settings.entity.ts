import { EntitySchema } from 'typeorm';

export interface SettingRow {
  key: string;
  value: string;
  updatedAt: Date;
}

export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'PlatformSetting',
  tableName: 'platform_settings',
  columns: {
    key: { type: 'varchar', length: 128, primary: true },
    value: { type: 'text' },
    updatedAt: { name: 'updated_at', type: Date },
  },
});
