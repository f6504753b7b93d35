// The web client's production build for the bench, and the sizes of what the first screen loads.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Builds apps/web in production mode into a directory of the bench's own (others' e2e tests
 * read dist/ while this runs). When the working tree does not build — someone is halfway
 * through an edit — the last good build in dist/ is measured instead, and said so.
 */
export function buildClient(): { dir: string; cleanup: () => void; note: string } {
  const out = resolve(`tmp/bench-web/${process.pid}`);
  const nx = createRequire(import.meta.url).resolve('nx/bin/nx.js');
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [nx, 'run', 'web:build:production', `--outputPath=${out}`, '--skip-nx-cache'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    },
  );
  const cleanup = () => rmSync(out, { recursive: true, force: true });
  if (result.status === 0 && existsSync(join(out, 'browser/index.html'))) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return { dir: join(out, 'browser'), cleanup, note: `production build, ${seconds} s` };
  }
  cleanup();
  const fallback = resolve('dist/apps/web/browser');
  if (!existsSync(join(fallback, 'index.html')))
    throw new Error(`the web client does not build:\n${result.stdout}\n${result.stderr}`);
  console.warn('the working tree does not build; measuring the last build in dist/ instead');
  return { dir: fallback, cleanup: () => undefined, note: 'last build in dist/apps/web' };
}

export interface Sizes {
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
}

/** Sizes of a set of files: as stored, gzip -9 and brotli -11 (what a server would send). */
function sizesOf(dir: string, files: string[]): Sizes {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const content = readFileSync(join(dir, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
    brotli += brotliCompressSync(content, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
  }
  return { files, raw, gzip, brotli };
}

/**
 * The initial JavaScript is what index.html loads before the app can run: its module
 * script(s) and the chunks it preloads (Angular lists every static import of main there).
 * Lazy chunks (routes, the message renderer) are summed apart.
 */
export function clientSizes(dir: string): { initial: Sizes; lazy: Sizes; css: Sizes } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const initial = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g))
    initial.add(match[1] ?? '');
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
    initial.add(match[1] ?? '');
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  const lazy = readdirSync(dir).filter(
    (f) => f.endsWith('.js') && !initial.has(f) && statSync(join(dir, f)).isFile(),
  );
  return {
    initial: sizesOf(dir, [...initial]),
    lazy: sizesOf(dir, lazy),
    css: sizesOf(dir, css),
  };
}
