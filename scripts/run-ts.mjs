#!/usr/bin/env node
// Runs a TypeScript script of the workspace (path aliases, decorators and all):
//   node scripts/run-ts.mjs scripts/docs/events.ts [args…]
// It is bundled into tmp/run-ts with the apps' esbuild + SWC pipeline, then imported.
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from './build/bundle.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args…]');
  process.exit(2);
}
const outfile = await bundle(entry, `tmp/run-ts/${basename(entry, '.ts')}-${process.pid}.mjs`);
process.argv = [process.argv[0], resolve(outfile), ...args];
await import(pathToFileURL(outfile).href);
