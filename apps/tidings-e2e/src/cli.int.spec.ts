import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './server-process';

const dir = mkdtempSync(join(tmpdir(), 'tidings-cli-'));
const DATABASE_URL = `sqlite:${join(dir, 'cli.db')}`;
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

function tidings(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, DATABASE_URL },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('the tidings CLI', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its version and help', () => {
    expect(tidings('--version')).toMatchObject({ status: 0, stdout: `${version}\n` });
    const help = tidings('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: tidings/);
    expect(help.stdout).toMatch(/migrate/);
  });

  it('migrates, then reports nothing pending, and is idempotent', () => {
    const before = tidings('migrate', 'status');
    expect(before.status).toBe(1);
    expect(before.stdout).toMatch(/^\[ \] PlatformCreateSettings/m);

    const first = tidings('migrate');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration/);
    expect(first.stdout).toMatch(/PlatformCreateSettings/);

    expect(tidings('migrate').stdout).toMatch(/schema is up to date/);
    const after = tidings('migrate', 'status');
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/^\[x\] PlatformCreateSettings/m);
  });

  it('rejects an unknown command and bad configuration', () => {
    const unknown = tidings('frobnicate');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);

    const bad = spawnSync(process.execPath, [CLI, 'migrate'], {
      env: { ...process.env, DATABASE_URL: 'mysql://x' },
      encoding: 'utf8',
    });
    expect(bad.status).toBe(78);
    expect(bad.stderr.trim()).toMatch(/^tidings: invalid configuration — DATABASE_URL:/);
  });
});
