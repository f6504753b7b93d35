import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditSigningKey } from '@tidings/audit/domain';
import { ConfigError } from '@tidings/platform/config';
import { afterEach, describe, expect, it } from 'vitest';
import { auditKeyFileOf, resolveAuditKeys } from './audit-wiring';
import { tidingsConfigSchema } from './config';

describe('the audit signing key', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'tidings-audit-key-'));
    dirs.push(d);
    return d;
  };
  const config = (env: Record<string, string>) => tidingsConfigSchema.parse(env);

  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is generated once beside an embedded database (0600) and read back after', () => {
    const db = join(dir(), 'tidings.db');
    const first = resolveAuditKeys(config({ DATABASE_URL: `sqlite:${db}` }));
    const file = auditKeyFileOf(db);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.notices).toEqual([
      { level: 'log', message: expect.stringContaining(`generated the audit signing key ${file}`) },
    ]);
    const again = resolveAuditKeys(config({ DATABASE_URL: `sqlite:${db}` }));
    expect(again.signing.keyId).toBe(first.signing.keyId);
    expect(again.notices).toEqual([]);
  });

  it('comes from AUDIT_SIGNING_KEY_FILE, still trusting the generated one and listed old keys', () => {
    const d = dir();
    const db = join(d, 'tidings.db');
    const embedded = resolveAuditKeys(config({ DATABASE_URL: `sqlite:${db}` })).signing;
    const configured = AuditSigningKey.generate();
    const old = AuditSigningKey.generate();
    writeFileSync(join(d, 'audit.pem'), configured.privatePem(), { mode: 0o600 });
    writeFileSync(join(d, 'old.pub'), old.publicPem());
    const keys = resolveAuditKeys(
      config({
        DATABASE_URL: `sqlite:${db}`,
        AUDIT_SIGNING_KEY_FILE: join(d, 'audit.pem'),
        AUDIT_PREVIOUS_PUBLIC_KEY_FILES: join(d, 'old.pub'),
      }),
    );
    expect(keys.signing.keyId).toBe(configured.keyId);
    expect(keys.previous?.map((k) => k.export({ format: 'pem', type: 'spki' }))).toEqual([
      old.publicPem(),
      embedded.publicPem(),
    ]);
  });

  it('refuses an unreadable or non-Ed25519 file, naming the variable', () => {
    const d = dir();
    writeFileSync(join(d, 'bad.pem'), 'not a key', { mode: 0o600 });
    for (const file of [join(d, 'missing.pem'), join(d, 'bad.pem')]) {
      let error: unknown;
      try {
        resolveAuditKeys(
          config({ DATABASE_URL: 'postgres://x@127.0.0.1/db', AUDIT_SIGNING_KEY_FILE: file }),
        );
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ variable: 'AUDIT_SIGNING_KEY_FILE' });
      expect(String(error)).not.toContain('not a key');
    }
  });

  it('on PostgreSQL without the variable: a key for this process only, and a warning', () => {
    const keys = resolveAuditKeys(config({ DATABASE_URL: 'postgres://x@127.0.0.1/db' }));
    expect(keys.signing.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(keys.notices).toEqual([
      { level: 'warn', message: expect.stringContaining('AUDIT_SIGNING_KEY_FILE is not set') },
    ]);
  });
});
