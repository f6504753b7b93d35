import { randomUUID } from 'node:crypto';
import {
  userDeactivatedV1,
  type CallUpdatedV1,
  type CallView,
  type MessageSentV1,
} from '@tidings/contracts';
import { messagingStore } from '@tidings/messaging/data-access';
import type { Call } from '@tidings/messaging/domain';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { directoryEnvelope } from '../testing/directory-events';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { CallActions } from './call.actions';
import { CallQueries } from './call.queries';
import { callView } from './call-view';
import { RingTimeoutSweep } from './ring-timeout';

/** A ring short enough to wait for in a test. */
const RING_MS = 150;

/**
 * Calls through the actions on both databases: the state, one `messaging.call.updated` per
 * change, the summary message through the send path, unread counts, refusals, retries and
 * races.
 */
describe.each(databaseFlavours)('calls on %s', (flavour) => {
  let h: MessagingHarness;
  let calls: CallActions;
  let queries: CallQueries;

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    calls = new CallActions(h.runner, { ringTimeoutMs: RING_MS });
    queries = new CallQueries(h.dataSource);
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Fresh people for each test, so one test's calls never make another's callee busy. */
  const people = (...names: string[]) =>
    Promise.all(names.map((name) => h.person(randomUUID(), name)));
  const direct = async (a: Caller, b: Caller) =>
    (await h.conversations.create(a, { kind: 'direct', userId: b.id })).conversation.id;
  const group = async (a: Caller, others: Caller[]) =>
    (await h.conversations.create(a, { kind: 'group', userIds: others.map((o) => o.id) }))
      .conversation.id;
  const changesOf = async (callId: string) =>
    (await h.events<CallUpdatedV1>('messaging.call.updated'))
      .filter((e) => e.call.id === callId)
      .map((e) => `${e.change}:${e.userId}:${e.call.state}`);
  /** The conversation's outbox in commit order: call changes and messages interleaved. */
  const timeline = async (conversationId: string) => {
    const p = (n: number) => (flavour === 'postgres' ? `$${n}` : '?');
    const rows = (await h.dataSource.query(
      `SELECT event_type, envelope FROM messaging_outbox
       WHERE event_type IN (${p(1)}, ${p(2)}) ORDER BY id`,
      ['messaging.call.updated', 'messaging.message.sent'],
    )) as Array<{ event_type: string; envelope: string }>;
    return rows
      .map((r) => ({
        type: r.event_type,
        data: (JSON.parse(r.envelope) as { data: CallUpdatedV1 | MessageSentV1 }).data,
      }))
      .filter((e) => e.data.conversationId === conversationId)
      .map((e) =>
        e.type === 'messaging.call.updated'
          ? `call.${(e.data as CallUpdatedV1).change}`
          : `message:${(e.data as MessageSentV1).system?.type ?? 'user'}`,
      );
  };
  const lastMessage = async (who: Caller, conversationId: string) =>
    (await h.queries.history(who, conversationId, { limit: 1 })).items.at(-1);
  const unread = async (who: Caller, conversationId: string) =>
    (await h.queries.counts(who, conversationId)).unread;
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => ({ code: 'none' }),
      (error: { code?: string; kind?: string; details?: unknown }) => ({
        code: error.code,
        kind: error.kind,
        details: error.details,
      }),
    );
  const waitFor = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('rings, connects and completes a 1:1 call, leaving one summary with its duration', async () => {
    const [alice, bob] = await people('alice', 'bob');
    const c = await direct(alice, bob);
    await h.messages.send(alice, c, { text: 'call?' });
    const bobUnread = await unread(bob, c);

    const started = await calls.start(alice, c, 'video');
    expect(callView(started)).toMatchObject({
      conversationId: c,
      media: 'video',
      state: 'ringing',
      outcome: null,
      startedBy: alice.id,
      connectedAt: null,
      durationMs: 0,
      participants: [
        { userId: alice.id, status: 'joined', leftAt: null },
        { userId: bob.id, status: 'ringing', joinedAt: null, leftAt: null },
      ],
    });
    const accepted = await calls.accept(bob, started.id);
    expect(accepted).toMatchObject({ state: 'active', connectedAt: expect.any(Number) });
    // A retry of the accept answers the call as it is, and tells nobody twice.
    expect(await calls.accept(bob, started.id)).toEqual(accepted);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const ended = await calls.hangUp(bob, started.id);
    expect(ended).toMatchObject({ state: 'ended', outcome: 'completed' });
    const view = callView(ended);
    expect(view.durationMs).toBe((ended.endedAt ?? 0) - (ended.connectedAt ?? 0));
    expect(view.durationMs).toBeGreaterThanOrEqual(30);
    expect(await calls.hangUp(bob, started.id)).toEqual(ended); // retry: the same answer
    expect(await calls.hangUp(alice, started.id)).toEqual(ended); // ended for her too

    expect(await changesOf(started.id)).toEqual([
      `started:${alice.id}:ringing`,
      `accepted:${bob.id}:active`,
      `left:${bob.id}:active`,
      `ended:${bob.id}:ended`,
    ]);
    // The summary follows the call's last event, through the send path (a seq, an event).
    expect(await timeline(c)).toEqual([
      'message:user',
      'call.started',
      'call.accepted',
      'call.left',
      'call.ended',
      'message:call.ended',
    ]);
    const summary = await lastMessage(alice, c);
    expect(summary).toMatchObject({
      seq: 2,
      senderId: alice.id,
      system: {
        type: 'call.ended',
        callId: started.id,
        media: 'video',
        outcome: 'completed',
        durationMs: view.durationMs,
        participantIds: [alice.id, bob.id],
      },
    });
    expect(summary?.text).toMatch(/^Video call, \d+ s$/);
    // A completed call is no reason for a badge.
    expect(await unread(bob, c)).toBe(bobUnread);
    expect(await unread(alice, c)).toBe(0);
    // The stored call reads back as answered.
    expect(callView(await queries.call(alice, started.id))).toEqual(view);
  });

  it('ends a declined call, and refuses what no longer rings', async () => {
    const [alice, bob] = await people('alice', 'bob');
    const c = await direct(alice, bob);
    const call = await calls.start(alice, c, 'audio');
    const declined = await calls.decline(bob, call.id);
    expect(declined).toMatchObject({ state: 'ended', outcome: 'declined' });
    expect(await calls.decline(bob, call.id)).toEqual(declined); // retry
    expect(await refusal(calls.accept(bob, call.id))).toMatchObject({
      code: 'messaging.call.ended',
      kind: 'conflict',
    });
    expect(await refusal(calls.busy(bob, call.id))).toMatchObject({
      code: 'messaging.call.not_ringing',
    });
    expect(await refusal(calls.cancel(alice, call.id))).toMatchObject({
      code: 'messaging.call.not_ringing',
    });
    expect(await changesOf(call.id)).toEqual([
      `started:${alice.id}:ringing`,
      `declined:${bob.id}:ringing`,
      `ended:${bob.id}:ended`,
    ]);
    expect((await lastMessage(bob, c))?.system).toMatchObject({
      type: 'call.ended',
      outcome: 'declined',
      durationMs: 0,
      participantIds: [alice.id],
    });
    expect(await unread(bob, c)).toBe(0);
  });

  it('cancels a call only by its caller, leaving a missed call unread for the callee', async () => {
    const [alice, bob] = await people('alice', 'bob');
    const c = await direct(alice, bob);
    const call = await calls.start(alice, c, 'audio');
    expect(await refusal(calls.cancel(bob, call.id))).toMatchObject({
      code: 'messaging.call.not_caller',
      kind: 'forbidden',
    });
    const cancelled = await calls.cancel(alice, call.id);
    expect(callView(cancelled)).toMatchObject({
      state: 'ended',
      outcome: 'cancelled',
      participants: [
        { userId: alice.id, status: 'left' },
        { userId: bob.id, status: 'missed' },
      ],
    });
    expect(await calls.cancel(alice, call.id)).toEqual(cancelled); // retry
    expect(await changesOf(call.id)).toEqual([
      `started:${alice.id}:ringing`,
      `cancelled:${alice.id}:ringing`,
      `ended:${alice.id}:ended`,
    ]);
    expect(await lastMessage(bob, c)).toMatchObject({
      senderId: alice.id,
      text: 'Missed audio call',
      system: { type: 'call.missed', outcome: 'cancelled' },
    });
    expect(await unread(bob, c)).toBe(1);
    expect(await unread(alice, c)).toBe(0);
  });

  it('turns an unanswered ring into a missed call once the timeout passes', async () => {
    const [alice, bob] = await people('alice', 'bob');
    const c = await direct(alice, bob);
    const sweep = new RingTimeoutSweep(h.dataSource, calls);
    const call = await calls.start(alice, c, 'video');
    // Before its time the sweep leaves it ringing.
    expect(await sweep.sweep(call.startedAt + RING_MS - 1)).toBe(0);
    expect((await queries.call(bob, call.id)).state).toBe('ringing');

    sweep.start(20);
    try {
      await waitFor(async () => (await queries.call(bob, call.id)).state === 'ended');
    } finally {
      await sweep.stop();
    }
    expect(await queries.call(bob, call.id)).toMatchObject({
      outcome: 'missed',
      ringExpiresAt: null,
      participants: [
        { userId: alice.id, status: 'left' },
        { userId: bob.id, status: 'missed' },
      ],
    });
    expect(await changesOf(call.id)).toEqual([
      `started:${alice.id}:ringing`,
      `missed:${bob.id}:ringing`,
      `ended:${alice.id}:ended`,
    ]);
    expect((await lastMessage(bob, c))?.system).toMatchObject({
      type: 'call.missed',
      outcome: 'missed',
    });
    expect(await unread(bob, c)).toBe(1);
    expect(await unread(alice, c)).toBe(0);
    expect(await sweep.sweep()).toBe(0); // nothing left to expire
  });

  it('expires a ring once when several replicas sweep at the same moment', async () => {
    const [alice, bob, carol] = await people('alice', 'bob', 'carol');
    const c = await group(alice, [bob, carol]);
    const call = await calls.start(alice, c, 'audio');
    // Each replica has its own actions over the same database, as separate processes would.
    const replicas = [1, 2, 3].map(
      () =>
        new RingTimeoutSweep(h.dataSource, new CallActions(h.runner, { ringTimeoutMs: RING_MS })),
    );
    const later = call.startedAt + RING_MS;
    const changed = await Promise.all(replicas.map((r) => r.sweep(later)));
    expect(changed.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await changesOf(call.id)).toEqual([
      `started:${alice.id}:ringing`,
      // One `missed` per callee, in the order participants are listed (by id).
      ...[bob.id, carol.id].sort().map((id) => `missed:${id}:ringing`),
      `ended:${alice.id}:ended`,
    ]);
    expect((await timeline(c)).filter((e) => e === 'message:call.missed')).toHaveLength(1);
  });

  it('starts busy for a callee in another call, and ends at once when every callee is', async () => {
    const [alice, bob, carol, dave] = await people('alice', 'bob', 'carol', 'dave');
    const other = await calls.start(dave, await direct(dave, bob), 'audio');
    await calls.accept(bob, other.id); // bob is in a call with dave

    const g = await group(alice, [bob, carol]);
    const ringing = await calls.start(alice, g, 'video');
    expect(callView(ringing).participants.map((p) => [p.userId, p.status])).toEqual(
      expect.arrayContaining([
        [bob.id, 'busy'],
        [carol.id, 'ringing'],
      ]),
    );
    // Carol's device is busy too: nobody is left to ring.
    const ended = await calls.busy(carol, ringing.id);
    expect(ended).toMatchObject({ state: 'ended', outcome: 'busy' });
    expect(await calls.busy(carol, ringing.id)).toEqual(ended); // retry

    const [erin] = await people('erin');
    const d = await direct(erin, bob);
    const atOnce = await calls.start(erin, d, 'audio');
    expect(atOnce).toMatchObject({ state: 'ended', outcome: 'busy' });
    expect(await changesOf(atOnce.id)).toEqual([
      `started:${erin.id}:ringing`,
      `ended:${erin.id}:ended`,
    ]);
    expect((await lastMessage(bob, d))?.system).toMatchObject({
      type: 'call.ended',
      outcome: 'busy',
    });
    // The ended call holds no place: erin may try again (bob is still busy).
    expect(await calls.start(erin, d, 'audio')).toMatchObject({ outcome: 'busy' });
    await calls.hangUp(dave, other.id);
  });

  it('takes at most four into a group call of five, and the fifth once one leaves', async () => {
    const [a, b, c, d, e] = await people('a', 'b', 'c', 'd', 'e');
    const g = await group(a, [b, c, d, e]);
    const call = await calls.start(a, g, 'video');
    for (const who of [b, c, d]) await calls.accept(who, call.id);
    expect(await refusal(calls.accept(e, call.id))).toMatchObject({
      code: 'messaging.call.full',
      kind: 'conflict',
    });
    await calls.hangUp(d, call.id);
    expect(await calls.accept(e, call.id)).toMatchObject({ state: 'active' });
    expect(await refusal(calls.accept(d, call.id))).toMatchObject({
      code: 'messaging.call.full',
    });
    for (const who of [a, b, c]) await calls.hangUp(who, call.id);
    const ended = await queries.call(e, call.id);
    expect(ended).toMatchObject({ state: 'ended', outcome: 'completed' });
    expect((await lastMessage(a, g))?.system).toMatchObject({
      type: 'call.ended',
      // Everyone who joined at some point: the caller first, then by id.
      participantIds: [a.id, ...[b, c, d, e].map((p) => p.id).sort()],
    });
    // The history lists it, newest first.
    const second = await calls.start(b, g, 'audio');
    expect((await queries.history(c, g, 10)).map((x) => x.id)).toEqual([second.id, call.id]);
    await calls.cancel(b, second.id);
  });

  it("lists a person's open calls: ringing or joined, not busy, declined or ended", async () => {
    const [alice, bob, carol] = await people('alice', 'bob', 'carol');
    const withBob = await direct(alice, bob);
    const withCarol = await direct(alice, carol);
    const ringingBob = await calls.start(alice, withBob, 'audio');
    // Alice is in her own call: Carol's finds her busy, and ends at once.
    const busyAlice = await calls.start(carol, withCarol, 'video');
    expect(busyAlice).toMatchObject({ state: 'ended', outcome: 'busy' });
    expect((await queries.open(bob)).map((c) => c.id)).toEqual([ringingBob.id]);
    expect((await queries.open(alice)).map((c) => c.id)).toEqual([ringingBob.id]);
    expect(await queries.open(carol)).toEqual([]);
    await calls.accept(bob, ringingBob.id);
    expect((await queries.open(bob)).map((c) => c.id)).toEqual([ringingBob.id]);
    await calls.hangUp(bob, ringingBob.id);
    expect(await queries.open(alice)).toEqual([]);

    const [dave, erin, frank] = await people('dave', 'erin', 'frank');
    const g = await group(dave, [erin, frank]);
    const ringing = await calls.start(dave, g, 'audio');
    await calls.decline(erin, ringing.id);
    expect(await queries.open(erin)).toEqual([]);
    expect((await queries.open(frank)).map((c) => c.id)).toEqual([ringing.id]);
    await calls.cancel(dave, ringing.id);
    expect(await queries.open(frank)).toEqual([]);
  });

  it('ends the part of whoever leaves the conversation: joined hang up, ringing decline', async () => {
    const [a, b, c, d] = await people('a', 'b', 'c', 'd');
    // A channel: direct and group conversations have fixed members.
    const { conversation } = await h.conversations.create(a, {
      kind: 'channel',
      visibility: 'private',
      name: 'standup',
      memberIds: [b.id, c.id, d.id],
    });
    const g = conversation.id;
    const call = await calls.start(a, g, 'video');
    await calls.accept(b, call.id);
    await h.members.leave(c, g); // ringing → declined
    await h.members.leave(b, g); // joined → left; only the caller is left → over
    const ended = await queries.call(a, call.id);
    expect(ended).toMatchObject({ state: 'ended', outcome: 'completed' });
    expect(Object.fromEntries(ended.participants.map((p) => [p.userId, p.status]))).toEqual({
      // The end lets out the last one in and stops the ring nobody answered.
      [a.id]: 'left',
      [b.id]: 'left',
      [c.id]: 'declined',
      [d.id]: 'missed',
    });
    expect((await changesOf(call.id)).slice(-3)).toEqual([
      `declined:${c.id}:active`,
      `left:${b.id}:active`,
      `ended:${b.id}:ended`,
    ]);
    // The call's summary, then the notice that Bob left (his leaving ended the call).
    const [summary, leftNotice] = (await h.queries.history(a, g, { limit: 2 })).items;
    expect(leftNotice?.system).toMatchObject({ type: 'member.left' });
    expect(summary?.system).toMatchObject({
      type: 'call.ended',
      callId: call.id,
    });

    // A deactivated person's ring stops too (the directory's event, in every conversation).
    const [e, f] = await people('e', 'f');
    const withF = await direct(e, f);
    const ringing = await calls.start(e, withF, 'audio');
    await h.directory.handle(
      directoryEnvelope(userDeactivatedV1.type, f.id, {
        userId: f.id,
        username: 'f',
        reason: 'ldap_disabled',
        deactivatedAt: new Date().toISOString(),
      }),
    );
    expect(await queries.call(e, ringing.id)).toMatchObject({
      state: 'ended',
      outcome: 'declined',
    });
  });

  it('refuses non-members on every route, and hides private conversations as elsewhere', async () => {
    const [alice, bob, carol] = await people('alice', 'bob', 'carol');
    const { conversation: channel } = await h.conversations.create(alice, {
      kind: 'channel',
      visibility: 'public',
      name: `call-${randomUUID().slice(0, 8)}`,
      memberIds: [bob.id],
    });
    const call = await calls.start(alice, channel.id, 'audio');
    const notMember = { code: 'messaging.conversation.not_member', kind: 'forbidden' };
    expect(await refusal(calls.start(carol, channel.id, 'audio'))).toMatchObject(notMember);
    for (const act of [calls.accept, calls.decline, calls.busy, calls.cancel, calls.hangUp])
      expect(await refusal(act.call(calls, carol, call.id))).toMatchObject(notMember);
    expect(await refusal(queries.call(carol, call.id))).toMatchObject(notMember);
    expect(await refusal(queries.history(carol, channel.id, 10))).toMatchObject(notMember);
    // A direct conversation is nobody else's business: not even that it exists.
    const dm = await direct(alice, bob);
    expect(await refusal(calls.start(carol, dm, 'audio'))).toMatchObject({
      code: 'messaging.conversation.not_found',
    });
    expect(await refusal(queries.call(alice, randomUUID()))).toMatchObject({
      code: 'messaging.call.not_found',
      kind: 'not_found',
    });
    // Nothing carol tried changed the call.
    expect(await changesOf(call.id)).toEqual([`started:${alice.id}:ringing`]);
    await calls.cancel(alice, call.id);
  });

  it('refuses a second call, a call with nobody, and a call in an archived channel', async () => {
    const [alice, bob] = await people('alice', 'bob');
    const c = await direct(alice, bob);
    const call = await calls.start(alice, c, 'audio');
    expect(await refusal(calls.start(bob, c, 'video'))).toEqual({
      code: 'messaging.call.already_active',
      kind: 'conflict',
      details: { callId: call.id },
    });

    const { conversation: alone } = await h.conversations.create(alice, {
      kind: 'channel',
      visibility: 'private',
      name: `alone-${randomUUID().slice(0, 8)}`,
    });
    expect(await refusal(calls.start(alice, alone.id, 'audio'))).toMatchObject({
      code: 'messaging.call.no_one_to_call',
      kind: 'conflict',
    });

    // A call going on when its channel is archived still ends; only its summary is not posted.
    const { conversation: ch } = await h.conversations.create(alice, {
      kind: 'channel',
      visibility: 'public',
      name: `arch-${randomUUID().slice(0, 8)}`,
      memberIds: [bob.id],
    });
    const running = await calls.start(alice, ch.id, 'audio');
    await calls.accept(bob, running.id);
    await h.conversations.archive(alice, ch.id);
    expect(await refusal(calls.start(alice, ch.id, 'audio'))).toMatchObject({
      code: 'messaging.conversation.archived',
    });
    expect(await calls.hangUp(alice, running.id)).toMatchObject({ outcome: 'completed' });
    expect((await timeline(ch.id)).at(-1)).toBe('call.ended');
    await calls.cancel(alice, call.id);
  });

  it('makes concurrent starts in one conversation one call', async () => {
    const [a, b, c, d, e] = await people('a', 'b', 'c', 'd', 'e');
    const g = await group(a, [b, c, d, e]);
    const results = await Promise.allSettled(
      [a, b, c, d, e].map((who) => calls.start(who, g, 'audio')),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<CallActions['start']>>>)
      .value;
    for (const r of results)
      if (r.status === 'rejected')
        expect(r.reason).toMatchObject({
          code: 'messaging.call.already_active',
          details: { callId: winner.id },
        });
    const started = (await h.events<CallUpdatedV1>('messaging.call.updated')).filter(
      (ev) => ev.conversationId === g && ev.change === 'started',
    );
    expect(started.map((ev) => ev.call.id)).toEqual([winner.id]);
    expect((await queries.history(a, g, 10)).map((x) => x.id)).toEqual([winner.id]);
    const caller = [a, b, c, d, e].find((who) => who.id === winner.startedBy) as Caller;
    expect(await calls.cancel(caller, winner.id)).toMatchObject({ outcome: 'cancelled' });
  });

  it('stores at most one open call per conversation, however it is asked', async () => {
    const [alice, bob] = await people('alice', 'bob');
    const c = await direct(alice, bob);
    const store = messagingStore(h.dataSource);
    const at = Date.now();
    const row = (state: Call['state']): Call => ({
      id: randomUUID(),
      conversationId: c,
      media: 'audio',
      state,
      outcome: state === 'ended' ? 'missed' : null,
      startedBy: alice.id,
      startedAt: at,
      connectedAt: null,
      endedAt: state === 'ended' ? at : null,
      ringExpiresAt: null,
      participants: [{ userId: alice.id, status: 'joined', joinedAt: at, leftAt: null }],
    });
    const open = row('ringing');
    expect(await store.calls.insert(open)).toBe(true);
    const second = row('active');
    expect(await store.calls.insert(second)).toBe(false); // the unique partial index says no
    expect(await store.calls.find(second.id)).toBeUndefined();
    expect(await store.calls.insert(row('ended'))).toBe(true); // history does not count
    expect((await store.calls.openIn(c))?.id).toBe(open.id);
  });

  it('answers events that match their contract, with every change of a call', async () => {
    const [alice, bob] = await people('alice', 'bob');
    const call = await calls.start(alice, await direct(alice, bob), 'video');
    await calls.accept(bob, call.id);
    const done = await calls.hangUp(alice, call.id);
    const last = (await h.events<CallUpdatedV1>('messaging.call.updated'))
      .filter((e) => e.call.id === call.id)
      .at(-1);
    const expected: CallView = callView(done);
    expect(last).toEqual({
      conversationId: call.conversationId,
      call: expected,
      change: 'ended',
      userId: alice.id,
    });
  });
});
