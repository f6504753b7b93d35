import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the web client lives: WEB_ROOT if set, else the Angular build in dist/, else the
 * placeholder page shipped with the host (copied next to the bundle by the build).
 */
export function resolveWebRoot(configured: string | undefined): string {
  if (configured) return resolve(configured);
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    resolve('dist/apps/web/browser'),
    join(here, 'public'), // dist/apps/tidings/public
    resolve(here, '../public'), // apps/tidings/public when run from source (tests)
  ];
  const placeholder = resolve(here, '../public');
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? placeholder;
}
