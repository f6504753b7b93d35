import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/**
 * One Vitest run for the whole workspace, in two projects:
 *  - unit: `*.spec.ts` beside the code; fast, no external processes.
 *  - integration: `*.int.spec.ts` and apps' e2e; talk to real PostgreSQL, Kafka, slapd, …
 *    started by the global setup (scripts/services) when not already running.
 */
export default defineConfig({
  resolve: { tsconfigPaths: true },
  define: { __TIDINGS_VERSION__: JSON.stringify(version) },
  test: {
    // CI also writes a JSON report, from which scripts/ci.sh prints the closing tally.
    reporters: process.env['CI']
      ? ['default', ['json', { outputFile: 'tmp/vitest-report.json' }]]
      : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Unit tests run first, all at once; then the integration suites, two at a time.
          sequence: { groupOrder: 0 },
          include: ['{apps,libs,tools}/**/*.spec.ts'],
          exclude: ['**/*.int.spec.ts', '**/node_modules/**', 'dist/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          globalSetup: ['scripts/test/global-setup.ts'],
          include: ['{apps,libs,tools}/**/*.int.spec.ts'],
          exclude: ['**/node_modules/**', 'dist/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Suites start servers and databases; two cores run two at a time comfortably.
          maxWorkers: 2,
        },
      },
    ],
  },
});
