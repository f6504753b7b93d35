import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Reads a `.env` file into an environment object without overriding variables that are
 * already set: the real environment always wins over the file, as operators expect.
 */
export function withDotEnv(
  env: NodeJS.ProcessEnv,
  path = '.env',
): Record<string, string | undefined> {
  if (!existsSync(path)) return { ...env };
  const fromFile = parseEnv(readFileSync(path, 'utf8'));
  return { ...fromFile, ...env };
}
