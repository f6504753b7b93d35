import type { DirectoryUser, LdapUser } from '@tidings/directory/data-access';
import { describe, expect, it, vi } from 'vitest';
import type { DirectoryLdapOptions } from '../directory-options';
import { LdapPasswordCheck } from './ldap-password-check';

/** The adapter's own decisions; the bind itself is proven against slapd (ldap-reader, e2e). */
const settings = { connection: { baseDn: 'dc=corp,dc=example' } } as DirectoryLdapOptions;
const entry: LdapUser = {
  externalId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
  dn: 'cn=Carol Chen,ou=Platform,dc=corp,dc=example',
  username: 'carol',
  displayName: 'Carol Chen',
  email: 'carol@corp.example',
  phone: null,
  title: null,
  employeeNumber: null,
  department: null,
  locale: null,
  avatarSha256: null,
  orgUnits: ['Platform'],
  disabled: false,
  modifiedAt: null,
};
const synced = {
  id: 'b7f1a0c2-0000-4000-8000-00000000ca01',
  source: 'ldap',
  externalId: entry.externalId,
  username: 'carol',
  status: 'active',
} as DirectoryUser;

function check(options: {
  bind?: () => Promise<LdapUser | undefined>;
  user?: Partial<DirectoryUser> | undefined;
  ldap?: DirectoryLdapOptions | null;
}) {
  const verifyPassword = vi.fn(options.bind ?? (async () => entry));
  const adapter = new LdapPasswordCheck(
    async () => (options.ldap === undefined ? settings : options.ldap),
    {
      findByUsername: async () =>
        options.user === undefined ? undefined : ({ ...synced, ...options.user } as DirectoryUser),
    },
    () => ({ verifyPassword }),
  );
  return { adapter, verifyPassword };
}

describe('checking a password by LDAP bind for the built-in issuer', () => {
  it('names the synced directory user of the bound entry', async () => {
    const { adapter, verifyPassword } = check({ user: {} });
    expect(await adapter.verify('carol', 'carol-password')).toEqual({
      username: 'carol',
      displayName: 'Carol Chen',
      email: 'carol@corp.example',
      userId: synced.id,
    });
    expect(verifyPassword).toHaveBeenCalledWith('carol', 'carol-password');
  });

  it('gives no user id for an entry not synced, deactivated, or another entry of that name', async () => {
    for (const user of [undefined, { status: 'deactivated' }, { externalId: 'other-guid' }]) {
      const { adapter } = check({ user: user as Partial<DirectoryUser> | undefined });
      expect(await adapter.verify('carol', 'carol-password')).toMatchObject({ userId: null });
    }
  });

  it('answers undefined for a refused bind, and without binding when no directory is set', async () => {
    expect(await check({ bind: async () => undefined }).adapter.verify('carol', 'x')).toBe(
      undefined,
    );
    const none = check({ ldap: null });
    expect(await none.adapter.verify('carol', 'carol-password')).toBeUndefined();
    expect(none.verifyPassword).not.toHaveBeenCalled();
  });

  it('rejects when the directory cannot be reached', async () => {
    const down = check({
      bind: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:389');
      },
    });
    await expect(down.adapter.verify('carol', 'carol-password')).rejects.toThrow(/ECONNREFUSED/);
  });
});
