import {
  SqlAuditAppendStore,
  SqlAuditReadStore,
  type AuditReadStore,
} from '@tidings/audit/data-access';
import type { DataSource } from 'typeorm';
import { AuditKeys } from './keys';
import {
  AuditClock,
  DEFAULT_AUDIT_OPTIONS,
  type AuditKeyMaterial,
  type AuditOptions,
} from './ports';
import { AuditQueries } from './search/audit-queries';
import { AuditVerifier } from './verify/audit-verifier';
import { AuditWriter } from './writer/audit-writer';

/** The audit service's parts on one database, without Nest (the CLI, tests, the bench). */
export interface AuditParts {
  reads: AuditReadStore;
  writer: AuditWriter;
  verifier: AuditVerifier;
  queries: AuditQueries;
  keys: AuditKeys;
  clock: AuditClock;
}

export function auditParts(
  dataSource: DataSource,
  material: AuditKeyMaterial,
  options: Partial<AuditOptions> = {},
  clock: AuditClock = new AuditClock(),
): AuditParts {
  const reads = new SqlAuditReadStore(dataSource);
  const keys = new AuditKeys(material);
  const writer = new AuditWriter(
    new SqlAuditAppendStore(dataSource),
    reads,
    { ...DEFAULT_AUDIT_OPTIONS, ...options },
    keys,
    clock,
  );
  const verifier = new AuditVerifier(reads, keys);
  return {
    reads,
    writer,
    verifier,
    queries: new AuditQueries(reads, writer, verifier),
    keys,
    clock,
  };
}
