import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { LdapSettingsService } from '@tidings/directory/feature';
import {
  createTestDatabase,
  createTestPostgresDatabase,
  databaseFlavours,
  serviceEnv,
  type TestDatabase,
} from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapOptionsOf, tidingsConfigSchema } from '@tidings/host';
import { DirectoryTestHost } from './directory-admin.testing';
import { secretKeyFileOf } from '@tidings/host';

/**
 * LDAP settings through the admin API, against the real slapd of scripts/services/ldap.sh
 * (started by the integration global setup; its fixtures are only read here).
 */
let ldap: Record<string, string>;
beforeAll(() => {
  ldap = serviceEnv('scripts/services/ldap.sh');
});

describe.each(databaseFlavours)('LDAP settings from the API on %s', (flavour) => {
  let db: TestDatabase;
  const host = new DirectoryTestHost();
  const settings = () => host.app.get(LdapSettingsService);
  let openldap: { url: string; bindDn: string; bindPassword: string; baseDn: string };

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    openldap = {
      url: ldap['LDAP_URL']!,
      bindDn: ldap['LDAP_OPENLDAP_BIND_DN']!,
      bindPassword: ldap['LDAP_OPENLDAP_BIND_PASSWORD']!,
      baseDn: ldap['LDAP_OPENLDAP_BASE_DN']!,
    };
    // SQLite generates its key beside the database; PostgreSQL needs TIDINGS_SECRET_KEY.
    await host.start({
      DATABASE_URL: db.url,
      ...(flavour === 'postgres' ? { TIDINGS_SECRET_KEY: randomBytes(32).toString('base64') } : {}),
    });
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  const storedRow = async () =>
    (await host.dataSource.query('SELECT * FROM directory_ldap_settings'))[0] as Record<
      string,
      unknown
    >;

  it('starts unconfigured, every value a default, and only for directory managers', async () => {
    const view = (await host.call('GET', '/directory/ldap-settings', 'admin')).json();
    expect(view).toMatchObject({ configured: false, bindPasswordSet: false, preset: 'openldap' });
    expect(view.sources).toMatchObject({ url: 'default', preset: 'default', bindPassword: null });
    expect(await settings().effective()).toBeNull();
    expect((await host.call('GET', '/directory/ldap-settings', 'user')).statusCode).toBe(403);
    expect((await host.call('PUT', '/directory/ldap-settings', 'user', {})).statusCode).toBe(403);
  });

  it('stores settings, shows them as from the API, and never shows the password', async () => {
    const put = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      ...openldap,
      syncIntervalMinutes: 0,
    });
    expect(put.statusCode).toBe(200);
    expect(put.body).not.toContain(openldap.bindPassword);
    const get = await host.call('GET', '/directory/ldap-settings', 'admin');
    expect(get.body).not.toContain(openldap.bindPassword);
    expect(get.json()).toMatchObject({
      configured: true,
      complete: true,
      url: openldap.url,
      bindPasswordSet: true,
      syncIntervalMinutes: 0,
      sources: { url: 'api', bindDn: 'api', baseDn: 'api', bindPassword: 'api', preset: 'default' },
    });
    expect(get.json()).not.toHaveProperty('bindPassword');
    expect(get.json().updatedBy).toMatch(/^user:/);
  });

  it('keeps the password sealed in the database, never in plain', async () => {
    const row = await storedRow();
    expect(JSON.stringify(row)).not.toContain(openldap.bindPassword);
    expect(String(row['bind_password_sealed'])).toMatch(/^v1\.[0-9a-f]{16}\./);
    expect(row['bind_password_key_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(row).toMatchObject({
      bind_password_url: openldap.url,
      bind_password_bind_dn: openldap.bindDn,
    });
    if (flavour === 'sqlite') {
      const keyFile = secretKeyFileOf(db.url.slice('sqlite:'.length));
      expect(existsSync(keyFile)).toBe(true);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    }
  });

  it('hands the sync and the sign-in the stored settings through effective()', async () => {
    expect(await settings().effective()).toEqual({
      connection: { ...openldap, startTls: false, timeoutMs: 10_000 },
      preset: 'openldap',
      overrides: {},
      syncIntervalMinutes: 0,
      maxDeactivationShare: 0.1,
    });
  });

  it('syncs from a directory configured only through the API (a dry run: nothing written)', async () => {
    const dry = await host.call('POST', '/directory/sync-runs', 'admin', { dryRun: true });
    expect(dry.statusCode).toBe(201);
    expect(dry.json().run).toMatchObject({ status: 'succeeded', dryRun: true, mode: 'full' });
    expect(dry.json().run.counts.created).toBeGreaterThan(1000);
  });

  it('tests the connection against the real slapd: bind, users, groups', async () => {
    const response = await host.call('POST', '/directory/ldap-settings/test', 'admin');
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({ ok: true, bind: 'ok', warnings: [] });
    expect(result.usersSample).toBeGreaterThan(0);
    expect(result.groupsSample).toBeGreaterThan(0);
    expect(result.serverInfo.namingContexts).toContain(openldap.baseDn);
    expect(result.elapsedMs).toBeLessThan(5_000);
    // A candidate is tried without being stored: the AD-shaped directory, AD preset.
    const ad = await host.call('POST', '/directory/ldap-settings/test', 'admin', {
      bindDn: ldap['LDAP_AD_BIND_DN'],
      bindPassword: ldap['LDAP_AD_BIND_PASSWORD'],
      baseDn: ldap['LDAP_AD_BASE_DN'],
      preset: 'active-directory',
    });
    expect(ad.json()).toMatchObject({ ok: true, bind: 'ok' });
    expect(ad.json().usersSample).toBeGreaterThan(0);
    expect((await settings().view()).baseDn).toBe(openldap.baseDn);
  });

  it('tells the failures apart, each with a stable code', async () => {
    const test = async (candidate: Record<string, unknown>) => {
      const response = await host.call('POST', '/directory/ldap-settings/test', 'admin', candidate);
      return { status: response.statusCode, ...response.json() };
    };
    expect(await test({ bindPassword: 'wrong-password' })).toMatchObject({
      status: 422,
      code: 'directory.ldap.bind_failed',
      stage: 'bind',
    });
    const closed = await test({ url: 'ldap://127.0.0.1:1', bindPassword: 'x' });
    expect(closed).toMatchObject({ status: 422, code: 'directory.ldap.unreachable' });
    expect(closed.elapsedMs).toBeLessThan(5_000);
    // The stored password is never sent to a server it was not given for.
    expect(await test({ url: 'ldap://127.0.0.1:1' })).toMatchObject({
      code: 'directory.ldap.incomplete',
      missing: ['bindPassword'],
    });
    expect(await test({ baseDn: 'ou=nowhere,dc=example,dc=com' })).toMatchObject({
      code: 'directory.ldap.base_not_found',
    });
    expect(await test({ startTls: true })).toMatchObject({ code: 'directory.ldap.tls_failed' });
    expect(
      await test({
        url: openldap.url.replace('ldap://', 'ldaps://'),
        bindPassword: openldap.bindPassword,
      }),
    ).toMatchObject({ code: 'directory.ldap.tls_failed' });
    expect(await test({ userFilter: '(&(objectClass=person)' })).toMatchObject({
      status: 422,
      code: 'directory.ldap.bad_filter',
    });
    // Well formed but selecting nobody: it works, with a warning (a sync would refuse).
    const nobody = await test({ userFilter: '(nosuchattribute=x)' });
    expect(nobody).toMatchObject({ status: 200, usersSample: 0 });
    expect(nobody.warnings).toHaveLength(1);
  });

  it('refuses bad input whole: nothing is half-written', async () => {
    const before = await storedRow();
    const bad = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      baseDn: 'ou=people,dc=example,dc=com',
      url: 'http://dc1.example',
      maxDeactivationShare: 0,
      userFilter: '(&(objectClass=person)',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().code).toBe('directory.settings.invalid');
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.maxDeactivationShare', 'body.url', 'body.userFilter']);
    const tls = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      url: 'ldaps://dc1.example',
      startTls: true,
      bindPassword: 'x',
    });
    expect(tls.json()).toMatchObject({ code: 'directory.settings.invalid' });
    const typo = await host.call('PUT', '/directory/ldap-settings', 'admin', { bindpassword: 'x' });
    expect(typo.json()).toMatchObject({ status: 400, code: 'request.invalid' });
    // A patch that changes nothing writes nothing (not even "last changed by").
    const same = await host.call('PUT', '/directory/ldap-settings', 'admin', { url: openldap.url });
    expect(same.statusCode).toBe(200);
    expect(await storedRow()).toEqual(before);
  });

  it('clears the stored password when the URL changes, unless a new one comes with it', async () => {
    const moved = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      url: openldap.url.replace('127.0.0.1', 'localhost'),
    });
    expect(moved.json()).toMatchObject({
      bindPasswordSet: false,
      complete: false,
      missing: ['bindPassword'],
    });
    expect(await storedRow()).toMatchObject({
      bind_password_sealed: null,
      bind_password_url: null,
    });
    await expect(settings().effective()).rejects.toMatchObject({
      code: 'directory.ldap.incomplete',
    });
    const back = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      url: openldap.url,
      bindPassword: openldap.bindPassword,
    });
    expect(back.json()).toMatchObject({ bindPasswordSet: true, complete: true });
    const dn = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      bindDn: 'cn=someone-else,dc=example,dc=com',
    });
    expect(dn.json()).toMatchObject({ bindPasswordSet: false });
    // null removes a stored value: the default shows again.
    const reset = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      bindDn: openldap.bindDn,
      bindPassword: openldap.bindPassword,
      syncIntervalMinutes: null,
    });
    expect(reset.json()).toMatchObject({
      bindPasswordSet: true,
      syncIntervalMinutes: 60,
      sources: { syncIntervalMinutes: 'default' },
    });
  });
});

describe('LDAP settings on PostgreSQL without TIDINGS_SECRET_KEY', () => {
  let db: TestDatabase;
  const host = new DirectoryTestHost();

  beforeAll(async () => {
    db = await createTestPostgresDatabase();
    await host.start({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  it('refuses to store a password (directory.settings.no_secret_key) and writes nothing', async () => {
    const refused = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      url: ldap['LDAP_URL'],
      bindDn: ldap['LDAP_OPENLDAP_BIND_DN'],
      bindPassword: ldap['LDAP_OPENLDAP_BIND_PASSWORD'],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('directory.settings.no_secret_key');
    expect((await host.call('GET', '/directory/ldap-settings', 'admin')).json()).toMatchObject({
      configured: false,
    });
    // Everything but a password can still be stored; a candidate password can still be tested.
    const saved = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      url: ldap['LDAP_URL'],
      bindDn: ldap['LDAP_OPENLDAP_BIND_DN'],
      baseDn: ldap['LDAP_OPENLDAP_BASE_DN'],
    });
    expect(saved.json()).toMatchObject({ configured: true, missing: ['bindPassword'] });
    const tested = await host.call('POST', '/directory/ldap-settings/test', 'admin', {
      bindPassword: ldap['LDAP_OPENLDAP_BIND_PASSWORD'],
    });
    expect(tested.json()).toMatchObject({ ok: true });
  });
});

describe('LDAP settings from the environment, overridden through the API', () => {
  let db: TestDatabase;
  const host = new DirectoryTestHost();
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    env = {
      DATABASE_URL: db.url,
      LDAP_URL: ldap['LDAP_URL']!,
      LDAP_BIND_DN: ldap['LDAP_OPENLDAP_BIND_DN']!,
      LDAP_BIND_PASSWORD: ldap['LDAP_OPENLDAP_BIND_PASSWORD']!,
      LDAP_BASE_DN: ldap['LDAP_OPENLDAP_BASE_DN']!,
      LDAP_SYNC_INTERVAL: '0',
      LDAP_ATTR_EMAIL: 'mail',
    };
    await host.start(env);
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  it('with nothing stored, effective() is exactly what the environment alone gives', async () => {
    const expected = ldapOptionsOf(tidingsConfigSchema.parse(env));
    expect(await host.app.get(LdapSettingsService).effective()).toEqual(expected);
    const view = (await host.call('GET', '/directory/ldap-settings', 'admin')).json();
    expect(view.sources).toMatchObject({
      url: 'env',
      bindPassword: 'env',
      syncIntervalMinutes: 'env',
      preset: 'default',
      attributes: { email: 'env', username: 'default' },
    });
  });

  it('lets the API win field by field, and keeps the environment password to its own server', async () => {
    const base = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      baseDn: 'ou=people,dc=example,dc=com',
    });
    expect(base.json()).toMatchObject({
      baseDn: 'ou=people,dc=example,dc=com',
      bindPasswordSet: true,
      sources: { baseDn: 'api', url: 'env', bindPassword: 'env' },
    });
    const test = await host.call('POST', '/directory/ldap-settings/test', 'admin');
    expect(test.json()).toMatchObject({ ok: true });
    const elsewhere = await host.call('PUT', '/directory/ldap-settings', 'admin', {
      url: ldap['LDAP_URL']!.replace('127.0.0.1', 'localhost'),
    });
    expect(elsewhere.json()).toMatchObject({ bindPasswordSet: false, missing: ['bindPassword'] });
    const back = await host.call('PUT', '/directory/ldap-settings', 'admin', { url: null });
    expect(back.json()).toMatchObject({ bindPasswordSet: true, sources: { url: 'env' } });
  });
});
