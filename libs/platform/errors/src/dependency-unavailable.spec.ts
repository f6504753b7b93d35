import { describe, expect, it } from 'vitest';
import { answerFrom, DependencyUnavailableError } from './dependency-unavailable';

describe('answerFrom', () => {
  it('turns no answer into DependencyUnavailableError, keeping the cause', async () => {
    const refused = new TypeError('fetch failed');
    const error = await answerFrom('messaging', 'GET /x', Promise.reject(refused)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as DependencyUnavailableError).dependency).toBe('messaging');
    expect((error as Error).message).toBe('messaging unavailable: GET /x: TypeError: fetch failed');
    expect((error as Error).cause).toBe(refused);
  });

  it('turns a 5xx into DependencyUnavailableError, and hands every other answer back', async () => {
    await expect(
      answerFrom('presence', 'POST /y', Promise.resolve(new Response('', { status: 503 }))),
    ).rejects.toThrow(/presence unavailable: POST \/y: HTTP 503/);
    for (const status of [200, 404, 409]) {
      const response = new Response(null, { status });
      expect(await answerFrom('presence', 'POST /y', Promise.resolve(response))).toBe(response);
    }
  });
});
