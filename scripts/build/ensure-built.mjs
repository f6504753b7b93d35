// Rebuilds the all-in-one host only when a source file is newer than the last build, so
// `npm start` and `npx tidings` work straight from a checkout and stay fast when nothing changed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export async function ensureBuilt(name = 'tidings') {
  const stamp = join(root, 'dist/apps', name, '.build-stamp');
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const sources = ['apps/' + name, 'libs', 'scripts/build', 'package.json', 'tsconfig.base.json'];
  const changedAt = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  if (changedAt > builtAt) await buildApp(name);
  return join(root, 'dist/apps', name);
}
