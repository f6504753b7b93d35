#!/usr/bin/env node
// Builds the Angular web client (apps/web) into dist/apps/web with @angular/build, through
// Nx (`nx run web:build`), which runs the Angular builder without an angular.json.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from './ensure-built.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = join(root, 'dist/apps/web');
const stamp = join(outdir, '.build-stamp');

export function buildWeb() {
  const nx = createRequire(import.meta.url).resolve('nx/bin/nx.js');
  // --skip-nx-cache: the stamp below already decides whether to build; a cache hit would
  // restore files without the stamp.
  const result = spawnSync(process.execPath, [nx, 'run', 'web:build', '--skip-nx-cache'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (result.status !== 0) throw new Error(`web build failed (exit ${result.status})`);
  writeFileSync(stamp, new Date().toISOString());
  return join(outdir, 'browser');
}

/** Rebuilds the web client only when its sources changed since the last build. */
export function ensureWebBuilt() {
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const sources = ['apps/web', 'libs/web', 'package.json', 'tsconfig.base.json'];
  const changedAt = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  return changedAt > builtAt ? buildWeb() : join(outdir, 'browser');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  buildWeb();
  console.log(`built dist/apps/web in ${Math.round(performance.now() - started)} ms`);
}
