import { randomUUID } from 'node:crypto';
import {
  userDeactivatedV1,
  userReactivatedV1,
  userUpdatedV1,
  type EventEnvelope,
} from '@tidings/contracts';
import { messagingStore } from '@tidings/messaging/data-access';
import type { EventBus } from '@tidings/platform/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { DirectoryUsersConsumer } from './directory-users.consumer';

const actor = { kind: 'system' as const, id: 'directory-sync' };

/** Directory events → the users projection and active membership lists. */
describe('directory users in messaging', () => {
  let h: MessagingHarness;
  let consumer: DirectoryUsersConsumer;
  let alice: Caller;
  let bob: Caller;

  const envelope = (type: string, data: unknown, occurredAt: string): EventEnvelope => ({
    id: randomUUID(),
    type,
    version: 1,
    key: bob.id,
    occurredAt,
    actor,
    source: 'directory',
    data,
  });
  const profile = (displayName = 'Bob') => ({
    userId: bob.id,
    username: 'bob',
    displayName,
    email: null,
    title: null,
    source: 'local' as const,
    orgUnitPath: [],
  });

  beforeAll(async () => {
    h = await openMessagingHarness('sqlite');
    // handle() is driven directly; the bus is not needed for that.
    consumer = new DirectoryUsersConsumer({} as EventBus, h.people);
    alice = await h.person(randomUUID(), 'alice');
    bob = await h.person(randomUUID(), 'bob');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('takes a deactivated person off member lists and brings them back on reactivation', async () => {
    const { conversation: c } = await h.conversations.create(alice, {
      kind: 'channel',
      visibility: 'private',
      name: 'team',
      memberIds: [bob.id],
    });
    await h.members.changeRole(alice, c.id, bob.id, 'admin');
    const sent = await h.messages.send(bob, c.id, { text: 'before I go' });
    await h.reads.markRead(bob, c.id, 1);

    const off = envelope(
      userDeactivatedV1.type,
      {
        userId: bob.id,
        username: 'bob',
        reason: 'ldap_disabled',
        deactivatedAt: '2030-01-01T10:00:00.000Z',
      },
      '2030-01-01T10:00:00.000Z',
    );
    await consumer.handle(off);
    await consumer.handle(off); // redelivered: nothing more happens
    expect((await h.queries.members(alice, c.id)).map((m) => m.member.userId)).toEqual([alice.id]);
    expect((await h.queries.get(alice, c.id)).conversation.memberCount).toBe(1);
    expect((await h.queries.receipts(alice, c.id)).map((r) => r.userId)).toEqual([alice.id]);
    // Still the author of what they wrote, shown as deactivated.
    expect((await h.queries.message(sent)).author).toEqual({
      username: 'bob',
      displayName: 'bob',
      active: false,
    });
    await expect(
      h.conversations.create(alice, { kind: 'direct', userId: bob.id }),
    ).rejects.toMatchObject({
      code: 'messaging.user.not_found',
    });
    const left = (
      await h.events<{ userId: string; reason: string; role: string }>('messaging.member.left')
    ).filter((e) => e.userId === bob.id);
    expect(left).toEqual([
      expect.objectContaining({ reason: 'deactivated', role: 'admin', by: actor.id }),
    ]);

    // An older reactivation arriving late does not undo the newer deactivation.
    await consumer.handle(envelope(userReactivatedV1.type, profile(), '2030-01-01T09:00:00.000Z'));
    expect((await h.queries.get(alice, c.id)).conversation.memberCount).toBe(1);

    await consumer.handle(envelope(userReactivatedV1.type, profile(), '2030-01-01T11:00:00.000Z'));
    const back = await h.queries.members(alice, c.id);
    expect(back.map((m) => [m.member.userId, m.member.role])).toEqual([
      [alice.id, 'owner'],
      [bob.id, 'admin'],
    ]);
    expect(
      (await h.queries.receipts(alice, c.id)).find((r) => r.userId === bob.id)?.lastReadSeq,
    ).toBe(1);
    expect(
      (await h.events<{ userId: string; reason: string }>('messaging.member.joined')).filter(
        (e) => e.userId === bob.id,
      ),
    ).toEqual([expect.objectContaining({ reason: 'reactivated', role: 'admin' })]);
  });

  it('follows renames, and ignores events of other types and versions', async () => {
    await consumer.handle(
      envelope(
        userUpdatedV1.type,
        { ...profile('Robert'), changed: ['displayName'] },
        new Date().toISOString(),
      ),
    );
    await consumer.handle({
      ...envelope(userUpdatedV1.type, { nonsense: true }, new Date().toISOString()),
      version: 9,
    });
    await consumer.handle(
      envelope('directory.org_unit.created', { nonsense: true }, new Date().toISOString()),
    );
    expect(await messagingStore(h.dataSource).users.findById(bob.id)).toMatchObject({
      username: 'bob',
      displayName: 'Robert',
    });
  });

  it('sends an event without a readable time to retries (and the dead letters)', async () => {
    await expect(
      consumer.handle(
        envelope(
          userDeactivatedV1.type,
          {
            userId: bob.id,
            username: 'bob',
            reason: 'admin',
            deactivatedAt: '2030-01-01T00:00:00Z',
          },
          'yesterday',
        ),
      ),
    ).rejects.toThrow(/occurredAt/);
  });
});
