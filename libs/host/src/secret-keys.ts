import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '@tidings/platform/config';
import { parseDatabaseUrl } from '@tidings/platform/persistence';
import { secretKeyBytesOf, type TidingsConfig } from './config';

export interface SecretKeys {
  /** Seals new secrets; null on PostgreSQL without TIDINGS_SECRET_KEY (nothing can be stored). */
  current: Buffer | null;
  /** Open what older keys sealed, until a save re-seals it with `current`. */
  previous: Buffer[];
  /**
   * What the operator should hear about the key (generated, readable by others). Logged by the
   * directory at boot, through the app's logger and level — this runs before that exists.
   */
  notices: Array<{ level: 'log' | 'warn'; message: string }>;
}

/** The generated key of an embedded installation: beside the database, e.g. data/tidings.db.secret. */
export function secretKeyFileOf(databasePath: string): string {
  return `${databasePath}.secret`;
}

function readKeyFile(path: string, notices: SecretKeys['notices']): Buffer {
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077)
    notices.push({
      level: 'warn',
      message: `${path} is readable by others (mode ${mode.toString(8)}); chmod 600 it`,
    });
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32)
    throw new ConfigError(
      `TIDINGS_SECRET_KEY: ${path} does not hold the base64 of 32 bytes; restore it from a backup, or set TIDINGS_SECRET_KEY`,
      'TIDINGS_SECRET_KEY',
    );
  return key;
}

/**
 * The key that seals stored secrets. TIDINGS_SECRET_KEY when set. Otherwise, on the embedded
 * SQLite database, a key generated once into a file beside it (mode 0600) — so `npm start`
 * needs no setup, and the key travels with the database in a backup of its directory. On
 * PostgreSQL there is no such obvious place (and several processes would have to agree), so
 * without the variable nothing secret can be stored.
 *
 * A key file left from before TIDINGS_SECRET_KEY was set stays usable for opening, so
 * passwords stored under it are not lost when the operator moves to the variable.
 */
export function resolveSecretKeys(config: TidingsConfig): SecretKeys {
  const { current, previous } = secretKeyBytesOf(config);
  const notices: SecretKeys['notices'] = [];
  const target = parseDatabaseUrl(config.DATABASE_URL);
  if (target.kind !== 'sqlite') return { current, previous, notices };
  // An in-memory database dies with the process, and so may its key.
  if (target.path === ':memory:') return { current: current ?? randomBytes(32), previous, notices };
  const file = secretKeyFileOf(target.path);
  let fileKey: Buffer | undefined;
  try {
    fileKey = readKeyFile(file, notices);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (current) return { current, previous: fileKey ? [...previous, fileKey] : previous, notices };
  if (fileKey) return { current: fileKey, previous, notices };
  mkdirSync(dirname(file), { recursive: true });
  const generated = randomBytes(32);
  try {
    // `wx`: if another process created it meanwhile, use theirs rather than overwrite it.
    writeFileSync(file, `${generated.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { current: readKeyFile(file, notices), previous, notices };
  }
  notices.push({
    level: 'log',
    message: `generated the secret key ${file} (mode 0600): back it up with the database — stored LDAP passwords cannot be read without it`,
  });
  return { current: generated, previous, notices };
}
