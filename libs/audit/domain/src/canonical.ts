import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditRecord } from './record';

/**
 * RFC 8785 (JSON Canonicalization Scheme): one byte sequence per value whatever the key order
 * or number spelling, so a hash computed today is recomputed identically by any verifier —
 * ours after a database round trip, or a third party's in another language.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The record's hash: SHA-256 over the canonical encoding of every field but `hash`. */
export function recordHash(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...rest } = record;
  return sha256Hex(canonicalJson(rest));
}

/** The record with its hash computed (the writer's last step before inserting). */
export function sealRecord(record: Omit<AuditRecord, 'hash'>): AuditRecord {
  return { ...record, hash: recordHash(record) };
}
