export { AuditRetention1765100003000 } from './retention.migration';
export {
  SqlRetentionPolicyRepository,
  type RetentionPolicyRepository,
} from './policies.repository';
export { SqlLegalHoldRepository, type LegalHoldRepository } from './holds.repository';
