import { userDeactivatedV1, userReactivatedV1, type EventEnvelope } from '@tidings/contracts';
import { createEnvelope, type EventBus } from '@tidings/platform/bus';
import { describe, expect, it, vi } from 'vitest';
import { DeactivationConsumer } from './deactivation.consumer';
import type { IdentityActions } from './identity-actions';
import { ReactivationConsumer } from './reactivation.consumer';

/**
 * The two directory status consumers map an event to one actions call with the event's time;
 * the actions themselves are exercised on real databases in directory-status.int.spec.ts.
 */
const USER_ID = '0b9a54b6-0000-4000-8000-0000000000a1';
const ACTOR = { kind: 'system', id: 'ldap-sync' } as const;
const OCCURRED = '2026-05-01T08:00:00.123Z';

function fakeActions() {
  return {
    deactivate: vi.fn(async () => []),
    reactivate: vi.fn(async () => []),
  };
}

function consumers(actions: ReturnType<typeof fakeActions>) {
  const bus = {} as EventBus;
  const asActions = actions as unknown as IdentityActions;
  return {
    deactivation: new DeactivationConsumer(bus, asActions),
    reactivation: new ReactivationConsumer(bus, asActions),
  };
}

const deactivated = (): EventEnvelope => ({
  ...createEnvelope(userDeactivatedV1, 'directory', {
    key: USER_ID,
    actor: ACTOR,
    data: { userId: USER_ID, username: 'dora', reason: 'admin', deactivatedAt: OCCURRED },
  }),
  occurredAt: OCCURRED,
});

const reactivated = (): EventEnvelope => ({
  ...createEnvelope(userReactivatedV1, 'directory', {
    key: USER_ID,
    actor: ACTOR,
    data: {
      userId: USER_ID,
      username: 'dora',
      displayName: 'Dora',
      email: null,
      title: null,
      source: 'local',
      orgUnitPath: [],
    },
  }),
  // A producer in another time zone: the instant, not the text, is what orders events.
  occurredAt: '2026-05-01T16:00:05.000+08:00',
});

describe('directory status consumers', () => {
  it('deactivate with the event time, in a group of their own', async () => {
    const actions = fakeActions();
    const { deactivation, reactivation } = consumers(actions);
    await deactivation.handle(deactivated());
    await reactivation.handle(reactivated());
    expect(actions.deactivate).toHaveBeenCalledWith(
      USER_ID,
      'dora',
      ACTOR,
      Date.parse('2026-05-01T08:00:00.123Z'),
    );
    expect(actions.reactivate).toHaveBeenCalledWith(
      USER_ID,
      'dora',
      ACTOR,
      Date.parse('2026-05-01T08:00:05.000Z'),
    );
    expect(DeactivationConsumer.GROUP).not.toBe(ReactivationConsumer.GROUP);
  });

  it("ignore each other's events and other versions", async () => {
    const actions = fakeActions();
    const { deactivation, reactivation } = consumers(actions);
    await deactivation.handle(reactivated());
    await reactivation.handle(deactivated());
    await reactivation.handle({ ...reactivated(), version: 2 });
    await deactivation.handle({ ...deactivated(), version: 2 });
    expect(actions.deactivate).not.toHaveBeenCalled();
    expect(actions.reactivate).not.toHaveBeenCalled();
  });

  it('fail (to be retried, then dead-lettered) on data or a time they cannot read', async () => {
    const actions = fakeActions();
    const { deactivation, reactivation } = consumers(actions);
    await expect(reactivation.handle({ ...reactivated(), data: { userId: 1 } })).rejects.toThrow();
    await expect(
      deactivation.handle({ ...deactivated(), occurredAt: 'yesterday' }),
    ).rejects.toThrow(/no valid occurredAt/);
    expect(actions.deactivate).not.toHaveBeenCalled();
    expect(actions.reactivate).not.toHaveBeenCalled();
  });
});
