import { EntitySchema } from 'typeorm';

/** One row of `identity_accounts`, as stored. `roles` is a JSON text array of `Role`. */
export interface AccountRow {
  id: string;
  username: string;
  displayName: string;
  roles: string;
  /** Null for accounts whose password another system checks (`source` 'ldap'). */
  passwordHash: string | null;
  /** `AccountSource`: 'local' or 'ldap'. */
  source: string;
  failedAttempts: number;
  lockedUntil: Date | null;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const AccountEntity = new EntitySchema<AccountRow>({
  name: 'IdentityAccount',
  tableName: 'identity_accounts',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    username: { type: 'varchar', length: 64, unique: true },
    displayName: { name: 'display_name', type: 'varchar', length: 200 },
    roles: { type: 'text' },
    passwordHash: { name: 'password_hash', type: 'varchar', length: 255, nullable: true },
    source: { type: 'varchar', length: 16, default: 'local' },
    failedAttempts: { name: 'failed_attempts', type: 'integer' },
    lockedUntil: { name: 'locked_until', type: Date, nullable: true },
    disabled: { type: Boolean },
    createdAt: { name: 'created_at', type: Date },
    updatedAt: { name: 'updated_at', type: Date },
  },
});
