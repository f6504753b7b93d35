import { AuditCreateOutbox, AuditCreateTrail1765100000100 } from './migrations';
import { AuditRetention1765100003000 } from './retention/index';
import { AuditCreateExportJobs1765100002000 } from './export-jobs.migration';

export { AuditCreateOutbox, AuditCreateTrail1765100000100 };
export type {
  AppendPlan,
  AppendResult,
  AuditAppendStore,
  AuditFilter,
  AuditReadStore,
  AuditStore,
  ChainHead,
} from './audit-store';
export { SqlAuditAppendStore } from './sql-append-store';
export { SqlAuditReadStore } from './sql-read-store';
export { APPEND_ONLY_TRIGGER_SQL } from './append-only';
export * from './retention/index';
export { AuditCreateExportJobs1765100002000 };
export {
  SqlExportJobsRepository,
  type ExportJobOutcome,
  type ExportJobRecord,
  type ExportJobStatus,
  type ExportJobsRepository,
} from './export-jobs.repository';

/**
 * The audit service's migrations (its repositories speak SQL; no entities). Exports and
 * retention add their tables' migrations here as they land.
 */
export const auditPersistence = {
  entities: [],
  migrations: [
    AuditCreateOutbox,
    AuditCreateTrail1765100000100,
    AuditCreateExportJobs1765100002000,
    AuditRetention1765100003000,
  ],
};
