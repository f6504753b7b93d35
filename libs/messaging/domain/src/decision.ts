/**
 * What a rule answers: allowed, or refused with a stable code and the kind of failure. The
 * feature turns a refusal into a DomainError (and so into problem+json); the rules stay pure.
 */
export type RefusalKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable';

export interface Refusal {
  ok: false;
  code: string;
  kind: RefusalKind;
  message: string;
}

export type Decision = { ok: true } | Refusal;

export const ALLOWED: Decision = Object.freeze({ ok: true });

export function refuse(code: string, kind: RefusalKind, message: string): Refusal {
  return { ok: false, code, kind, message };
}
