/**
 * What kind of failure a domain error is. The edge maps a kind to an HTTP status (or a
 * WebSocket close code); the domain never speaks HTTP itself.
 */
export type ErrorKind =
  | 'invalid' // 400: malformed request
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'too_large' // 413
  | 'unsupported_media_type' // 415: the content's type is not accepted
  | 'unprocessable' // 422: well-formed but breaks a rule
  | 'rate_limited' // 429
  | 'unavailable' // 503
  | 'internal'; // 500

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `body.members.0`. */
  path: string;
  message: string;
}

export interface DomainErrorOptions {
  cause?: unknown;
  /** Extra facts safe to show the caller (never secrets, never stack traces). */
  details?: Record<string, unknown>;
  issues?: FieldIssue[];
}

/**
 * Base of every error a service raises on purpose. `code` is stable and documented
 * (`messaging.conversation.not_found`): clients branch on it, so never rename one.
 */
export class DomainError extends Error {
  readonly details: Record<string, unknown> | undefined;
  readonly issues: FieldIssue[] | undefined;

  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.details = options.details;
    this.issues = options.issues;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, issues: FieldIssue[], code = 'request.invalid') {
    super(code, 'invalid', message, { issues });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, 'not_found', message, details ? { details } : {});
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, 'conflict', message, details ? { details } : {});
    this.name = 'ConflictError';
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'forbidden', message);
    this.name = 'ForbiddenError';
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'unauthenticated', message);
    this.name = 'UnauthenticatedError';
  }
}

const statusByKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(kind: ErrorKind): number {
  return statusByKind[kind];
}
