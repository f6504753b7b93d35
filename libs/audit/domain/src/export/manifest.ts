import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../canonical';
import { verifySignature, type AuditSigningKey, type Checkpoint } from '../checkpoint';
import type { ExportFilters, ExportFormat } from './filters';

export const MANIFEST_FILE = 'manifest.json';

export interface ManifestFile {
  /** Relative to the export directory, `/`-separated. */
  path: string;
  sha256: string;
  bytes: number;
}

/** A file a record referenced that the export could not copy (deleted, purged, lost). */
export interface MissingAttachment {
  fileId: string;
  reason: string;
}

/**
 * `manifest.json` (docs/compliance.md): what the export holds and the signed statement that
 * nothing in it changed since. No wall-clock time anywhere — re-running the same export writes
 * the same bytes. `checkpoint` carries `createdAt` too: its signature covers it, and an
 * offline verifier cannot check the signature without it.
 */
export interface ExportManifest {
  version: 1;
  format: ExportFormat;
  filters: ExportFilters;
  range: {
    from: string | null;
    to: string | null;
    firstSeq: number | null;
    lastSeq: number | null;
  };
  recordCount: number;
  /** The first checkpoint covering lastSeq; null for an export with no records. */
  checkpoint: Checkpoint | null;
  /** Every file but the manifest, sorted by path. */
  files: ManifestFile[];
  missingAttachments: MissingAttachment[];
  keyId: string;
  /** Base64 Ed25519 over the canonical manifest without `signature`. */
  signature: string;
}

export type UnsignedManifest = Omit<ExportManifest, 'signature' | 'keyId'>;

/** The bytes the manifest's signature covers. */
export function manifestPayload(manifest: Omit<ExportManifest, 'signature'>): Buffer {
  const { signature: _signature, ...rest } = manifest as ExportManifest;
  return Buffer.from(canonicalJson(rest));
}

/** Signs the manifest, built field by field so its JSON has one order whatever the caller's. */
export function signManifest(unsigned: UnsignedManifest, key: AuditSigningKey): ExportManifest {
  const { filters, range } = unsigned;
  const body: Omit<ExportManifest, 'signature'> = {
    version: 1,
    format: unsigned.format,
    filters: {
      from: filters.from,
      to: filters.to,
      users: filters.users,
      conversations: filters.conversations,
      types: filters.types,
    },
    range: { from: range.from, to: range.to, firstSeq: range.firstSeq, lastSeq: range.lastSeq },
    recordCount: unsigned.recordCount,
    checkpoint: unsigned.checkpoint && {
      seq: unsigned.checkpoint.seq,
      rootHash: unsigned.checkpoint.rootHash,
      createdAt: unsigned.checkpoint.createdAt,
      keyId: unsigned.checkpoint.keyId,
      signature: unsigned.checkpoint.signature,
    },
    files: [...unsigned.files]
      .map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes }))
      .sort((a, b) => compare(a.path, b.path)),
    missingAttachments: [...unsigned.missingAttachments]
      .map((m) => ({ fileId: m.fileId, reason: m.reason }))
      .sort((a, b) => compare(a.fileId, b.fileId)),
    keyId: key.keyId,
  };
  return { ...body, signature: key.sign(manifestPayload(body)) };
}

export function verifyManifestSignature(manifest: ExportManifest, publicKey: KeyObject): boolean {
  return verifySignature(publicKey, manifestPayload(manifest), manifest.signature);
}

/** As written to disk: indented for people, keys in the fixed order built here. */
export function renderManifest(manifest: ExportManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Code-unit order: the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
