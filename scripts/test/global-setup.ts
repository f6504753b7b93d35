import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { bundle } from '../build/bundle.mjs';
import { buildApp } from '../build/server.mjs';

/**
 * Runs once before the integration project:
 *  - builds the host bundle that the e2e suites spawn as a real process, and the crash-test
 *    child (building inside each suite would race on the output files);
 *  - starts a real Kafka broker (scripts/services/kafka.sh) unless KAFKA_BROKERS points at
 *    one, and stops it afterwards if it started it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildApp('tidings');
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
  return async () => {
    if (startedKafka && process.env['TIDINGS_KEEP_KAFKA'] !== '1') {
      execFileSync('scripts/services/kafka.sh', ['stop'], { stdio: 'inherit' });
    }
  };
}
