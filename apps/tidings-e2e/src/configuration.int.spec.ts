import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MAIN } from './server-process';

function boot(env: Record<string, string>) {
  return spawnSync(process.execPath, [MAIN], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });
}

describe('bad configuration', () => {
  it.each([
    [
      { DATABASE_URL: 'mysql://x' },
      /^tidings: invalid configuration — DATABASE_URL: expected sqlite:<path> or postgres:/,
    ],
    [
      { PORT: 'abc' },
      /^tidings: invalid configuration — PORT: expected a port number \(1-65535\); got "abc"$/,
    ],
    [{ LOG_LEVEL: 'chatty' }, /^tidings: invalid configuration — LOG_LEVEL: /],
  ])('%o stops the process with one clear line', (env, message) => {
    const result = boot(env);
    expect(result.status).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
