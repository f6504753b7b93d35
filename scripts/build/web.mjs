#!/usr/bin/env node
// Builds the Angular web client (apps/web) into dist/apps/web with @angular/build, through
// Nx (`nx run web:build`), which runs the Angular builder without an angular.json; then the
// widget's loader (apps/widget) into its web root, where the host serves it at
// /widget/loader.js. `node scripts/build/web.mjs loader` builds the loader alone.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidgetLoader } from '../../apps/widget/build-loader.mjs';
import { newestMtime } from './ensure-built.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = join(root, 'dist/apps/web');
const stamp = join(outdir, '.build-stamp');
const loaderFile = join(outdir, 'browser/widget/loader.js');

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
  // After Angular's build, which empties dist/apps/web first.
  buildWidgetLoader(loaderFile);
  writeFileSync(stamp, new Date().toISOString());
  return join(outdir, 'browser');
}

/**
 * Rebuilds the web client only when its sources changed since the last build; when only the
 * widget's loader changed, the loader alone (seconds, not Angular's minutes).
 */
export function ensureWebBuilt() {
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const newest = (sources) => Math.max(...sources.map((s) => newestMtime(join(root, s))));
  const shared = ['package.json', 'tsconfig.base.json'];
  if (newest(['apps/web', 'libs/web', ...shared]) > builtAt) return buildWeb();
  if (newest(['apps/widget']) > builtAt || !existsSync(loaderFile)) {
    buildWidgetLoader(loaderFile);
    writeFileSync(stamp, new Date().toISOString());
  }
  return join(outdir, 'browser');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const loaderOnly = process.argv[2] === 'loader';
  if (loaderOnly) buildWidgetLoader(loaderFile);
  else buildWeb();
  const what = loaderOnly ? 'the widget loader' : 'dist/apps/web';
  console.log(`built ${what} in ${Math.round(performance.now() - started)} ms`);
}
