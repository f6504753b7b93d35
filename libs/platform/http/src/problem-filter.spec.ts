import { BadRequestException, NotFoundException } from '@nestjs/common';
import { NotFoundError } from '@tidings/platform/errors';
import { describe, expect, it } from 'vitest';
import { toProblem } from './problem-filter';

describe('toProblem', () => {
  it('renders domain errors with their code', () => {
    expect(toProblem(new NotFoundError('directory.user.not_found', 'No such user'))).toMatchObject({
      status: 404,
      code: 'directory.user.not_found',
      detail: 'No such user',
    });
  });

  it('gives framework errors a stable code', () => {
    expect(toProblem(new NotFoundException('Cannot GET /nope'))).toMatchObject({
      status: 404,
      code: 'route.not_found',
      title: 'Not Found',
    });
    expect(toProblem(new BadRequestException('bad'))).toMatchObject({
      status: 400,
      code: 'request.invalid',
    });
  });

  it('maps Fastify body errors', () => {
    const error = Object.assign(new Error('Body is not valid JSON'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(toProblem(error)).toMatchObject({ status: 400, code: 'request.malformed_json' });
  });

  it('never leaks an unexpected error', () => {
    const problem = toProblem(new TypeError('secret stack detail'));
    expect(problem).toMatchObject({ status: 500, code: 'internal' });
    expect(JSON.stringify(problem)).not.toContain('secret');
  });
});
