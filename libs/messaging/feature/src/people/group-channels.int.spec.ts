import { randomUUID } from 'node:crypto';
import { userCreatedV1, userDeactivatedV1 } from '@tidings/contracts';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCaller } from '../caller';
import { directoryEnvelope, directoryProfile, directoryWorld } from '../testing/directory-events';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';

/** Channels that follow a directory group, fed by the directory's group events. */
describe.each(databaseFlavours)('channels following a directory group on %s', (flavour) => {
  let h: MessagingHarness;
  let world: ReturnType<typeof directoryWorld>;
  const moderator = userCaller(randomUUID(), true);

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    world = directoryWorld(h);
    await h.person(moderator.id, 'moderator');
  });

  afterAll(async () => {
    await h?.close();
  });

  const person = (name: string, orgUnitPath: string[] = []) => world.person(name, orgUnitPath);
  const members = (conversationId: string) => world.members(conversationId);
  const notices = (conversationId: string) => world.notices(conversationId);

  it('brings a mapped channel in line with its group, then follows the group event by event', async () => {
    const [owner, admin, stays, leaves, joins, away, later] = await Promise.all(
      ['owner', 'admin', 'stays', 'leaves', 'joins', 'away', 'later'].map((n) => person(`g-${n}`)),
    );
    const bot = {
      id: 'svc-bot',
      kind: 'user',
      senderKind: 'integration',
      moderator: false,
    } as const;
    const groupId = randomUUID();
    const first = world.groupEvent(groupId, { added: [stays.id, joins.id, away.id] });
    await h.directory.handle(first);
    await h.directory.handle(
      directoryEnvelope(userDeactivatedV1.type, away.id, {
        userId: away.id,
        username: 'g-away',
        reason: 'admin',
        deactivatedAt: new Date().toISOString(),
      }),
    );
    const { conversation: c } = await h.conversations.create(owner, {
      kind: 'channel',
      visibility: 'public',
      name: 'sales',
      memberIds: [admin.id, stays.id, leaves.id],
    });
    await h.members.changeRole(owner, c.id, admin.id, 'admin');
    await h.members.join(bot, c.id);

    await expect(h.sources.mapToGroup(owner, c.id, groupId)).rejects.toMatchObject({
      code: 'messaging.role.insufficient',
    });
    await expect(h.sources.mapToGroup(moderator, c.id, randomUUID())).rejects.toMatchObject({
      code: 'messaging.directory_group.not_found',
    });
    await h.sources.mapToGroup(moderator, c.id, groupId);
    // Owners, admins and the integration stay; the group's active people are in, others out.
    expect(await members(c.id)).toEqual(
      [
        'g-admin:admin',
        'g-joins:member',
        'g-owner:owner',
        'g-stays:member',
        'svc-bot:member',
      ].sort(),
    );
    expect((await h.queries.get(owner, c.id)).conversation).toMatchObject({
      memberCount: 5,
      membershipSource: { kind: 'group', groupId },
    });
    expect(await notices(c.id)).toEqual([
      'g-joins joined through the directory group “Sales”.',
      'g-leaves left with the directory group “Sales”.',
    ]);
    const joined = (
      await h.events<{ conversationId: string; userId: string; reason: string }>(
        'messaging.member.joined',
      )
    ).filter((e) => e.conversationId === c.id && e.reason === 'directory');
    expect(joined.map((e) => e.userId)).toEqual([joins.id]);

    // Incremental: someone joins the group, someone leaves it — an owner named there stays.
    const change = world.groupEvent(groupId, { added: [later.id], removed: [stays.id, owner.id] });
    await h.directory.handle(change);
    expect(await members(c.id)).toEqual(
      [
        'g-admin:admin',
        'g-joins:member',
        'g-later:member',
        'g-owner:owner',
        'svc-bot:member',
      ].sort(),
    );
    // Redelivered — and an older event replayed after it — change nothing and post nothing.
    const before = (await h.events('messaging.message.sent')).length;
    await h.directory.handle(change);
    await h.directory.handle(first); // would bring g-stays back, were it applied again
    expect(await members(c.id)).toEqual(
      [
        'g-admin:admin',
        'g-joins:member',
        'g-later:member',
        'g-owner:owner',
        'svc-bot:member',
      ].sort(),
    );
    expect((await h.events('messaging.message.sent')).length).toBe(before);
  });

  it('takes in a person the group named before the directory announced them', async () => {
    const owner = await person('n-owner');
    const groupId = randomUUID();
    const lateId = randomUUID();
    await h.directory.handle(world.groupEvent(groupId, { added: [lateId] }));
    const { conversation: c } = await h.conversations.create(owner, {
      kind: 'channel',
      visibility: 'private',
      name: 'early',
    });
    await h.sources.mapToGroup({ ...moderator, id: owner.id, moderator: true }, c.id, groupId);
    expect(await members(c.id)).toEqual(['n-owner:owner']);
    await h.directory.handle(
      directoryEnvelope(userCreatedV1.type, lateId, directoryProfile(lateId, 'n-late', [])),
    );
    expect(await members(c.id)).toEqual(['n-late:member', 'n-owner:owner']);
  });

  it('empties a channel down to its owners and admins when its group is removed', async () => {
    const [owner, a, b, invited] = await Promise.all(
      ['owner', 'a', 'b', 'invited'].map((n) => person(`r-${n}`)),
    );
    const groupId = randomUUID();
    await h.directory.handle(world.groupEvent(groupId, { added: [a.id, b.id] }));
    const { conversation: c } = await h.conversations.create(owner, {
      kind: 'channel',
      visibility: 'public',
      name: 'doomed',
    });
    await h.sources.mapToGroup(moderator, c.id, groupId);
    await h.members.invite(owner, c.id, [invited.id]); // not in the group, invited by hand
    expect(await members(c.id)).toHaveLength(4);
    await h.directory.handle(
      world.groupEvent(groupId, { removed: [a.id, b.id], groupRemoved: true }),
    );
    expect(await members(c.id)).toEqual(['r-owner:owner']);
    expect((await h.queries.get(owner, c.id)).conversation.memberCount).toBe(1);
    // The group is gone for mapping too.
    const other = await h.conversations.create(owner, {
      kind: 'channel',
      visibility: 'public',
      name: 'other',
    });
    await expect(
      h.sources.mapToGroup(moderator, other.conversation.id, groupId),
    ).rejects.toMatchObject({ code: 'messaging.directory_group.not_found' });
  });
});
