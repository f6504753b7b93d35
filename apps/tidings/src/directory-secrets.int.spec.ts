import { randomBytes } from 'node:crypto';
import { LdapSettingsService } from '@tidings/directory/feature';
import {
  createTestDatabase,
  databaseFlavours,
  serviceEnv,
  type TestDatabase,
} from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryTestHost } from './directory-admin.testing';

/**
 * The stored LDAP bind password across restarts of the whole host: key rotation, a key that
 * did not seal it, and a database edited behind Tidings' back.
 */
let ldap: Record<string, string>;
beforeAll(() => {
  ldap = serviceEnv('scripts/services/ldap.sh');
});

describe.each(databaseFlavours)('the sealed bind password across restarts on %s', (flavour) => {
  let db: TestDatabase;
  let host: DirectoryTestHost | undefined;
  const keyA = randomBytes(32).toString('base64');
  const keyB = randomBytes(32).toString('base64');

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
  });

  afterAll(async () => {
    await host?.stop();
    await db.drop();
  });

  const restart = async (env: Record<string, string>) => {
    await host?.stop();
    host = await new DirectoryTestHost().start({ DATABASE_URL: db.url, ...env });
    return host;
  };
  const keyIdColumn = async () =>
    (
      await host!.dataSource.query('SELECT bind_password_key_id AS k FROM directory_ldap_settings')
    )[0].k as string;

  it('is re-sealed with the new key after a rotation, and refused under a key it was not sealed with', async () => {
    await restart({ TIDINGS_SECRET_KEY: keyA });
    await host!.call('PUT', '/directory/ldap-settings', 'admin', {
      url: ldap['LDAP_URL'],
      bindDn: ldap['LDAP_OPENLDAP_BIND_DN'],
      bindPassword: ldap['LDAP_OPENLDAP_BIND_PASSWORD'],
      baseDn: ldap['LDAP_OPENLDAP_BASE_DN'],
    });
    const sealedUnderA = await keyIdColumn();

    // Rotation: B seals, A still opens — and the boot re-seals under B.
    await restart({ TIDINGS_SECRET_KEY: keyB, TIDINGS_SECRET_KEY_PREVIOUS: keyA });
    expect(await keyIdColumn()).not.toBe(sealedUnderA);
    const options = await host!.app.get(LdapSettingsService).effective();
    expect(options?.connection.bindPassword).toBe(ldap['LDAP_OPENLDAP_BIND_PASSWORD']);

    // Only A configured now: the password (sealed under B) is refused, not guessed at.
    await restart({ TIDINGS_SECRET_KEY: keyA });
    const view = (await host!.call('GET', '/directory/ldap-settings', 'admin')).json();
    expect(view).toMatchObject({ bindPasswordSet: false, bindPasswordProblem: 'unknown_key' });
    await expect(host!.app.get(LdapSettingsService).effective()).rejects.toMatchObject({
      code: 'directory.settings.secret_unreadable',
    });
    const test = await host!.call('POST', '/directory/ldap-settings/test', 'admin');
    expect(test.json()).toMatchObject({ code: 'directory.settings.secret_unreadable' });
  });

  it('refuses a sealed password whose server was edited in the database', async () => {
    await restart({ TIDINGS_SECRET_KEY: keyB });
    expect((await host!.app.get(LdapSettingsService).effective())?.connection.url).toBe(
      ldap['LDAP_URL'],
    );
    // Someone with database access points the settings and the password's scope elsewhere.
    const evil = 'ldap://attacker.example:389';
    await host!.dataSource.query(
      `UPDATE directory_ldap_settings SET settings = ${host!.param(1)}, bind_password_url = ${host!.param(2)}`,
      [
        JSON.stringify({
          url: evil,
          bindDn: ldap['LDAP_OPENLDAP_BIND_DN'],
          baseDn: ldap['LDAP_OPENLDAP_BASE_DN'],
        }),
        evil,
      ],
    );
    const view = (await host!.call('GET', '/directory/ldap-settings', 'admin')).json();
    expect(view).toMatchObject({
      url: evil,
      bindPasswordSet: false,
      bindPasswordProblem: 'tampered',
    });
    await expect(host!.app.get(LdapSettingsService).effective()).rejects.toMatchObject({
      code: 'directory.settings.secret_unreadable',
    });
  });
});
