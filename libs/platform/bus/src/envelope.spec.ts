import { userDeactivatedV1, userReactivatedV1 } from '@tidings/contracts';
import { describe, expect, it } from 'vitest';
import { createEnvelope } from './envelope';

const person = {
  userId: '0193a0c4-0000-7000-8000-000000000001',
  username: 'erin',
  displayName: 'Erin',
  email: null,
  title: null,
  source: 'local' as const,
  orgUnitPath: [],
};

describe('createEnvelope', () => {
  it('gives the events of one process strictly increasing times, even within a millisecond', () => {
    const actor = { kind: 'system' as const, id: 'test' };
    const times = Array.from({ length: 50 }, (_, i) =>
      Date.parse(
        createEnvelope(i % 2 ? userReactivatedV1 : userDeactivatedV1, 'test', {
          key: person.userId,
          actor,
          data: person,
        }).occurredAt,
      ),
    );
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
    // A burst runs only as far ahead of the clock as it has events.
    expect((times.at(-1) as number) - Date.now()).toBeLessThanOrEqual(times.length);
  });
});
