import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { bundle } from '../build/bundle.mjs';
import { buildApp } from '../build/server.mjs';
import { ensureWebBuilt } from '../build/web.mjs';

/**
 * Runs once before the integration project:
 *  - builds the host bundle that the e2e suites spawn as a real process, and the crash-test
 *    child (building inside each suite would race on the output files);
 *  - starts a real Kafka broker (scripts/services/kafka.sh) unless KAFKA_BROKERS points at
 *    one, and our slapd with its fixture directories (scripts/services/ldap.sh), and stops
 *    what it started afterwards — suites share them, so no suite may stop them itself.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildApp('tidings');
  ensureWebBuilt(); // the web client the browser e2e suites load (rebuilt only when changed)
  await bundle('libs/platform/bus/src/crash/crash-child.ts', 'tmp/test-bin/crash-child.mjs');
  let startedKafka = false;
  let brokers = process.env['KAFKA_BROKERS'];
  if (!brokers) {
    const out = execFileSync('scripts/services/kafka.sh', ['start'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    brokers = /KAFKA_BROKERS=(\S+)/.exec(out)?.[1];
    if (!brokers) throw new Error(`kafka.sh start printed no address:\n${out}`);
    startedKafka = true;
  }
  project.provide('kafkaBrokers', brokers);
  const startedLdap = !isRunning('scripts/services/ldap.sh');
  execFileSync('scripts/services/ldap.sh', ['start'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return async () => {
    if (startedLdap) execFileSync('scripts/services/ldap.sh', ['stop'], { stdio: 'inherit' });
    if (startedKafka && process.env['TIDINGS_KEEP_KAFKA'] !== '1') {
      execFileSync('scripts/services/kafka.sh', ['stop'], { stdio: 'inherit' });
    }
  };
}

function isRunning(script: string): boolean {
  try {
    execFileSync(script, ['status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
