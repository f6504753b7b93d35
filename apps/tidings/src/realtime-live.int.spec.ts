import type { WsTestClient, ReceivedEvent } from '@tidings/gateway/feature/testing';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { As } from './messaging.testing';
import { RealtimeTestHost, settle } from './realtime.testing';

const admin: As = { username: 'admin', roles: ['admin'] };
const PRESENCE = 'presence.changed';

/**
 * Presence and directory changes on the sockets, through the whole host (presence / directory →
 * outbox → bus → gateway fan-out → sockets), on SQLite and PostgreSQL: they reach exactly the
 * people who may see them, on every device.
 */
describe.each(databaseFlavours)('live presence and directory frames on %s', (flavour) => {
  let db: TestDatabase;
  const host = new RealtimeTestHost();
  const ids: Record<string, string> = {};
  const open: WsTestClient[] = [];
  const device = async (username: string, lastSeq?: number) => {
    const d = await host.device(username, lastSeq);
    open.push(d.client);
    return d;
  };
  const as = (username: string): As => ({ username });
  /**
   * The next presence frame about `userId` on this socket — in `state`, when given: a device may
   * or may not see its own sign-in's `online`, depending on whether it was ready by then.
   */
  const presenceOf = async (
    client: WsTestClient,
    userId: string,
    state?: string,
  ): Promise<ReceivedEvent> => {
    for (;;) {
      const frame = await client.next(PRESENCE, 10_000);
      if (frame.data['userId'] === userId && (!state || frame.data['state'] === state)) {
        return frame;
      }
    }
  };
  const framesAbout = (client: WsTestClient, type: string, userId: string) =>
    client.events.filter((e) => e.type === type && e.data['userId'] === userId);
  const direct = async (from: string, to: string) => {
    const created = await host.call('POST', '/conversations', as(from), {
      kind: 'direct',
      userId: ids[to],
    });
    expect(created.statusCode, created.body).toBe(201);
  };

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    for (const name of ['alice', 'bob', 'carol', 'dave']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
    await direct('alice', 'bob');
    await direct('dave', 'bob');
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await host.stop();
    await db?.drop();
  });

  it("delivers a user's presence to their peers' and their own devices, never to others", async () => {
    const alice = ids['alice'] as string;
    const b1 = (await device('bob')).client;
    const b2 = (await device('bob')).client;
    const carol = (await device('carol')).client;

    const a1 = (await device('alice')).client;
    for (const b of [b1, b2]) {
      expect(await presenceOf(b, alice)).toEqual({
        type: PRESENCE,
        data: { userId: alice, state: 'online', lastSeenAt: null, dnd: null, status: null },
      });
    }

    const set = await host.call('PUT', '/presence/me', as('alice'), {
      status: 'dnd',
      customStatus: { text: 'Heads down', emoji: '🎧' },
    });
    expect(set.statusCode, set.body).toBe(200);
    for (const client of [b1, b2, a1]) {
      const frame = await presenceOf(client, alice, 'dnd');
      expect(frame.seq).toBeUndefined(); // ephemeral: no place in the stream
      expect(frame.data).toMatchObject({
        state: 'dnd',
        dnd: { until: null },
        status: { text: 'Heads down', emoji: '🎧' },
      });
    }
    // One write per change for all recipients: carol's frame, had there been one, is out too.
    await settle(carol);
    expect(framesAbout(carol, PRESENCE, alice)).toEqual([]);
  });

  it('reaches a subscriber while the subscription lasts, and not after', async () => {
    const alice = ids['alice'] as string;
    const bob = (await device('bob')).client;
    const carol = (await device('carol')).client;

    carol.send({ type: 'presence.subscribe', id: 's1', userIds: [alice], ttlSeconds: 60 });
    expect((await carol.next('presence.snapshot')).data).toMatchObject({ replyTo: 's1' });
    await host.call('PUT', '/presence/me', as('alice'), { status: 'away' });
    expect((await presenceOf(carol, alice)).data).toMatchObject({ state: 'away' });
    expect((await presenceOf(bob, alice)).data).toMatchObject({ state: 'away' });

    carol.send({ type: 'presence.subscribe', id: 's2', userIds: [] });
    await carol.next('presence.snapshot');
    await host.call('PUT', '/presence/me', as('alice'), { status: 'auto' });
    expect((await presenceOf(bob, alice)).data).toMatchObject({ state: 'online' });
    await settle(carol);
    expect(framesAbout(carol, PRESENCE, alice)).toEqual([]);
  });

  it("stores a profile change for the person's peers and their own devices, resumable", async () => {
    const alice = ids['alice'] as string;
    const { client: bob, ready } = await device('bob');
    const aliceDevice = (await device('alice')).client;
    const carol = (await device('carol')).client;

    const patched = await host.call('PATCH', `/directory/users/${alice}`, admin, {
      displayName: 'Alice Liddell',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const updated = await bob.next('directory.user.updated', 10_000);
    expect(updated).toMatchObject({
      seq: (ready.seq as number) + 1,
      data: { userId: alice, displayName: 'Alice Liddell', changed: ['displayName'] },
    });
    expect(await aliceDevice.next('directory.user.updated', 10_000)).toMatchObject({
      data: { userId: alice, displayName: 'Alice Liddell' },
    });
    await settle(carol);
    expect(framesAbout(carol, 'directory.user.updated', alice)).toEqual([]);

    // Stored with a seq: a device of bob's that was away gets it on resume.
    const back = await device('bob', ready.seq as number);
    expect(await back.client.next('directory.user.updated', 10_000)).toEqual(updated);
  });

  it("tells a deactivated person's peers, not others", async () => {
    const dave = ids['dave'] as string;
    const bob = (await device('bob')).client;
    const carol = (await device('carol')).client;

    const off = await host.call('POST', `/directory/users/${dave}/deactivate`, admin);
    expect(off.statusCode, off.body).toBe(200);
    expect(await bob.next('directory.user.deactivated', 10_000)).toMatchObject({
      data: { userId: dave, username: 'dave', reason: 'admin' },
    });
    // Messaging's own consequence reaches bob as well: dave left their conversation.
    expect(await bob.next('messaging.member.left', 10_000)).toMatchObject({
      data: { userId: dave, reason: 'deactivated' },
    });
    await settle(carol);
    expect(framesAbout(carol, 'directory.user.deactivated', dave)).toEqual([]);
  });
});
