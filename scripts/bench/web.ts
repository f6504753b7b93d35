// `npm run bench -- web`: the web client's size and speed against issue #8's budget —
// initial JavaScript ≤ 500 kB compressed, first screen interactive ≤ 2 s on the embedded
// server. Builds the client in production mode, prints the initial JS raw and compressed,
// then serves it from the embedded host and loads it BENCH_RUNS times (default 7, at least 5)
// in Debian's Chromium, each time in a fresh browser context (nothing cached).
import { buildApp } from '../build/server.mjs';
import { launch, measureLoad, type Load } from './web/browser';
import { buildClient, clientSizes } from './web/client-build';
import { startHost } from './web/host';

const RUNS = Math.max(5, Number(process.env['BENCH_RUNS'] ?? 7));
const BUDGET_BYTES = 500_000; // "initial JS ≤ 500 KB compressed" (kB = 1,000 bytes, as Angular prints)
const BUDGET_MS = 2_000;

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const verdict = (ok: boolean) => (ok ? 'pass' : 'MISS');

function spread(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { min: sorted[0] ?? 0, median, max: sorted.at(-1) ?? 0 };
}

const client = buildClient();
try {
  const { initial, lazy, css } = clientSizes(client.dir);
  console.log(`\nweb: bundle sizes (${client.note})`);
  console.table({
    'initial JS': {
      files: initial.files.length,
      raw: kB(initial.raw),
      gzip: kB(initial.gzip),
      brotli: kB(initial.brotli),
    },
    'lazy JS': {
      files: lazy.files.length,
      raw: kB(lazy.raw),
      gzip: kB(lazy.gzip),
      brotli: kB(lazy.brotli),
    },
    CSS: { files: css.files.length, raw: kB(css.raw), gzip: kB(css.gzip), brotli: kB(css.brotli) },
  });
  const compressed = Math.max(initial.gzip, initial.brotli); // the worse of the two encodings
  console.log(
    `target: initial JS ≤ ${kB(BUDGET_BYTES)} compressed — ${kB(compressed)} gzip: ${verdict(compressed <= BUDGET_BYTES)}`,
  );

  await buildApp('tidings'); // the host as `npm start` runs it
  const host = await startHost(client.dir);
  const browser = await launch();
  const loads: Load[] = [];
  try {
    await measureLoad(browser, host.baseUrl); // warm-up: the host's first requests (JIT, SQLite pages)
    for (let run = 0; run < RUNS; run++) loads.push(await measureLoad(browser, host.baseUrl));
  } finally {
    await browser.close();
    await host.stop();
  }
  const first = spread(loads.map((l) => l.signInReadyMs));
  const signedIn = spread(loads.map((l) => l.listShownMs));
  const row = (s: ReturnType<typeof spread>) => ({
    'min ms': Math.round(s.min),
    'median ms': Math.round(s.median),
    'max ms': Math.round(s.max),
    [`target ≤ ${BUDGET_MS} ms`]: verdict(s.max <= BUDGET_MS),
  });
  console.log(
    `\nweb: ${RUNS} loads in Chromium, fresh context each, embedded host (SQLite, built-in issuer)`,
  );
  console.table({
    'navigation → sign-in button enabled': row(first),
    'callback → conversation list shown': row(signedIn),
  });
} finally {
  client.cleanup();
}
