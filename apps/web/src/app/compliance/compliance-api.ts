import { inject, Injectable } from '@angular/core';
import { ApiClient } from '../api/api-client';
import { filterQuery } from './audit-filters';

/** One record of the hash-chained audit trail (docs/compliance.md). */
export interface AuditRecord {
  /** 1, 2, 3 … without gaps: the chain's order. */
  seq: number;
  id: string;
  sourceEventId: string | null;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { kind: string; id: string } | null;
  subjectIds: string[];
  conversationId: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** What audit search and exports filter by; every part optional. */
export interface AuditFilters {
  /** ISO times. */
  from?: string;
  to?: string;
  users?: string[];
  conversations?: string[];
  types?: string[];
  /** Words in the record (message text …); search only, exports have no text filter. */
  q?: string;
}

export interface Checkpoint {
  seq: number;
  rootHash: string;
  createdAt: string;
  keyId: string;
  signature: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  checkpointsChecked: number;
  /** The first record (or checkpoint) that does not match: a fault code and what it saw. */
  firstBad: { seq: number; reason: string; detail?: string } | null;
  lastSeq: number;
  /** The range checked. */
  from?: number;
  to?: number;
}

export interface PublicKey {
  keyId: string;
  algorithm: string;
  publicKeyPem: string;
}

export type ExportFormat = 'csv' | 'jsonl' | 'eml';
export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportJob {
  id: string;
  status: ExportStatus;
  format: ExportFormat;
  /** As normalised by the server: missing bounds null, lists sorted. */
  filters: {
    from: string | null;
    to: string | null;
    users: string[];
    conversations: string[];
    types: string[];
  };
  progress: { records: number; total: number | null };
  createdBy: { kind: string; id: string };
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  archive: { bytes: number; sha256: string } | null;
}

export type PolicyScope =
  { conversationKind: 'channel' | 'group' | 'direct' } | { conversationId: string };

export interface RetentionPolicy {
  id: string;
  scope: PolicyScope;
  deleteContentAfterDays: number;
  createdBy: string;
  createdAt: string;
}

export type HoldTarget = { userId: string } | { conversationId: string };

export interface LegalHold {
  id: string;
  target: HoldTarget;
  reason: string;
  createdBy: string;
  createdAt: string;
}

/** Every call the compliance console makes (audit, exports, retention, holds). */
@Injectable({ providedIn: 'root' })
export class ComplianceApi {
  private readonly http = inject(ApiClient);

  records(filters: AuditFilters, cursor: string | null, order: 'asc' | 'desc' = 'asc', limit = 50) {
    const query = filterQuery(filters);
    if (cursor) query.set('cursor', cursor);
    query.set('limit', String(limit));
    query.set('order', order);
    return this.http.get<AuditPage<AuditRecord>>(`/audit/records?${query}`);
  }

  /** The newest signed checkpoint (the list is newest first), or null before the first. */
  async latestCheckpoint(): Promise<Checkpoint | null> {
    return (
      (await this.http.get<AuditPage<Checkpoint>>('/audit/checkpoints?limit=1')).items[0] ?? null
    );
  }

  verify(range: { from?: number; to?: number } = {}) {
    return this.http.post<VerifyResult>('/audit/verify', range);
  }

  publicKey() {
    return this.http.get<PublicKey>('/audit/public-key');
  }

  async createExport(format: ExportFormat, filters: Omit<AuditFilters, 'q'>) {
    return (await this.http.post<{ job: ExportJob }>('/audit/exports', { format, ...filters })).job;
  }

  /** The newest export jobs (the list is newest first). */
  async exports(limit = 50): Promise<ExportJob[]> {
    return (await this.http.get<AuditPage<ExportJob>>(`/audit/exports?limit=${limit}`)).items;
  }

  exportJob(id: string) {
    return this.http.get<ExportJob>(`/audit/exports/${id}`);
  }

  /** The finished export's .tar.gz, fetched with the token (a link cannot carry it). */
  archive(id: string): Promise<Blob> {
    return this.http.blob(`/api/v1/audit/exports/${id}/archive`);
  }

  async policies(): Promise<RetentionPolicy[]> {
    return (await this.http.get<{ items: RetentionPolicy[] }>('/compliance/retention-policies'))
      .items;
  }

  /** Sets the policy of a scope: made, or given the new period if that scope has one. */
  putPolicy(body: { scope: PolicyScope; deleteContentAfterDays: number }) {
    return this.http.put<RetentionPolicy>('/compliance/retention-policies', body);
  }

  deletePolicy(id: string) {
    return this.http.delete<void>(`/compliance/retention-policies/${id}`);
  }

  async holds(): Promise<LegalHold[]> {
    return (await this.http.get<{ items: LegalHold[] }>('/compliance/legal-holds')).items;
  }

  createHold(body: { target: HoldTarget; reason: string }) {
    return this.http.post<LegalHold>('/compliance/legal-holds', body);
  }

  deleteHold(id: string) {
    return this.http.delete<void>(`/compliance/legal-holds/${id}`);
  }

  runRetention() {
    return this.http.post<{ purged: number }>('/compliance/retention/run');
  }
}
