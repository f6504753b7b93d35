import { userDeactivatedV1, userReactivatedV1 } from '@tidings/contracts';
import { describe, expect, it } from 'vitest';
import { createEnvelope } from './envelope';

const userId = '0193a0c4-0000-7000-8000-000000000001';
const profile = {
  userId,
  username: 'erin',
  displayName: 'Erin',
  email: null,
  title: null,
  source: 'local' as const,
  orgUnitPath: [],
};
const deactivation = {
  userId,
  username: 'erin',
  reason: 'admin' as const,
  deactivatedAt: '2026-11-26T01:00:00.000Z',
};

describe('createEnvelope', () => {
  it('gives the events of one process strictly increasing times, even within a millisecond', () => {
    const actor = { kind: 'system' as const, id: 'test' };
    const times = Array.from({ length: 50 }, (_, i) =>
      Date.parse(
        (i % 2
          ? createEnvelope(userReactivatedV1, 'test', { key: userId, actor, data: profile })
          : createEnvelope(userDeactivatedV1, 'test', { key: userId, actor, data: deactivation })
        ).occurredAt,
      ),
    );
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
    // A burst runs only as far ahead of the clock as it has events.
    expect((times.at(-1) as number) - Date.now()).toBeLessThanOrEqual(times.length);
  });
});
