import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { PresencePeerQueries } from '@tidings/messaging/feature';
import { PresenceAudience } from '@tidings/presence/feature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { As } from './messaging.testing';
import { eventually, PresenceTestHost } from './presence.testing';

const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
const carol: As = { username: 'carol' };

/**
 * Presence through the whole host over real sockets, on both databases: aggregation over a
 * user's devices, DND expiry, who may see whom, the events, and a restart (docs/presence.md).
 */
describe.each(databaseFlavours)('presence on %s', (flavour) => {
  let db: TestDatabase;
  let host: PresenceTestHost;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    host = await new PresenceTestHost().start({ DATABASE_URL: db.url });
    for (const name of ['alice', 'bob', 'carol']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
    // alice and bob share a direct conversation; carol shares nothing with either.
    const direct = await host.call('POST', '/conversations', alice, {
      kind: 'direct',
      userId: ids['bob'],
    });
    expect(direct.statusCode, direct.body).toBe(201);
  });

  afterAll(async () => {
    await host?.stop();
    await db?.drop();
  });

  it('keeps a user on two devices online until both disconnect, as a peer sees it', async () => {
    const bobId = ids['bob'] as string;
    const [before] = await host.presenceOf(alice, [bobId]);
    expect(before).toMatchObject({ userId: bobId, state: 'offline', lastSeenAt: null });

    const laptop = await host.device('bob');
    const phone = await host.device('bob');
    await host.until(alice, bobId, (p) => p?.state === 'online');
    await eventually(async () => (await host.connectionCount(bobId)) === 2);

    laptop.close();
    await laptop.closed;
    await eventually(async () => (await host.connectionCount(bobId)) === 1);
    const [oneLeft] = await host.presenceOf(alice, [bobId]);
    expect(oneLeft?.state).toBe('online');

    phone.close();
    await phone.closed;
    const gone = await host.until(alice, bobId, (p) => p?.state === 'offline');
    expect(Date.parse(gone?.lastSeenAt ?? '')).toBeGreaterThan(Date.now() - 10_000);
    // One event online, one offline: the laptop leaving changed nothing anyone sees.
    await eventually(() => host.statesOf(bobId).length >= 2);
    expect(host.statesOf(bobId)).toEqual(['online', 'offline']);
  });

  it('is away only when every device reports idle', async () => {
    const bobId = ids['bob'] as string;
    const one = await host.device('bob');
    const two = await host.device('bob');
    await host.until(alice, bobId, (p) => p?.state === 'online');
    one.send({ type: 'presence', state: 'idle' });
    await eventually(async () => {
      const rows = (await host.dataSource.query(
        `SELECT activity FROM presence_connections WHERE activity = 'idle'`,
      )) as unknown[];
      return rows.length === 1;
    });
    expect((await host.presenceOf(alice, [bobId]))[0]?.state).toBe('online');
    two.send({ type: 'presence', state: 'idle' });
    await host.until(alice, bobId, (p) => p?.state === 'away');
    one.send({ type: 'presence', state: 'active' });
    await host.until(alice, bobId, (p) => p?.state === 'online');
    one.close();
    two.close();
    await Promise.all([one.closed, two.closed]);
    await host.until(alice, bobId, (p) => p?.state === 'offline');
  });

  it('refuses a presence frame that is not active/idle, on the socket, without closing it', async () => {
    const device = await host.device('bob');
    device.send({ type: 'presence', state: 'sleeping', id: 'p1' });
    const error = await device.next('error');
    expect(error.data).toMatchObject({ code: 'gateway.frame_invalid', replyTo: 'p1' });
    device.send({ type: 'ping', id: 'still-open' });
    await device.next('pong');
    device.close();
    await device.closed;
  });

  it('ends DND on time, and falls back to what the devices say', async () => {
    const bobId = ids['bob'] as string;
    const device = await host.device('bob');
    await host.until(alice, bobId, (p) => p?.state === 'online');
    const until = new Date(Date.now() + 1_500).toISOString();
    const set = await host.call('PUT', '/presence/me', bob, { status: 'dnd', dndUntil: until });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ state: 'dnd', dnd: { until } });
    const [during] = await host.presenceOf(alice, [bobId]);
    expect(during?.state).toBe('dnd');
    const after = await host.until(alice, bobId, (p) => p?.state === 'online', 5_000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(until));
    expect(after?.dnd).toBeNull();
    await eventually(() => host.statesOf(bobId).at(-1) === 'online');
    expect(host.statesOf(bobId).slice(-2)).toEqual(['dnd', 'online']);
    // The timer published it, not a request of bob's.
    const expiry = host.events.filter((e) => e.key === bobId).at(-1);
    expect(expiry?.actor).toEqual({ kind: 'system', id: 'presence' });
    device.close();
    await device.closed;
    await host.until(alice, bobId, (p) => p?.state === 'offline');
  });

  it('validates a custom status: one emoji, at most 100 characters, a future expiry', async () => {
    const bad = await host.call('PUT', '/presence/me', bob, {
      customStatus: { text: 'x'.repeat(101), emoji: 'not an emoji' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'presence.status.invalid' });
    const good = await host.call('PUT', '/presence/me', bob, {
      customStatus: { text: 'On holiday', emoji: '🏖️' },
    });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({
      status: { text: 'On holiday', emoji: '🏖️', expiresAt: null },
    });
  });

  it('shows nobody to a non-peer, until they subscribe from the directory', async () => {
    const bobId = ids['bob'] as string;
    const carolId = ids['carol'] as string;
    const audience = host.app.get(PresenceAudience);
    expect(await audience.recipientsOf(bobId)).not.toContain(carolId);
    expect(await host.presenceOf(carol, [bobId])).toEqual([]);
    // Presence of people carol shares no conversation with is left out, not refused.
    expect((await host.presenceOf(carol, [bobId, carolId])).map((p) => p.userId)).toEqual([
      carolId,
    ]);
    const subscribed = await host.call('POST', '/presence/subscriptions', carol, {
      userIds: [bobId],
      ttlSeconds: 60,
    });
    expect(subscribed.statusCode, subscribed.body).toBe(200);
    expect(subscribed.json()).toMatchObject({ users: [{ userId: bobId }] });
    expect((await host.presenceOf(carol, [bobId])).map((p) => p.userId)).toEqual([bobId]);
    expect((await audience.recipientsOf(bobId)).sort()).toEqual(
      [ids['alice'], bobId, carolId].sort(),
    );
    // Replacing the subscription with nothing ends it.
    await host.call('POST', '/presence/subscriptions', carol, { userIds: [] });
    expect(await host.presenceOf(carol, [bobId])).toEqual([]);
    expect(await audience.recipientsOf(bobId)).not.toContain(carolId);
  });

  it('subscribes over the socket too, and the subscription ends with the socket', async () => {
    const bobId = ids['bob'] as string;
    const device = await host.device('carol');
    device.send({ type: 'presence.subscribe', id: 's1', userIds: [bobId] });
    const snapshot = await device.next('presence.snapshot');
    expect(snapshot.data).toMatchObject({ replyTo: 's1', users: [{ userId: bobId }] });
    expect((await host.presenceOf(carol, [bobId])).length).toBe(1);
    device.close();
    await device.closed;
    await eventually(async () => (await host.presenceOf(carol, [bobId])).length === 0);
  });

  it('keeps DND, custom status and last seen across a restart; sweeps the dead run’s sockets', async () => {
    const bobId = ids['bob'] as string;
    const aliceId = ids['alice'] as string;
    const open = await host.call('PUT', '/presence/me', bob, { status: 'dnd' });
    expect(open.statusCode, open.body).toBe(200);
    const [before] = await host.presenceOf(alice, [bobId]);
    // alice's socket, as if the previous run had crashed with it open: its row is re-filed
    // under another holder and id, so the close at shutdown no longer finds it.
    const device = await host.device('alice');
    await host.until(bob, aliceId, (p) => p?.state === 'online');
    await eventually(async () => (await host.connectionCount(aliceId)) === 1);
    await host.dataSource.query(
      `UPDATE presence_connections SET holder = 'a-run-that-crashed', connection_id = 'ghost' WHERE user_id = ${flavour === 'postgres' ? '$1' : '?'}`,
      [aliceId],
    );
    await host.stop();
    await device.closed.catch(() => undefined);

    host = await new PresenceTestHost().start({ DATABASE_URL: db.url });
    const [after] = await host.presenceOf(alice, [bobId]);
    expect(after).toEqual(before);
    expect(after).toMatchObject({
      state: 'offline',
      dnd: { until: null },
      status: { text: 'On holiday' },
    });
    // The boot sweep: alice had no socket left, so she is offline, with one event saying so.
    const [aliceNow] = await host.presenceOf(bob, [aliceId]);
    expect(aliceNow?.state).toBe('offline');
    expect(aliceNow?.lastSeenAt).not.toBeNull();
    expect(await host.connectionCount(aliceId)).toBe(0);
    await eventually(() => host.statesOf(aliceId).at(-1) === 'offline');
    expect(host.events.filter((e) => e.key === aliceId).at(-1)?.actor).toEqual({
      kind: 'system',
      id: 'presence',
    });
  });

  it('re-arms a status expiry across a restart', async () => {
    const bobId = ids['bob'] as string;
    const expiresAt = new Date(Date.now() + 2_000).toISOString();
    const set = await host.call('PUT', '/presence/me', bob, {
      customStatus: { text: 'Back at 3', emoji: '🕒', expiresAt },
    });
    expect(set.statusCode, set.body).toBe(200);
    await host.stop();
    host = await new PresenceTestHost().start({ DATABASE_URL: db.url });
    // Only the re-armed timer (or, had the restart been slower, the boot's overdue check) can
    // publish this: bob has no socket and nobody asked anything of his.
    await eventually(() => {
      const last = host.events.filter((e) => e.key === bobId).at(-1);
      return last?.actor.kind === 'system' && (last.data as { status: unknown }).status === null;
    }, 10_000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
  });

  it('makes peers of a group conversation, but not of one above the size cap', async () => {
    const [aliceId, bobId, carolId] = [ids['alice'], ids['bob'], ids['carol']] as string[];
    const group = await host.call('POST', '/conversations', carol, {
      kind: 'group',
      userIds: [aliceId, bobId],
    });
    expect(group.statusCode, group.body).toBe(201);
    expect((await host.presenceOf(carol, [bobId])).map((p) => p.userId)).toEqual([bobId]);
    const peers = new PresencePeerQueries(host.dataSource);
    expect((await peers.peersOf(carolId)).sort()).toEqual([aliceId, bobId].sort());
    // With a cap of 2 members, only alice and bob's direct conversation still counts.
    const capped = new PresencePeerQueries(host.dataSource, 2);
    expect(await capped.peersOf(carolId)).toEqual([]);
    expect(await capped.peersAmong(bobId, [aliceId, carolId])).toEqual([aliceId]);
  });
});
