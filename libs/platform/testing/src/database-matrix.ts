import { createTestPostgresDatabase, type TestDatabase } from './postgres';
import { createTestSqliteDatabase } from './sqlite';

export type DatabaseFlavour = 'sqlite' | 'postgres';

/**
 * Both databases Tidings supports. Persistence suites run once per flavour via
 * `describe.each(databaseFlavours)` so every repository is proven on both.
 */
export const databaseFlavours: DatabaseFlavour[] = ['sqlite', 'postgres'];

export async function createTestDatabase(flavour: DatabaseFlavour): Promise<TestDatabase> {
  return flavour === 'sqlite' ? createTestSqliteDatabase() : createTestPostgresDatabase();
}
