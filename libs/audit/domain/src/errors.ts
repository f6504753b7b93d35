import { DomainError, NotFoundError } from '@tidings/platform/errors';

/** Stable codes of the audit service's errors (docs/compliance.md). */
export const AUDIT_ERRORS = {
  cursorInvalid: 'audit.cursor.invalid',
  rangeInvalid: 'audit.range.invalid',
  notFound: 'audit.not_found',
} as const;

export function invalidCursor(field = 'query.cursor'): DomainError {
  return new DomainError(AUDIT_ERRORS.cursorInvalid, 'invalid', 'The cursor is not valid', {
    issues: [{ path: field, message: 'not a cursor this API gave out' }],
  });
}

export function invalidRange(field: string, message: string): DomainError {
  return new DomainError(AUDIT_ERRORS.rangeInvalid, 'invalid', message, {
    issues: [{ path: field, message }],
  });
}

export function auditNotFound(what: string, id: string): NotFoundError {
  return new NotFoundError(AUDIT_ERRORS.notFound, `${what} ${id} does not exist`, { id });
}
