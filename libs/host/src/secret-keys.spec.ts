import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@tidings/platform/config';
import { afterEach, describe, expect, it } from 'vitest';
import { tidingsConfigSchema } from './config';
import { resolveSecretKeys, secretKeyFileOf } from './secret-keys';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function sqliteUrl(): { url: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-keys-'));
  dirs.push(dir);
  const path = join(dir, 'nested', 'tidings.db'); // the directory does not exist yet
  return { url: `sqlite:${path}`, path };
}
const config = (env: Record<string, string>) => tidingsConfigSchema.parse(env);

describe('the secret key', () => {
  it('on embedded SQLite without TIDINGS_SECRET_KEY: generated once beside the database, mode 0600', () => {
    const { url, path } = sqliteUrl();
    const first = resolveSecretKeys(config({ DATABASE_URL: url }));
    const file = secretKeyFileOf(path);
    expect(first.current).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first.current!)).toBe(
      true,
    );
    expect(first.notices).toEqual([
      { level: 'log', message: expect.stringContaining(`generated the secret key ${file}`) },
    ]);
    const again = resolveSecretKeys(config({ DATABASE_URL: url }));
    expect(again.current!.equals(first.current!)).toBe(true); // read back, not regenerated
    expect(again.notices).toEqual([]);
    chmodSync(file, 0o644);
    expect(resolveSecretKeys(config({ DATABASE_URL: url })).notices).toEqual([
      { level: 'warn', message: expect.stringContaining('readable by others') },
    ]);
  });

  it('prefers TIDINGS_SECRET_KEY, keeping an older key file for opening only', () => {
    const { url, path } = sqliteUrl();
    const fileKey = resolveSecretKeys(config({ DATABASE_URL: url })).current!;
    const envKey = randomBytes(32);
    const keys = resolveSecretKeys(
      config({ DATABASE_URL: url, TIDINGS_SECRET_KEY: envKey.toString('base64') }),
    );
    expect(keys.current!.equals(envKey)).toBe(true);
    expect(keys.previous.map((k) => k.toString('hex'))).toEqual([fileKey.toString('hex')]);
    expect(readFileSync(secretKeyFileOf(path), 'utf8').trim()).toBe(fileKey.toString('base64'));
  });

  it('on PostgreSQL without TIDINGS_SECRET_KEY: none, so nothing secret can be stored', () => {
    const keys = resolveSecretKeys(config({ DATABASE_URL: 'postgres://u@127.0.0.1:1/db' }));
    expect(keys.current).toBeNull();
    const previous = randomBytes(32);
    const current = randomBytes(32);
    const rotated = resolveSecretKeys(
      config({
        DATABASE_URL: 'postgres://u@127.0.0.1:1/db',
        TIDINGS_SECRET_KEY: current.toString('base64url'),
        TIDINGS_SECRET_KEY_PREVIOUS: ` ${previous.toString('base64')} `,
      }),
    );
    expect(rotated.current!.equals(current)).toBe(true);
    expect(rotated.previous[0]!.equals(previous)).toBe(true);
  });

  it('refuses a malformed key without ever echoing it', () => {
    const bad = 'c2hvcnQta2V5LW5vdC0zMi1ieXRlcw=='; // valid base64, 22 bytes
    const cases: Array<Record<string, string>> = [
      { TIDINGS_SECRET_KEY: bad },
      { TIDINGS_SECRET_KEY: 'not base64 at all!' },
      { TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'), TIDINGS_SECRET_KEY_PREVIOUS: bad },
    ];
    for (const env of cases) {
      let error: unknown;
      try {
        resolveSecretKeys(config({ DATABASE_URL: 'postgres://u@127.0.0.1:1/db', ...env }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(
        /^TIDINGS_SECRET_KEY(_PREVIOUS)?: expected the base64/,
      );
      expect((error as Error).message).not.toContain(bad);
    }
  });

  it('refuses a damaged key file rather than generating a new one over it', () => {
    const { url, path } = sqliteUrl();
    resolveSecretKeys(config({ DATABASE_URL: url }));
    writeFileSync(secretKeyFileOf(path), 'garbage\n');
    expect(() => resolveSecretKeys(config({ DATABASE_URL: url }))).toThrow(ConfigError);
    expect(readFileSync(secretKeyFileOf(path), 'utf8')).toBe('garbage\n');
  });
});
