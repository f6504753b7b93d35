#!/usr/bin/env node
// `npm run bench -- <name>`: runs scripts/bench/<name>.ts (all benchmarks when no name given).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
const chosen = name ? [name] : available;
for (const bench of chosen) {
  const file = join(here, `${bench}.ts`);
  if (!existsSync(file)) {
    console.error(`no benchmark "${bench}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
  const result = spawnSync(process.execPath, [join(here, '../run-ts.mjs'), file, ...args], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
