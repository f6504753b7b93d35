import { randomUUID } from 'node:crypto';
import { userDeactivatedV1, userReactivatedV1, userUpdatedV1 } from '@tidings/contracts';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCaller, type Caller } from '../caller';
import { directoryEnvelope, directoryProfile, directoryWorld } from '../testing/directory-events';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';

/** Channels that follow a department subtree, fed by the directory's user events. */
describe.each(databaseFlavours)('channels following a department on %s', (flavour) => {
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

  it('follows a department subtree: mapping, newcomers, moves', async () => {
    const owner = await person('d-owner', ['HQ']);
    const lead = await person('d-lead', ['研发中心', '平台部']);
    const dev = await person('d-dev', ['研发中心', '平台部', '存储组']);
    const apps = await person('d-apps', ['研发中心', '应用部']);
    const seller = await person('d-seller', ['Sales']);
    const { conversation: c } = await h.conversations.create(owner, {
      kind: 'channel',
      visibility: 'private',
      name: 'platform',
      memberIds: [seller.id],
    });
    const admin = { ...owner, moderator: true };
    await h.sources.mapToDepartment(admin, c.id, {
      orgUnitId: 'ou-platform',
      path: ['研发中心', '平台部'],
    });
    expect(await members(c.id)).toEqual(['d-dev:member', 'd-lead:member', 'd-owner:owner']);
    // One notice per batch (names in id order).
    const [joinedNotice, leftNotice] = await notices(c.id);
    expect(joinedNotice).toMatch(
      /^(d-dev and d-lead|d-lead and d-dev) joined through the department “研发中心 \/ 平台部”\.$/,
    );
    expect(leftNotice).toBe('d-seller left with the department “研发中心 / 平台部”.');
    const updated = (
      await h.events<{ conversationId: string; changed: string[]; membershipSource: unknown }>(
        'messaging.conversation.updated',
      )
    ).filter((e) => e.conversationId === c.id);
    expect(updated).toEqual([
      expect.objectContaining({
        changed: ['membershipSource'],
        membershipSource: {
          kind: 'department',
          orgUnitId: 'ou-platform',
          path: ['研发中心', '平台部'],
        },
      }),
    ]);

    // Someone new in the subtree joins; a move in joins, a move out leaves.
    await person('d-new', ['研发中心', '平台部', '基础设施']);
    const move = (who: Caller, name: string, path: string[]) =>
      h.directory.handle(
        directoryEnvelope(userUpdatedV1.type, who.id, {
          ...directoryProfile(who.id, name, path),
          changed: ['orgUnitPath'],
        }),
      );
    await move(apps, 'd-apps', ['研发中心', '平台部']);
    await move(dev, 'd-dev', ['Sales']);
    expect(await members(c.id)).toEqual([
      'd-apps:member',
      'd-lead:member',
      'd-new:member',
      'd-owner:owner',
    ]);
    // A profile change that is no move changes no membership (lead left and stays out).
    await h.members.leave(lead, c.id);
    await h.directory.handle(
      directoryEnvelope(userUpdatedV1.type, lead.id, {
        ...directoryProfile(lead.id, 'd-lead', ['研发中心', '平台部']),
        displayName: 'Lead',
        changed: ['displayName'],
      }),
    );
    expect(await members(c.id)).toEqual(['d-apps:member', 'd-new:member', 'd-owner:owner']);

    // Unmapped: the channel stops following; members stay.
    await h.sources.unmap(admin, c.id, 'department');
    await person('d-newer', ['研发中心', '平台部']);
    expect(await members(c.id)).toEqual(['d-apps:member', 'd-new:member', 'd-owner:owner']);
    expect((await h.queries.get(owner, c.id)).conversation.membershipSource).toBeNull();
  });

  it('settles a person who moved while deactivated when they come back', async () => {
    const owner = await person('m-owner');
    const mover = await person('m-mover', ['运维']);
    const admin = { ...owner, moderator: true };
    const channel = async (name: string, path: string[]) => {
      const { conversation } = await h.conversations.create(owner, {
        kind: 'channel',
        visibility: 'private',
        name,
      });
      await h.sources.mapToDepartment(admin, conversation.id, { orgUnitId: name, path });
      return conversation.id;
    };
    const ops = await channel('ops', ['运维']);
    const sales = await channel('sales', ['销售']);
    expect(await members(ops)).toEqual(['m-mover:member', 'm-owner:owner']);
    await h.directory.handle(
      directoryEnvelope(userDeactivatedV1.type, mover.id, {
        userId: mover.id,
        username: 'm-mover',
        reason: 'admin',
        deactivatedAt: new Date().toISOString(),
      }),
    );
    await h.directory.handle(
      directoryEnvelope(userUpdatedV1.type, mover.id, {
        ...directoryProfile(mover.id, 'm-mover', ['销售']),
        changed: ['orgUnitPath'],
      }),
    );
    await h.directory.handle(
      directoryEnvelope(
        userReactivatedV1.type,
        mover.id,
        directoryProfile(mover.id, 'm-mover', ['销售']),
      ),
    );
    expect(await members(ops)).toEqual(['m-owner:owner']);
    expect(await members(sales)).toEqual(['m-mover:member', 'm-owner:owner']);
  });
});
