// The export section of `npm run bench -- audit` (issue #10): BENCH_AUDIT_EXPORT_RECORDS
// (default 1,000,000) records exported as CSV with bounded memory. The trail the ingest section
// left is topped up to that size straight through the append store (fast, realistic records),
// then a child process runs the export (export-child.ts) so the peak RSS printed is the
// export's. Target on 2 cores: ≥ 50,000 records/s.
import { spawn } from 'node:child_process';
import { SqlAuditAppendStore } from '@tidings/audit/data-access';
import type { AuditDraft } from '@tidings/audit/domain';
import { uuidv7 } from '@tidings/platform/bus';
import type { BenchContext } from '../audit';
import { fixed, thousands } from '../realtime/stats';

const EXPORT_RECORDS = Number(process.env['BENCH_AUDIT_EXPORT_RECORDS'] ?? 1_000_000);
const TARGET_EXPORT = 50_000;
const BATCH = 2_000;
const TEXT =
  'Deploy window moved to 18:00, "after the freeze"; 部署窗口改到 18:00 — please confirm.';

function draft(i: number): AuditDraft {
  const conversationId = `c-${i % 50}`;
  const senderId = `u-${i % 500}`;
  return {
    sourceEventId: uuidv7(),
    type: 'messaging.message.sent',
    occurredAt: new Date().toISOString(),
    actor: { kind: 'user', id: senderId },
    subjectIds: [senderId],
    conversationId,
    data: {
      conversationId,
      messageId: uuidv7(),
      seq: i + 1,
      senderId,
      senderKind: 'user',
      kind: 'user',
      text: `${TEXT}\n#${i}`,
      threadRootId: null,
      mentions: [],
      clientMsgId: null,
      sentAt: new Date().toISOString(),
    },
  };
}

/** Appends until the trail holds `total` records, checkpoints every 1,000 as the writer would. */
async function topUp(context: BenchContext, total: number): Promise<void> {
  const store = new SqlAuditAppendStore(context.dataSource);
  const key = context.audit.keys.signing;
  for (let seq = context.records; seq < total; seq += BATCH) {
    const drafts = Array.from({ length: Math.min(BATCH, total - seq) }, (_, i) => draft(seq + i));
    await store.appendBatch(drafts, {
      stamp: () => ({ id: uuidv7(), recordedAt: new Date().toISOString() }),
      checkpoint: (head) =>
        head.seq - head.lastCheckpointSeq >= 1_000
          ? key.signCheckpoint({
              seq: head.seq,
              rootHash: head.hash,
              createdAt: new Date().toISOString(),
            })
          : null,
    });
  }
}

interface ChildReport {
  records: number;
  seconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  peakRssAtTenthBytes: number;
  bytes: number;
}

function runChild(url: string, pem: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      // Benchmarks run from the repository root (run.mjs), bundled: paths are the root's.
      ['scripts/run-ts.mjs', 'scripts/bench/audit/export-child.ts', url],
      { env: { ...process.env, BENCH_AUDIT_KEY_PEM: pem }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`export child exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildReport);
    });
  });
}

export const exportSection = {
  name: 'export',
  async run(context: BenchContext): Promise<void> {
    const topped = Math.max(0, EXPORT_RECORDS - context.records);
    if (topped > 0) {
      const started = performance.now();
      await topUp(context, EXPORT_RECORDS);
      console.log(
        `  export: trail topped up by ${thousands(topped)} records in ${fixed((performance.now() - started) / 1000)} s`,
      );
    }
    const report = await runChild(context.db.url, context.audit.keys.signing.privatePem());
    const rate = report.records / report.seconds;
    console.log(
      `  export: ${thousands(report.records)} records as CSV (${fixed(report.bytes / 1048576)} MiB) in ` +
        `${fixed(report.seconds)} s = ${thousands(rate)} records/s (target ≥ ${thousands(TARGET_EXPORT)}: ` +
        `${rate >= TARGET_EXPORT ? 'met' : 'MISSED'}); ${fixed(report.cpuSeconds)} CPU s; ` +
        `peak RSS ${fixed(report.peakRssBytes / 1048576)} MiB ` +
        `(${fixed(report.peakRssAtTenthBytes / 1048576)} MiB after the first tenth)`,
    );
  },
};
