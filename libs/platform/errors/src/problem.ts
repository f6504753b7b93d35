import { DomainError, httpStatusOf, type FieldIssue } from './domain-error';

/** RFC 9457 problem details, plus Tidings' stable `code` and the request id. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleOf(status: number): string {
  return titles[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** Problem type URIs are documented per code in docs/api.md; they need not resolve. */
export function problemTypeOf(code: string): string {
  return `https://tidings.dev/problems/${code}`;
}

export function problemFromDomainError(error: DomainError): ProblemDetails {
  const status = httpStatusOf(error.kind);
  return {
    type: problemTypeOf(error.code),
    title: titleOf(status),
    status,
    detail: error.message,
    code: error.code,
    ...(error.issues ? { errors: error.issues } : {}),
    ...(error.details ?? {}),
  };
}
