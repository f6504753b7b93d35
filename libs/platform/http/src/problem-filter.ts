import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import {
  DomainError,
  PROBLEM_CONTENT_TYPE,
  problemFromDomainError,
  problemTypeOf,
  titleOf,
  type ProblemDetails,
} from '@tidings/platform/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Stable codes for failures raised by the framework rather than by a service. */
const codeByStatus: Record<number, string> = {
  400: 'request.invalid',
  401: 'auth.unauthenticated',
  403: 'auth.forbidden',
  404: 'route.not_found',
  405: 'route.method_not_allowed',
  406: 'request.not_acceptable',
  413: 'request.too_large',
  415: 'request.unsupported_media_type',
  429: 'request.rate_limited',
  503: 'service.unavailable',
};

/** Fastify's own parsing errors, which never reach a controller. */
const codeByFastifyError: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid',
};

function frameworkProblem(status: number, detail: string, code?: string): ProblemDetails {
  const stable = code ?? codeByStatus[status] ?? (status >= 500 ? 'internal' : 'request.invalid');
  return { type: problemTypeOf(stable), title: titleOf(status), status, detail, code: stable };
}

function isFastifyClientError(
  e: unknown,
): e is { statusCode: number; code: string; message: string } {
  const candidate = e as { statusCode?: unknown; code?: unknown } | null;
  return (
    typeof candidate?.statusCode === 'number' &&
    candidate.statusCode >= 400 &&
    candidate.statusCode < 500 &&
    typeof candidate.code === 'string' &&
    candidate.code.startsWith('FST_')
  );
}

/** Turns any thrown value into a problem document. Unknown errors never leak details. */
export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof DomainError) return problemFromDomainError(exception);
  if (exception instanceof HttpException) {
    // Nest wraps Fastify's body-parsing errors; their own code is the more precise one.
    if (isFastifyClientError(exception.cause)) return toProblem(exception.cause);
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String((response as { message: unknown }).message)
        : exception.message;
    return frameworkProblem(
      status,
      status >= 500 ? 'The server could not complete the request.' : message,
    );
  }
  if (isFastifyClientError(exception)) {
    return frameworkProblem(
      exception.statusCode,
      exception.message,
      codeByFastifyError[exception.code],
    );
  }
  return frameworkProblem(500, 'The server could not complete the request.', 'internal');
}

/**
 * The single place HTTP errors are rendered: RFC 9457 `application/problem+json`, with the
 * stable `code` and the request id so a user's report can be matched to the logs.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception);
    const requestId = request.id;
    if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId }, 'request failed');
    }
    void reply
      .status(problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({ ...problem, instance: request.url, requestId });
  }
}
