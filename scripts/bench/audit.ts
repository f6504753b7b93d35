// `npm run bench -- audit`: the audit trail (issue #10), on SQLite and PostgreSQL.
//  Ingest: BENCH_AUDIT_RECORDS bus events (messages of ~200 characters) through the audit
//  consumer's append path — draft, hash chain, group commit, head lock — from
//  BENCH_AUDIT_CONCURRENCY handlers at once (the bus runs one per partition and topic: 6 × 5).
//  Printed: records/s, and the time to verify the whole chain afterwards (records/s).
// Targets on 2 cores: ingest ≥ 10,000 records/s.
// Each section receives the database the ingest section filled; add a section to `sections`.
import { availableParallelism, loadavg } from 'node:os';
import { AuditSigningKey } from '@tidings/audit/domain';
import { auditParts, AuditConsumer, type AuditParts } from '@tidings/audit/feature';
import { auditPersistence } from '@tidings/audit/data-access';
import { uuidv7 } from '@tidings/platform/bus';
import { openDatabase } from '@tidings/platform/persistence';
import {
  createTestPostgresDatabase,
  createTestSqliteDatabase,
  type TestDatabase,
} from '@tidings/platform/testing';
import type { EventEnvelope } from '@tidings/contracts';
import type { DataSource } from 'typeorm';
import { fixed, thousands } from './realtime/stats';
import { exportSection } from './audit/export';

const count = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const RECORDS = count('BENCH_AUDIT_RECORDS', 100_000);
const CONCURRENCY = count('BENCH_AUDIT_CONCURRENCY', 30);
const TARGET_INGEST = 10_000;

/** What every section gets: the database and the audit service's parts on it. */
export interface BenchContext {
  flavour: 'sqlite' | 'postgres';
  db: TestDatabase;
  dataSource: DataSource;
  audit: AuditParts;
  /** Records in the trail when the section starts. */
  records: number;
}

interface Section {
  name: string;
  run(context: BenchContext): Promise<void>;
}

const TEXT =
  '季度预算已批准 — the quarterly budget is approved; please file the PO by Friday. '.repeat(3);

function event(i: number): EventEnvelope {
  const conversationId = `c-${i % 50}`;
  return {
    id: uuidv7(),
    type: 'messaging.message.sent',
    version: 1,
    key: conversationId,
    occurredAt: new Date().toISOString(),
    actor: { kind: 'user', id: `u-${i % 500}` },
    source: 'messaging',
    data: {
      conversationId,
      messageId: uuidv7(),
      seq: i + 1,
      senderId: `u-${i % 500}`,
      senderKind: 'user',
      kind: 'user',
      text: `${TEXT}#${i}`,
      threadRootId: null,
      mentions: [],
      clientMsgId: null,
      sentAt: new Date().toISOString(),
    },
  };
}

const ingest: Section = {
  name: 'ingest',
  async run({ audit }) {
    const consumer = new AuditConsumer(null as never, audit.writer);
    const events = Array.from({ length: RECORDS }, (_, i) => event(i));
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < RECORDS; i = next++)
          await consumer.handle(events[i] as EventEnvelope);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = RECORDS / seconds;
    console.log(
      `  ingest: ${thousands(RECORDS)} records in ${fixed(seconds)} s = ${thousands(rate)} records/s` +
        ` (target ≥ ${thousands(TARGET_INGEST)}: ${rate >= TARGET_INGEST ? 'met' : 'MISSED'})`,
    );
  },
};

const verify: Section = {
  name: 'verify',
  async run({ audit }) {
    const started = performance.now();
    const report = await audit.verifier.verify();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `  verify: ${thousands(report.checked)} records, ${report.checkpointsChecked} checkpoints in ` +
        `${fixed(seconds)} s = ${thousands(report.checked / seconds)} records/s (${report.ok ? 'intact' : 'BROKEN'})`,
    );
    if (!report.ok) throw new Error(`the chain is broken: ${JSON.stringify(report.firstBad)}`);
  },
};

/** In order; each runs on what the ones before it left. */
const sections: Section[] = [ingest, verify, exportSection];

async function runOn(flavour: 'sqlite' | 'postgres'): Promise<void> {
  const db = flavour === 'sqlite' ? createTestSqliteDatabase() : await createTestPostgresDatabase();
  const { dataSource } = await openDatabase({
    url: db.url,
    entities: [],
    migrations: [...auditPersistence.migrations],
  });
  try {
    const audit = auditParts(dataSource, { signing: AuditSigningKey.generate() });
    console.log(`${flavour}:`);
    for (const section of sections) {
      const records = (await audit.reads.head()).seq;
      await section.run({ flavour, db, dataSource, audit, records });
    }
  } finally {
    await dataSource.destroy();
    await db.drop();
  }
}

console.log(
  `audit bench: ${thousands(RECORDS)} records, ${CONCURRENCY} concurrent handlers; ` +
    `${availableParallelism()} cores, load ${loadavg()
      .map((l) => fixed(l))
      .join(' ')}`,
);
await runOn('sqlite');
try {
  await runOn('postgres');
} catch (error) {
  if ((error as { code?: string }).code !== 'ECONNREFUSED') throw error;
  console.log('postgres: not reachable (TEST_POSTGRES_URL), skipped');
}
