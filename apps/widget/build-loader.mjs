// How the widget's loader is bundled: used by scripts/build/web.mjs (into the web root, where
// the host serves it at /widget/loader.js) and by the budget test (in memory), so the size
// the test measures is the size pages download.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const project = dirname(fileURLToPath(import.meta.url));

/**
 * The loader as one minified classic script (an IIFE: it runs on other sites' pages, beside
 * their own code, and may be included twice), for browsers of the last few years (es2022).
 * Returns the script's bytes; with `outfile`, also writes them there.
 */
export function buildWidgetLoader(outfile) {
  const result = buildSync({
    absWorkingDir: project,
    entryPoints: [join(project, 'src/loader.ts')],
    tsconfig: join(project, 'tsconfig.json'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
  const [output] = result.outputFiles;
  if (outfile) {
    mkdirSync(dirname(outfile), { recursive: true });
    writeFileSync(outfile, output.contents);
  }
  return output.contents;
}
