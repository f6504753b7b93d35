#!/usr/bin/env node
// Bundles a Nest app (apps/<name>/src/main.ts and cli-main.ts) into dist/apps/<name>.
//
// Why esbuild *and* SWC: esbuild is fast and resolves the tsconfig path aliases, but it does
// not emit decorator metadata, and without it Nest's constructor injection silently injects
// `undefined`. So each TypeScript file is transpiled by SWC (legacy decorators + metadata)
// and esbuild only bundles the result. npm packages stay external and load from node_modules.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { esbuildOptions } from './bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const packageVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/** The one-service apps (apps/<service>, docs/operations.md): each its own bundle. */
export const SERVICE_APPS = [
  'gateway',
  'messaging',
  'presence',
  'directory',
  'identity',
  'integrations',
  'audit',
];

export async function buildApp(name) {
  const appDir = join(root, 'apps', name);
  const outdir = join(root, 'dist/apps', name);
  // Built beside and swapped in: a process starting from the old bundle meanwhile (another
  // test run, scripts/cluster.sh) finds either the old files or the new, never none.
  const staging = `${outdir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const entryPoints = { main: join(appDir, 'src/main.ts') };
  if (existsSync(join(appDir, 'src/cli-main.ts')))
    entryPoints.cli = join(appDir, 'src/cli-main.ts');
  await build({
    ...esbuildOptions(),
    entryPoints,
    outdir: staging,
    sourcemap: 'linked',
    define: { __TIDINGS_VERSION__: JSON.stringify(packageVersion) },
  });
  if (existsSync(join(appDir, 'public')))
    cpSync(join(appDir, 'public'), join(staging, 'public'), { recursive: true });
  writeFileSync(join(staging, '.build-stamp'), new Date().toISOString());
  const old = `${outdir}.old-${process.pid}`;
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(staging, outdir);
  rmSync(old, { recursive: true, force: true });
  return outdir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `all`: the all-in-one host and every service app.
  const args = process.argv.slice(2);
  const names = args.includes('all') ? ['tidings', ...SERVICE_APPS] : args;
  for (const name of names.length ? names : ['tidings']) {
    const started = performance.now();
    await buildApp(name);
    console.log(`built dist/apps/${name} in ${Math.round(performance.now() - started)} ms`);
  }
}
