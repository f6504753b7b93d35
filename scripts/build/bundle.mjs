// Bundles one TypeScript entry of the workspace into a runnable ESM file with the same
// esbuild + SWC pipeline as the apps (path aliases resolved, decorator metadata kept,
// npm packages left external).
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { swcDecorators } from './server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export async function bundle(entry, outfile, { sourcemap = 'inline' } = {}) {
  mkdirSync(dirname(resolve(root, outfile)), { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, entry)],
    outfile: resolve(root, outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.base.json'),
    sourcemap,
    logLevel: 'warning',
    plugins: [swcDecorators],
  });
  return resolve(root, outfile);
}
