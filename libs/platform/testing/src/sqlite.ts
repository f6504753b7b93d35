import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase } from './postgres';

/** A SQLite file in its own temporary directory (a file, not :memory:, to exercise WAL). */
export function createTestSqliteDatabase(): TestDatabase & { path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-db-'));
  const path = join(dir, 'tidings.db');
  return {
    path,
    url: `sqlite:${path}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
