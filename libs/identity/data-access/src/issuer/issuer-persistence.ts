import { AccountEntity } from '../accounts/account.entity';
import { IdentityAddAccountSource1764400000100 } from '../accounts/add-account-source.migration';
import { IdentityCreateAccounts1764200000000 } from '../accounts/create-accounts.migration';
import { IdentityCreateIssuerTables1764200000200 } from './create-issuer-tables.migration';
import { CookieKeyEntity, OidcPayloadEntity, SigningKeyEntity } from './issuer.entities';

/** The service name: its outbox is `identity_outbox`, its tables start with `identity_`. */
export const IDENTITY_SERVICE = 'identity';

/**
 * Tables of the built-in issuer. Mounted by every host that runs the identity service —
 * also with an external issuer, so the schema does not depend on configuration (the tables
 * then simply stay empty). The identity outbox comes with `identityAccessPersistence`.
 */
export const issuerPersistence = {
  entities: [AccountEntity, SigningKeyEntity, CookieKeyEntity, OidcPayloadEntity],
  migrations: [
    IdentityCreateAccounts1764200000000,
    IdentityCreateIssuerTables1764200000200,
    // Alters identity_accounts, so it travels with the table's own migration.
    IdentityAddAccountSource1764400000100,
  ],
};
