// Bundles one TypeScript entry of the workspace into a runnable ESM file with the same
// esbuild + SWC pipeline as the apps (path aliases resolved, decorator metadata kept,
// npm packages left external).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { transform } from '@swc/core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// esbuild does not emit decorator metadata, which Nest's injection needs (without it,
// injected services are silently undefined): each .ts file goes through SWC first.
const swcDecorators = {
  name: 'swc-decorators',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const { code } = await transform(source, {
        filename: path,
        sourceMaps: 'inline',
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: {
            legacyDecorator: true,
            decoratorMetadata: true,
            useDefineForClassFields: false,
          },
          target: 'es2023',
          keepClassNames: true,
        },
      });
      return { contents: code, loader: 'js', resolveDir: dirname(path) };
    });
  },
};

/** The options every Tidings bundle shares: Node 24 ESM, path aliases, npm packages external. */
export function esbuildOptions() {
  return {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel: 'warning',
    plugins: [swcDecorators],
  };
}

export async function bundle(entry, outfile, { sourcemap = 'inline' } = {}) {
  mkdirSync(dirname(resolve(root, outfile)), { recursive: true });
  await build({
    ...esbuildOptions(),
    entryPoints: [resolve(root, entry)],
    outfile: resolve(root, outfile),
    sourcemap,
  });
  return resolve(root, outfile);
}
