import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, ValidationError, problemFromDomainError } from './index';

describe('problemFromDomainError', () => {
  it('maps kind to status and keeps the stable code', () => {
    const problem = problemFromDomainError(
      new ConflictError('messaging.conversation.exists', 'Already exists', { id: 'c1' }),
    );
    expect(problem).toEqual({
      type: 'https://tidings.dev/problems/messaging.conversation.exists',
      title: 'Conflict',
      status: 409,
      detail: 'Already exists',
      code: 'messaging.conversation.exists',
      id: 'c1',
    });
  });

  it('carries field issues of validation errors', () => {
    const problem = problemFromDomainError(
      new ValidationError('Invalid body', [{ path: 'body.name', message: 'Required' }]),
    );
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('request.invalid');
    expect(problem.errors).toEqual([{ path: 'body.name', message: 'Required' }]);
  });

  it('keeps the cause on the error but never in the problem', () => {
    const cause = new Error('db down');
    const error = new DomainError('platform.unavailable', 'unavailable', 'Try later', { cause });
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(problemFromDomainError(error))).not.toContain('db down');
    expect(problemFromDomainError(error).status).toBe(503);
  });
});
