import { execFileSync } from 'node:child_process';

/**
 * The `KEY=value` lines a service script prints for `env` (scripts/services/ldap.sh env), as
 * an object — how tests find the servers the integration setup started.
 */
export function serviceEnv(
  script: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const lines = execFileSync(script, ['env'], { encoding: 'utf8', env }).trim().split('\n');
  return Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
