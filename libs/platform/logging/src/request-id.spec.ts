import { describe, expect, it } from 'vitest';
import { requestIdOf } from './request-id';

describe('requestIdOf', () => {
  it('carries a well-formed incoming request id', () => {
    expect(requestIdOf({ headers: { 'x-request-id': 'abc-123' } })).toBe('abc-123');
  });

  it('replaces a missing or hostile id with a fresh uuid', () => {
    for (const header of [undefined, 'bad id\nInjected: 1', 'x'.repeat(200)]) {
      const id = requestIdOf({ headers: header === undefined ? {} : { 'x-request-id': header } });
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});
