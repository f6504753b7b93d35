#!/usr/bin/env node
// Runs a TypeScript script of the workspace (path aliases, decorators and all):
//   node scripts/run-ts.mjs scripts/docs/events.ts [args…]
// It is bundled with the same esbuild + SWC pipeline as the apps into tmp/, then imported.
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { swcDecorators } from './build/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args…]');
  process.exit(2);
}
const outdir = join(root, 'tmp/run-ts');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, `${basename(entry, '.ts')}-${process.pid}.mjs`);
await build({
  absWorkingDir: root,
  entryPoints: [resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  tsconfig: join(root, 'tsconfig.base.json'),
  sourcemap: 'inline',
  logLevel: 'warning',
  plugins: [swcDecorators],
});
process.argv = [process.argv[0], outfile, ...args];
await import(pathToFileURL(outfile).href);
