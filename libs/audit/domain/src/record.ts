/**
 * The audit trail's unit (docs/compliance.md): one record per event the audit service saw, or
 * per compliance action it took itself. Records form a hash chain in `seq` order; the chain is
 * the tamper evidence, so every field here is part of the hash (except `hash` itself).
 */

/** Who did it, as the event said; null for records with no actor. */
export interface AuditActor {
  kind: string;
  id: string;
}

export interface AuditRecord {
  /** 1, 2, 3… gapless: the chain order. */
  seq: number;
  /** uuid v7. */
  id: string;
  /** The bus event's id; unique — a redelivered event never makes a second record. */
  sourceEventId: string | null;
  /** The event type (`messaging.message.sent`) or an audit-own type (AUDIT_OWN_TYPES). */
  type: string;
  /** When it happened (the event's time), ISO 8601. */
  occurredAt: string;
  /** When the audit service appended it, ISO 8601. */
  recordedAt: string;
  actor: AuditActor | null;
  /** Users the record concerns (sender, members added/removed, the login's user…). */
  subjectIds: string[];
  conversationId: string | null;
  /** The event's data as published: message texts in full, edits with the full new text. */
  data: Record<string, unknown>;
  /** The previous record's hash; GENESIS_HASH for seq 1. */
  prevHash: string;
  /** SHA-256 hex over the canonical encoding of every other field. */
  hash: string;
}

/** What a producer hands the store; the writer assigns seq, id, recordedAt and the hashes. */
export type AuditDraft = Pick<
  AuditRecord,
  'sourceEventId' | 'type' | 'occurredAt' | 'actor' | 'subjectIds' | 'conversationId' | 'data'
>;

/** The first record's prevHash. */
export const GENESIS_HASH = '0'.repeat(64);

/** Record types the audit service writes about its own users' actions. */
export const AUDIT_OWN_TYPES = {
  searchPerformed: 'audit.search.performed',
  verifyPerformed: 'audit.verify.performed',
  exportStarted: 'audit.export.started',
  exportCompleted: 'audit.export.completed',
  retentionPolicyChanged: 'retention.policy.changed',
  legalHoldChanged: 'legal_hold.changed',
  retentionApplied: 'retention.applied',
} as const;
export type AuditOwnType = (typeof AUDIT_OWN_TYPES)[keyof typeof AUDIT_OWN_TYPES];
