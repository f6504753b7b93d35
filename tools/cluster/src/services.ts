import { execFileSync } from 'node:child_process';

/**
 * What a scripts/services script prints for `start` or `env` (`KEY=value` lines: the broker's
 * address, the issuer, the LDAP accounts), read by key. A missing key is an error naming it.
 */
export function serviceEnv(script: string, command: 'start' | 'env'): (key: string) => string {
  const out = execFileSync(`scripts/services/${script}`, [command], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const values = new Map(
    out.split('\n').flatMap((line) => {
      const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      return m?.[1] && m[2] !== undefined ? [[m[1], m[2]] as const] : [];
    }),
  );
  return (key) => {
    const value = values.get(key);
    if (value === undefined) {
      throw new Error(`scripts/services/${script} ${command} printed no ${key}`);
    }
    return value;
  };
}

/** The directory for the sample OpenLDAP tree of scripts/services/ldap.sh (no scheduled syncs). */
export function openLdapEnv(): Record<string, string> {
  const ldap = serviceEnv('ldap.sh', 'env');
  return {
    LDAP_URL: ldap('LDAP_URL'),
    LDAP_BIND_DN: ldap('LDAP_OPENLDAP_BIND_DN'),
    LDAP_BIND_PASSWORD: ldap('LDAP_OPENLDAP_BIND_PASSWORD'),
    LDAP_BASE_DN: ldap('LDAP_OPENLDAP_BASE_DN'),
    LDAP_SYNC_INTERVAL: '0',
  };
}
