import type { LegalHold, RetentionPolicy } from '@tidings/audit/domain';

const iso = (ms: number) => new Date(ms).toISOString();

/** A policy as the API and the trail show it. */
export function policyView(p: RetentionPolicy) {
  return {
    id: p.id,
    scope: p.scope,
    deleteContentAfterDays: p.deleteContentAfterDays,
    createdBy: p.createdBy,
    createdAt: iso(p.createdAt),
  };
}

/** A legal hold as the API and the trail show it. */
export function holdView(h: LegalHold) {
  return {
    id: h.id,
    target: h.target,
    reason: h.reason,
    createdBy: h.createdBy,
    createdAt: iso(h.createdAt),
  };
}
