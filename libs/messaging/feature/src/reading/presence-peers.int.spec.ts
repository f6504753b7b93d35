import { randomUUID } from 'node:crypto';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { PresencePeerQueries } from './presence-peers.queries';

/** Who shares a conversation with whom, before and after one of them is deactivated. */
describe.each(databaseFlavours)('presence peers on %s', (flavour) => {
  let h: MessagingHarness;
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map((name) => h.person(randomUUID(), name)),
    );
    await h.conversations.create(alice, {
      kind: 'channel',
      visibility: 'private',
      name: `team ${randomUUID()}`,
      memberIds: [bob.id],
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("finds a deactivated person's former peers only when asked to include them", async () => {
    const peers = new PresencePeerQueries(h.dataSource);
    expect(await peers.peersOf(bob.id)).toEqual([alice.id]);
    await h.people.deactivated({ userId: bob.id, username: 'bob' }, Date.now(), {
      kind: 'system',
      id: 'test',
    });
    // Out of every active membership list: no peers of their own any more …
    expect(await peers.peersOf(bob.id)).toEqual([]);
    expect(await peers.peersOf(alice.id)).toEqual([]);
    // … but the deactivation's own event still reaches the people they shared conversations with.
    expect(await peers.peersOf(bob.id, { includeDeactivated: true })).toEqual([alice.id]);
    expect(await peers.peersOf(carol.id, { includeDeactivated: true })).toEqual([]);
  });
});
