// The export half of `npm run bench -- audit` (scripts/bench/audit/export.ts), in a process of
// its own so that its peak RSS is the export's alone: a CSV export of the whole trail through
// runExport — the code path of `POST /audit/exports` and `tidings audit export` — into a
// temporary directory. Prints one JSON line: records, seconds, CPU seconds, peak RSS (also when a
// tenth was written), bytes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditPersistence } from '@tidings/audit/data-access';
import { AuditSigningKey, normalizeFilters } from '@tidings/audit/domain';
import { auditParts, noAttachments, runExport } from '@tidings/audit/feature';
import { openDatabase } from '@tidings/platform/persistence';

const [url] = process.argv.slice(2);
const pem = process.env['BENCH_AUDIT_KEY_PEM'];
if (!url || !pem)
  throw new Error('usage: export-child.ts <database url> (key in BENCH_AUDIT_KEY_PEM)');

const { dataSource } = await openDatabase({
  url,
  entities: [],
  migrations: auditPersistence.migrations,
});
const dir = mkdtempSync(join(tmpdir(), 'audit-export-bench-'));
try {
  const audit = auditParts(dataSource, { signing: AuditSigningKey.fromPem(pem) });
  let sampled = process.memoryUsage().rss;
  const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 20);
  let total = 0;
  let atTenth = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { manifest } = await runExport(
    {
      store: audit.reads,
      key: audit.keys.signing,
      checkpointNow: () => audit.writer.checkpointNow(),
      attachments: noAttachments,
      mailDomain: 'bench.invalid',
    },
    { format: 'csv', ...normalizeFilters({}) },
    join(dir, 'export'),
    {
      total: (n) => void (total = n),
      // The peak so far once a tenth is written: equal to the final peak when memory stays flat.
      progress: (records) => {
        if (atTenth === 0 && records >= total / 10)
          atTenth = Math.max(sampled, process.memoryUsage().rss);
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const used = process.cpuUsage(cpu);
  console.log(
    JSON.stringify({
      records: manifest.recordCount,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      // maxRSS is the process's whole life (startup included); the sampled peak the same.
      peakRssBytes: Math.max(sampled, process.resourceUsage().maxRSS * 1024),
      peakRssAtTenthBytes: atTenth,
      bytes: manifest.files.reduce((sum, f) => sum + f.bytes, 0),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  await dataSource.destroy();
}
