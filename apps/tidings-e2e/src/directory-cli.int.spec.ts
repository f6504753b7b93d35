import { serviceEnv } from '@tidings/platform/testing';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './server-process';

/** `tidings directory sync` against the real slapd fixture (started by the integration setup). */
describe('tidings directory sync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-dir-cli-'));
  let ldapEnv: Record<string, string>;

  beforeAll(() => {
    const vars = serviceEnv('scripts/services/ldap.sh');
    ldapEnv = {
      LDAP_URL: vars['LDAP_URL'] ?? '',
      LDAP_BASE_DN: vars['LDAP_OPENLDAP_BASE_DN'] ?? '',
      LDAP_BIND_DN: vars['LDAP_OPENLDAP_BIND_DN'] ?? '',
      LDAP_BIND_PASSWORD: vars['LDAP_OPENLDAP_BIND_PASSWORD'] ?? '',
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tidings = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [CLI, 'directory', 'sync', ...args], {
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'dir.db')}`, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('explains what is missing when no directory is configured', () => {
    const result = tidings([], { LDAP_URL: '' });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/no directory configured — set LDAP_URL/);
    expect(tidings([], { ...ldapEnv, LDAP_BASE_DN: '' }).stderr).toMatch(
      /LDAP_BASE_DN: required when LDAP_URL is set/,
    );
  });

  it('dry-runs, syncs, then finds nothing to change', () => {
    const dry = tidings(['--dry-run', '--json'], ldapEnv);
    expect(dry.status, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout) as {
      run: { status: string; dryRun: boolean; counts: Record<string, number> };
      changes: unknown[];
    };
    expect(report.run).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(report.changes).toHaveLength(report.run.counts['created'] ?? -1);

    const real = tidings([], ldapEnv);
    expect(real.status, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^full sync succeeded\n\s+created\s+\d{4}/);

    const again = tidings(['--json'], ldapEnv);
    const counts = (JSON.parse(again.stdout) as { run: { counts: Record<string, number> } }).run
      .counts;
    expect(counts).toMatchObject({
      created: 0,
      updated: 0,
      deactivated: 0,
      unchanged: report.run.counts['created'],
    });
  });

  it('reads only what changed with --delta', () => {
    const delta = tidings(['--delta', '--json'], ldapEnv);
    expect(delta.status, delta.stderr).toBe(0);
    const run = (
      JSON.parse(delta.stdout) as { run: { mode: string; counts: Record<string, number> } }
    ).run;
    expect(run.mode).toBe('delta');
    expect(run.counts).toMatchObject({ created: 0, updated: 0, deactivated: 0 });
  });

  it('exits 4 while another process holds the sync lease', () => {
    const db = new Database(join(dir, 'dir.db'));
    try {
      // What a server mid-sync looks like from here: a live lease held by someone else.
      db.prepare(`UPDATE directory_sync_lock SET holder = 'server', expires_ms = ?`).run(
        Date.now() + 60_000,
      );
      const busy = tidings([], ldapEnv);
      expect(busy.status).toBe(4);
      expect(busy.stderr).toMatch(/a directory sync is already running/);
    } finally {
      db.prepare(`UPDATE directory_sync_lock SET holder = NULL, expires_ms = 0`).run();
      db.close();
    }
  });

  it('refuses a mass deactivation with exit code 3 unless confirmed', () => {
    // A filter that suddenly leaves out most people — a typo an administrator might make.
    const narrowed = {
      ...ldapEnv,
      LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(!(uid=user0*)))',
    };
    const refused = tidings([], narrowed);
    expect(refused.status).toBe(3);
    expect(refused.stdout).toMatch(/sync refused[\s\S]*would deactivate \d+ of \d+ active users/);
    const dry = tidings(['--dry-run', '--confirm', '--json'], narrowed);
    expect(JSON.parse(dry.stdout).run.counts.deactivated).toBeGreaterThan(900);
  });
});
