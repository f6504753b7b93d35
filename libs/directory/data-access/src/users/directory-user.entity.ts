import { EntitySchema } from 'typeorm';

export interface DirectoryUserRow {
  id: string;
  source: string;
  externalId: string | null;
  dn: string | null;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  employeeNumber: string | null;
  department: string | null;
  locale: string | null;
  avatarSha256: string | null;
  orgUnitId: string | null;
  status: string;
  createdMs: string | number;
  updatedMs: string | number;
}

const text = (name: string, length: number, nullable = true) => ({
  name,
  type: 'varchar' as const,
  length,
  nullable,
});

export const DirectoryUserEntity = new EntitySchema<DirectoryUserRow>({
  name: 'DirectoryUser',
  tableName: 'directory_users',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    source: text('source', 16, false),
    externalId: text('external_id', 200),
    dn: text('dn', 1000),
    username: text('username', 200, false),
    displayName: text('display_name', 200, false),
    email: text('email', 320),
    phone: text('phone', 64),
    title: text('title', 200),
    employeeNumber: text('employee_number', 64),
    department: text('department', 200),
    locale: text('locale', 35),
    avatarSha256: text('avatar_sha256', 64),
    orgUnitId: text('org_unit_id', 36),
    status: text('status', 16, false),
    createdMs: { name: 'created_ms', type: 'bigint' },
    updatedMs: { name: 'updated_ms', type: 'bigint' },
  },
});
