export {
  AuditModule,
  auditCoreProviders,
  type AuditExtension,
  type AuditModuleOptions,
} from './audit.module';
export {
  AUDIT_APPEND_STORE,
  AUDIT_KEY_MATERIAL,
  AUDIT_OPTIONS,
  AUDIT_READ_STORE,
  AuditClock,
  DEFAULT_AUDIT_OPTIONS,
  type AuditKeyMaterial,
  type AuditOptions,
} from './ports';
export { AuditKeys } from './keys';
export { AuditWriter, type OwnRecordExtras } from './writer/audit-writer';
export { Checkpointer } from './writer/checkpointer';
export { AuditConsumer, AUDIT_TOPICS } from './consumer/audit.consumer';
export { AuditVerifier, type VerifyReport } from './verify/audit-verifier';
export { AuditQueries } from './search/audit-queries';
export { actorOf, Principal, type AuditPrincipal } from './api/principal';
export { decodeCursor, encodeCursor } from './api/cursor';
export * from './retention/index';
export * from './exports/index';
export { auditParts, type AuditParts } from './audit-parts';
