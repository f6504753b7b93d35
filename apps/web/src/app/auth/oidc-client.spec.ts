import { describe, expect, it } from 'vitest';
import { refreshDelayMs } from './oidc-client';

describe('refreshDelayMs', () => {
  it('refreshes a minute before a long-lived token expires', () => {
    expect(refreshDelayMs(600_000, 0)).toBe(540_000);
  });

  it('keeps a fifth of the lifetime as margin for short tokens', () => {
    expect(refreshDelayMs(100_000, 0)).toBe(80_000);
  });

  it('refreshes at once when the token is already expired', () => {
    expect(refreshDelayMs(1_000, 5_000)).toBe(0);
  });
});
