import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { serviceEnv } from './service-env';

const SCRIPT = 'scripts/services/ldap.sh';

export interface PrivateLdap {
  /** `ldap.sh env` of this instance: LDAP_URL, LDAP_OPENLDAP_*, LDAP_AD_*, … */
  env: Record<string, string>;
  start(): void;
  /** Stops slapd; `clean` also deletes its data. */
  stop(clean?: boolean): void;
  /** SIGKILL, as a crashing or unplugged server — no goodbye to connected clients. */
  kill(): void;
}

/**
 * A slapd of one test's own (scripts/services/ldap.sh on another port and data directory),
 * for tests that change or kill the directory — the shared one's fixtures stay read-only.
 */
export function privateLdap(options: { name: string; port: number; users: number }): PrivateLdap {
  const env = {
    ...process.env,
    LDAP_PORT: String(options.port),
    LDAP_DATA_DIR: `tmp/ldap-${options.name}`,
    LDAP_FIXTURE_USERS: String(options.users),
  };
  const run = (...args: string[]) =>
    execFileSync(SCRIPT, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return {
    env: serviceEnv(SCRIPT, env),
    start: () => run('start'),
    stop: (clean = false) => run('stop', ...(clean ? ['--clean'] : [])),
    kill: () => {
      const pid = Number(readFileSync(`${env.LDAP_DATA_DIR}/slapd.pid`, 'utf8').trim());
      process.kill(pid, 'SIGKILL');
    },
  };
}
