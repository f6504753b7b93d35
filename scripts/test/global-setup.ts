import { execFileSync, spawn } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { bundle } from '../build/bundle.mjs';
import { buildApp, SERVICE_APPS } from '../build/server.mjs';
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
  // The all-in-one host and each service's own bundle (the cluster suites run those).
  await Promise.all(['tidings', ...SERVICE_APPS].map((name) => buildApp(name)));
  ensureWebBuilt(); // the web client the browser e2e suites load (rebuilt only when changed)
  await bundle('libs/platform/bus/src/crash/crash-child.ts', 'tmp/test-bin/crash-child.mjs');
  let startedKafka = false;
  let brokers = process.env['KAFKA_BROKERS'];
  if (!brokers) {
    // A broker already up (another run's, a developer's) is used and left running.
    startedKafka = !isRunning('scripts/services/kafka.sh');
    const out = execFileSync('scripts/services/kafka.sh', ['start'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    brokers = /KAFKA_BROKERS=(\S+)/.exec(out)?.[1];
    if (!brokers) throw new Error(`kafka.sh start printed no address:\n${out}`);
  }
  project.provide('kafkaBrokers', brokers);
  const startedLdap = !isRunning('scripts/services/ldap.sh');
  execFileSync('scripts/services/ldap.sh', ['start'], { stdio: ['ignore', 'ignore', 'inherit'] });
  // Keycloak takes a minute or two to boot: it starts in the background while the first
  // suites run. Suites that need it call `keycloak.sh start`, which waits for this start (the
  // script's lock) and returns once the realm is served; none of them stops it.
  const startedKeycloak = !isRunning('scripts/services/keycloak.sh');
  const keycloak = startedKeycloak ? startInBackground('scripts/services/keycloak.sh') : null;
  return async () => {
    if (keycloak) {
      await keycloak;
      if (process.env['TIDINGS_KEEP_KEYCLOAK'] !== '1') {
        execFileSync('scripts/services/keycloak.sh', ['stop'], { stdio: 'inherit' });
      }
    }
    if (startedLdap) execFileSync('scripts/services/ldap.sh', ['stop'], { stdio: 'inherit' });
    if (startedKafka && process.env['TIDINGS_KEEP_KAFKA'] !== '1') {
      execFileSync('scripts/services/kafka.sh', ['stop'], { stdio: 'inherit' });
    }
  };
}

/** `<script> start` as a child process; settles when it exits (a failure is the suites' to see). */
function startInBackground(script: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(script, ['start'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
}

function isRunning(script: string): boolean {
  try {
    execFileSync(script, ['status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
