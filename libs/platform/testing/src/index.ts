export { createTestPostgresDatabase, testPostgresAdminUrl, type TestDatabase } from './postgres';
export { createTestSqliteDatabase } from './sqlite';
export { createTestDatabase, databaseFlavours, type DatabaseFlavour } from './database-matrix';
export { serviceEnv } from './service-env';
export { privateLdap, type PrivateLdap } from './private-ldap';
