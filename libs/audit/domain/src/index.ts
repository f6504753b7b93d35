export {
  AUDIT_OWN_TYPES,
  GENESIS_HASH,
  type AuditActor,
  type AuditDraft,
  type AuditOwnType,
  type AuditRecord,
} from './record';
export { canonicalJson, recordHash, sealRecord, sha256Hex } from './canonical';
export { ChainWalker, type ChainBreak, type ChainFault } from './chain';
export {
  AuditSigningKey,
  SIGNING_ALGORITHM,
  checkCheckpoint,
  checkpointPayload,
  keyIdOf,
  publicKeyFromPem,
  rawPublicKey,
  verifySignature,
  type Checkpoint,
} from './checkpoint';
export { draftFromEvent, subjectIdsOf } from './event-mapping';
export { MEMBERSHIP_TYPES, applyMembership } from './membership';
export { AUDIT_ERRORS, auditNotFound, invalidCursor, invalidRange } from './errors';
export { verifyChain, type VerifyInput, type VerifyOutcome } from './verify';
export * from './retention/index';
export * from './export/index';
