import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditSigningKey } from '@tidings/audit/domain';
import { AuditExportsHost, filesOf, officer, unpack } from './audit-exports.testing';

/**
 * `tidings audit verify-export` and `tidings audit export` (docs/compliance.md "Exports"), in
 * this process against the host's database after the scripted scenario: verification passes
 * each export offline and names the file one changed byte is in; the CLI's export writes what
 * the job writes.
 */
describe.each(databaseFlavours)('audit export CLI on %s', (flavour) => {
  let db: TestDatabase;
  const host = new AuditExportsHost();
  const publicKeyFile = join(mkdtempSync(join(tmpdir(), 'audit-key-')), 'public.pem');

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.startWithScenario(db);
    const key = (await host.ok('GET', '/audit/public-key', officer)) as { publicKeyPem: string };
    writeFileSync(publicKeyFile, key.publicKeyPem);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await host.stop();
    await db?.drop();
  });

  it('verify-export passes each export, and names the file one changed byte is in', async () => {
    for (const format of ['csv', 'jsonl', 'eml']) {
      const { dir } = await host.exported(format);
      const good = await host.tidings('audit', 'verify-export', dir, '--public-key', publicKeyFile);
      expect(good.exitCode, good.stderr).toBe(0);
      expect(good.stdout).toMatch(/^ok: /);
      const victim =
        format === 'eml'
          ? [...filesOf(dir).keys()].find((p) => p.endsWith('.eml'))!
          : `records.${format}`;
      const bytes = readFileSync(join(dir, victim));
      bytes[bytes.length >> 1] ^= 0x20;
      writeFileSync(join(dir, victim), bytes);
      const bad = await host.tidings('audit', 'verify-export', dir, '--public-key', publicKeyFile);
      expect(bad.exitCode).toBe(1);
      expect(bad.stderr).toContain(`tidings: ${victim}: SHA-256`);
    }
  });

  it('verify-export refuses an export under another key, and a manifest changed by hand', async () => {
    // A fresh copy: the test before changed bytes of the first.
    const dir = join(unpack((await host.exported('csv')).bytes), 'audit-export');
    const other = join(mkdtempSync(join(tmpdir(), 'audit-key-')), 'other.pem');
    writeFileSync(other, AuditSigningKey.generate().publicPem());
    const wrongKey = await host.tidings('audit', 'verify-export', dir, '--public-key', other);
    expect(wrongKey.exitCode).toBe(1);
    expect(wrongKey.stderr).toMatch(
      /^tidings: manifest\.json: signed with key \w+, not the given key/,
    );
    // Without --public-key: this installation's configured key.
    expect((await host.tidings('audit', 'verify-export', dir)).exitCode).toBe(0);
    const manifest = join(dir, 'manifest.json');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace(/"recordCount": \d+/, '"recordCount": 1'),
    );
    const edited = await host.tidings('audit', 'verify-export', dir, '--public-key', publicKeyFile);
    expect(edited.exitCode).toBe(1);
    expect(edited.stderr).toContain(
      'tidings: manifest.json: its signature does not match its content',
    );
  });

  it('export writes what the job writes, into --out, and refuses a bad option', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'audit-cli-')), 'out');
    const run = await host.tidings(
      'audit',
      'export',
      '--format',
      'eml',
      '--to',
      host.to,
      '--out',
      out,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const messages = host.records.filter((r) =>
      /^messaging\.message\.(sent|edited|deleted)$/.test(r.type),
    );
    expect(run.stdout).toContain(`${out}: ${messages.length} record(s)`);
    const job = (await host.exported('eml')).files;
    const cli = filesOf(out);
    expect([...cli.keys()].sort()).toEqual([...job.keys()].sort());
    for (const [path, content] of job) expect(cli.get(path)?.equals(content), path).toBe(true);
    const again = await host.tidings('audit', 'export', '--format', 'eml', '--out', out);
    expect(again).toMatchObject({ exitCode: 2, stderr: `tidings: --out: ${out} is not empty\n` });
    const bad = await host.tidings('audit', 'export', '--format', 'pdf', '--out', out);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^tidings: --format: /);
  });
});
