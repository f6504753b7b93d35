import type { KeyObject } from 'node:crypto';
import type { AuditSigningKey } from '@tidings/audit/domain';

/** How often checkpoints are made (AUDIT_CHECKPOINT_EVERY, AUDIT_CHECKPOINT_SECONDS). */
export interface AuditOptions {
  /** A checkpoint once this many records were appended since the last one. */
  checkpointEvery: number;
  /** …or once this many seconds passed since the last one, when anything new was appended. */
  checkpointSeconds: number;
  /** Records per append transaction at most (group commit). */
  maxBatch: number;
}

export const DEFAULT_AUDIT_OPTIONS: AuditOptions = {
  checkpointEvery: 1000,
  checkpointSeconds: 60,
  maxBatch: 500,
};

export const AUDIT_OPTIONS = Symbol('AUDIT_OPTIONS');
/** The AuditReadStore (data-access) on this process's database. */
export const AUDIT_READ_STORE = Symbol('AUDIT_READ_STORE');
/** The AuditAppendStore; only AuditWriter uses it. */
export const AUDIT_APPEND_STORE = Symbol('AUDIT_APPEND_STORE');

/** The signing key and the public keys verification trusts. */
export interface AuditKeyMaterial {
  signing: AuditSigningKey;
  /** Public keys of earlier signing keys, so checkpoints signed before a rotation verify. */
  previous?: KeyObject[];
  /** What the operator should hear about the key (generated, world-readable…), logged at boot. */
  notices?: Array<{ level: 'log' | 'warn'; message: string }>;
}
export const AUDIT_KEY_MATERIAL = Symbol('AUDIT_KEY_MATERIAL');

/** Time, swappable in tests (checkpoints by age, recordedAt). */
export class AuditClock {
  constructor(private source: () => number = Date.now) {}

  now(): number {
    return this.source();
  }

  use(source: () => number): void {
    this.source = source;
  }
}
