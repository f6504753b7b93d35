import { describe, expect, it } from 'vitest';
import {
  acceptCall,
  callDuration,
  callSummaryMessage,
  cancelCall,
  declineCall,
  departCall,
  expireRinging,
  hangUp,
  MAX_CALL_PARTICIPANTS,
  reportBusy,
  startCall,
  type Call,
  type CallTransition,
  type NewCall,
} from './calls';

const T0 = 1_000_000;
const RING = 45_000;

function start(memberIds: string[], busy: string[] = [], callerId = 'a'): CallTransition {
  const fields: NewCall = {
    id: 'call-1',
    conversationId: 'conv-1',
    media: 'video',
    callerId,
    memberIds,
    busyIds: new Set(busy),
    at: T0,
    ringTimeoutMs: RING,
  };
  return startCall(fields);
}

/** The call of an allowed transition (fails the test on a refusal). */
function ok(t: CallTransition): Extract<CallTransition, { ok: true }> {
  if (!t.ok) throw new Error(`refused: ${t.code}`);
  return t;
}

const statuses = (call: Call) =>
  Object.fromEntries(call.participants.map((p) => [p.userId, p.status]));
const changes = (t: CallTransition) => ok(t).steps.map((s) => `${s.change}:${s.userId}`);

describe('starting a call', () => {
  it('joins the caller and rings every other member', () => {
    const t = ok(start(['a', 'b', 'c']));
    expect(t.call).toMatchObject({
      state: 'ringing',
      outcome: null,
      startedBy: 'a',
      startedAt: T0,
      connectedAt: null,
      ringExpiresAt: T0 + RING,
    });
    expect(statuses(t.call)).toEqual({ a: 'joined', b: 'ringing', c: 'ringing' });
    expect(t.call.participants[0]).toEqual({
      userId: 'a',
      status: 'joined',
      joinedAt: T0,
      leftAt: null,
    });
    expect(changes(t)).toEqual(['started:a']);
  });

  it('marks members joined in another call busy, and ends at once when all are', () => {
    const some = ok(start(['a', 'b', 'c'], ['c']));
    expect(statuses(some.call)).toEqual({ a: 'joined', b: 'ringing', c: 'busy' });
    expect(some.call.state).toBe('ringing');

    const all = ok(start(['a', 'b', 'c'], ['b', 'c']));
    expect(changes(all)).toEqual(['started:a', 'ended:a']);
    expect(all.call).toMatchObject({ state: 'ended', outcome: 'busy', endedAt: T0 });
    expect(all.call.ringExpiresAt).toBeNull();
    expect(statuses(all.call)).toEqual({ a: 'left', b: 'busy', c: 'busy' });
    // The started step shows the call as it began: nobody to ring.
    expect(all.steps[0]?.call.state).toBe('ringing');
  });

  it('refuses a conversation of one', () => {
    expect(start(['a'])).toMatchObject({ ok: false, code: 'messaging.call.no_one_to_call' });
    expect(start(['a', 'a'])).toMatchObject({ ok: false, code: 'messaging.call.no_one_to_call' });
  });
});

describe('a 1:1 call', () => {
  const ringing = () => ok(start(['a', 'b'])).call;

  it('connects on accept, and completes when one hangs up, with its duration', () => {
    const accepted = ok(acceptCall(ringing(), 'b', T0 + 5_000));
    expect(changes(accepted)).toEqual(['accepted:b']);
    expect(accepted.call).toMatchObject({
      state: 'active',
      connectedAt: T0 + 5_000,
      ringExpiresAt: null,
    });
    const left = ok(hangUp(accepted.call, 'b', T0 + 197_000));
    expect(changes(left)).toEqual(['left:b', 'ended:b']);
    expect(left.steps[0]?.call.state).toBe('active');
    expect(left.call).toMatchObject({
      state: 'ended',
      outcome: 'completed',
      endedAt: T0 + 197_000,
    });
    expect(left.call.participants).toEqual([
      { userId: 'a', status: 'left', joinedAt: T0, leftAt: T0 + 197_000 },
      { userId: 'b', status: 'left', joinedAt: T0 + 5_000, leftAt: T0 + 197_000 },
    ]);
    expect(callDuration(left.call)).toBe(192_000);
  });

  it('ends declined when the callee declines', () => {
    const t = ok(declineCall(ringing(), 'b', T0 + 3_000));
    expect(changes(t)).toEqual(['declined:b', 'ended:b']);
    expect(t.call).toMatchObject({ state: 'ended', outcome: 'declined' });
    expect(callDuration(t.call)).toBe(0);
  });

  it('ends busy when the callee’s device says busy', () => {
    const t = ok(reportBusy(ringing(), 'b', T0 + 1_000));
    expect(changes(t)).toEqual(['busy:b', 'ended:b']);
    expect(t.call.outcome).toBe('busy');
  });

  it('ends cancelled when the caller cancels, or hangs up, before an answer', () => {
    for (const act of [cancelCall, hangUp]) {
      const t = ok(act(ringing(), 'a', T0 + 2_000));
      expect(changes(t)).toEqual(['cancelled:a', 'ended:a']);
      expect(t.call).toMatchObject({ state: 'ended', outcome: 'cancelled' });
      expect(statuses(t.call)).toEqual({ a: 'left', b: 'missed' });
    }
  });

  it('ends missed when the ring times out, and not a moment before', () => {
    expect(expireRinging(ringing(), T0 + RING - 1).steps).toEqual([]);
    const t = expireRinging(ringing(), T0 + RING);
    expect(t.steps.map((s) => `${s.change}:${s.userId}`)).toEqual(['missed:b', 'ended:a']);
    expect(t.call).toMatchObject({ state: 'ended', outcome: 'missed', ringExpiresAt: null });
    expect(statuses(t.call)).toEqual({ a: 'left', b: 'missed' });
    // A second sweep of the same call changes nothing.
    expect(expireRinging(t.call, T0 + RING + 10_000).steps).toEqual([]);
  });
});

describe('refusals', () => {
  const ringing = () => ok(start(['a', 'b', 'c'])).call;

  it('lets only the caller cancel, and only while ringing', () => {
    expect(cancelCall(ringing(), 'b', T0)).toMatchObject({
      ok: false,
      code: 'messaging.call.not_caller',
      kind: 'forbidden',
    });
    const active = ok(acceptCall(ringing(), 'b', T0 + 1)).call;
    expect(cancelCall(active, 'a', T0 + 2)).toMatchObject({
      ok: false,
      code: 'messaging.call.not_ringing',
      kind: 'conflict',
    });
  });

  it('declines and busies only what rings for the caller', () => {
    const call = ringing();
    expect(declineCall(call, 'a', T0)).toMatchObject({ code: 'messaging.call.not_ringing' });
    expect(reportBusy(call, 'a', T0)).toMatchObject({ code: 'messaging.call.not_ringing' });
    expect(declineCall(call, 'stranger', T0)).toMatchObject({ code: 'messaging.call.not_ringing' });
    const active = ok(acceptCall(call, 'b', T0 + 1)).call;
    expect(declineCall(active, 'b', T0 + 2)).toMatchObject({ code: 'messaging.call.not_ringing' });
  });

  it('hangs up only who is in the call', () => {
    const active = ok(acceptCall(ringing(), 'b', T0 + 1)).call;
    expect(hangUp(active, 'c', T0 + 2)).toMatchObject({
      ok: false,
      code: 'messaging.call.not_joined',
    });
  });

  it('accepts nothing once the call has ended', () => {
    const ended = ok(cancelCall(ringing(), 'a', T0 + 1)).call;
    expect(acceptCall(ended, 'b', T0 + 2)).toMatchObject({
      ok: false,
      code: 'messaging.call.ended',
      kind: 'conflict',
    });
    expect(declineCall(ended, 'b', T0 + 2)).toMatchObject({ code: 'messaging.call.not_ringing' });
    expect(hangUp(ended, 'c', T0 + 2)).toMatchObject({ code: 'messaging.call.not_joined' });
  });
});

describe('repeats change nothing', () => {
  it('answers the call as it is for a second accept, decline, busy, cancel and hang-up', () => {
    const call = ok(start(['a', 'b', 'c', 'd'])).call;
    const accepted = ok(acceptCall(call, 'b', T0 + 1)).call;
    expect(ok(acceptCall(accepted, 'b', T0 + 2))).toEqual({ ok: true, call: accepted, steps: [] });
    const declined = ok(declineCall(accepted, 'c', T0 + 3)).call;
    expect(ok(declineCall(declined, 'c', T0 + 4)).steps).toEqual([]);
    const busy = ok(reportBusy(declined, 'd', T0 + 5)).call;
    expect(ok(reportBusy(busy, 'd', T0 + 6)).steps).toEqual([]);
    const left = ok(hangUp(busy, 'b', T0 + 7)).call; // 'a' alone: over
    expect(left.state).toBe('ended');
    expect(ok(hangUp(left, 'b', T0 + 8)).steps).toEqual([]);
    expect(ok(hangUp(left, 'a', T0 + 8)).steps).toEqual([]);

    const cancelled = ok(cancelCall(ok(start(['a', 'b'])).call, 'a', T0 + 1)).call;
    expect(ok(cancelCall(cancelled, 'a', T0 + 2))).toEqual({
      ok: true,
      call: cancelled,
      steps: [],
    });
  });
});

describe('a group call', () => {
  const group = () => ok(start(['a', 'b', 'c', 'd', 'e'])).call;

  it(`takes at most ${MAX_CALL_PARTICIPANTS} joined, and a fifth once one has left`, () => {
    let call = group();
    for (const [i, id] of ['b', 'c', 'd'].entries())
      call = ok(acceptCall(call, id, T0 + i + 1)).call;
    expect(call.participants.filter((p) => p.status === 'joined')).toHaveLength(4);
    expect(acceptCall(call, 'e', T0 + 10)).toMatchObject({
      ok: false,
      code: 'messaging.call.full',
      kind: 'conflict',
    });
    call = ok(hangUp(call, 'b', T0 + 11)).call;
    expect(changes(acceptCall(call, 'e', T0 + 12))).toEqual(['accepted:e']);
  });

  it('keeps going when a callee declines, ends declined when every callee said no', () => {
    let t = ok(declineCall(group(), 'b', T0 + 1));
    expect(changes(t)).toEqual(['declined:b']);
    t = ok(reportBusy(t.call, 'c', T0 + 2));
    t = ok(declineCall(t.call, 'd', T0 + 3));
    expect(t.call.state).toBe('ringing');
    t = ok(declineCall(t.call, 'e', T0 + 4));
    expect(changes(t)).toEqual(['declined:e', 'ended:e']);
    expect(t.call.outcome).toBe('declined'); // one busy among them is not "busy"
  });

  it('lets those who declined, missed or left come back while it goes on', () => {
    let call = ok(declineCall(group(), 'b', T0 + 1)).call;
    call = ok(acceptCall(call, 'c', T0 + 2)).call;
    call = ok(acceptCall(call, 'b', T0 + 3)).call; // declined, then changed their mind
    expect(statuses(call)).toMatchObject({ b: 'joined', c: 'joined' });
    call = expireRinging(call, T0 + RING).call; // d and e missed it; the call goes on
    expect(call.state).toBe('active');
    expect(statuses(call)).toMatchObject({ d: 'missed', e: 'missed' });
    call = ok(acceptCall(call, 'd', T0 + RING + 1)).call;
    call = ok(hangUp(call, 'c', T0 + RING + 2)).call;
    call = ok(acceptCall(call, 'c', T0 + RING + 3)).call; // left, and back
    expect(statuses(call)).toMatchObject({ a: 'joined', b: 'joined', c: 'joined', d: 'joined' });
    expect(call.participants.find((p) => p.userId === 'c')).toMatchObject({
      joinedAt: T0 + RING + 3,
      leftAt: null,
    });
  });

  it('times out each ringing callee by name, then goes on without them', () => {
    const active = ok(acceptCall(group(), 'b', T0 + 1)).call;
    expect(active.ringExpiresAt).toBe(T0 + RING); // c, d, e still ring
    const t = expireRinging(active, T0 + RING);
    expect(t.steps.map((s) => `${s.change}:${s.userId}`)).toEqual([
      'missed:c',
      'missed:d',
      'missed:e',
    ]);
    expect(t.steps[0]?.call.participants.find((p) => p.userId === 'd')?.status).toBe('ringing');
    expect(t.call).toMatchObject({ state: 'active', ringExpiresAt: null });
  });

  it('adds a member who was not rung (joined the conversation later) when they accept', () => {
    const t = ok(acceptCall(group(), 'newcomer', T0 + 1));
    expect(t.call.participants.find((p) => p.userId === 'newcomer')).toMatchObject({
      status: 'joined',
      joinedAt: T0 + 1,
    });
    // Listed where the order puts them, whenever they came.
    expect(t.call.participants.map((p) => p.userId)).toEqual(['a', 'b', 'c', 'd', 'e', 'newcomer']);
  });

  it('lists the caller first, then everyone by id', () => {
    const t = ok(start(['z', 'm', 'c', 'a'], [], 'm'));
    expect(t.call.participants.map((p) => p.userId)).toEqual(['m', 'a', 'c', 'z']);
  });

  it('completes when fewer than two remain, marking whoever still rang as missed', () => {
    let call = ok(acceptCall(group(), 'b', T0 + 1_000)).call;
    call = ok(acceptCall(call, 'c', T0 + 2_000)).call;
    call = ok(hangUp(call, 'a', T0 + 10_000)).call; // the caller may leave a group call
    expect(call.state).toBe('active');
    const t = ok(hangUp(call, 'b', T0 + 20_000));
    expect(changes(t)).toEqual(['left:b', 'ended:b']);
    expect(t.call).toMatchObject({ outcome: 'completed', endedAt: T0 + 20_000 });
    expect(statuses(t.call)).toEqual({
      a: 'left',
      b: 'left',
      c: 'left',
      d: 'missed',
      e: 'missed',
    });
    expect(callDuration(t.call)).toBe(19_000);
  });
});

describe('the summary message', () => {
  it('is call.ended with the duration and everyone who joined for a completed call', () => {
    let call = ok(start(['a', 'b', 'c'])).call;
    expect(callSummaryMessage(call)).toBeNull();
    call = ok(acceptCall(call, 'c', T0 + 1_000)).call;
    call = ok(hangUp(call, 'a', T0 + 61_000)).call;
    expect(callSummaryMessage(call)).toEqual({
      type: 'call.ended',
      callId: 'call-1',
      media: 'video',
      outcome: 'completed',
      durationMs: 60_000,
      participantIds: ['a', 'c'],
    });
  });

  it('is call.missed for missed and cancelled calls, call.ended for declined and busy', () => {
    const ringing = () => ok(start(['a', 'b'])).call;
    const type = (call: Call) => callSummaryMessage(call)?.type;
    expect(type(expireRinging(ringing(), T0 + RING).call)).toBe('call.missed');
    expect(type(ok(cancelCall(ringing(), 'a', T0 + 1)).call)).toBe('call.missed');
    expect(type(ok(declineCall(ringing(), 'b', T0 + 1)).call)).toBe('call.ended');
    expect(type(ok(start(['a', 'b'], ['b'])).call)).toBe('call.ended');
    expect(callSummaryMessage(ok(cancelCall(ringing(), 'a', T0 + 1)).call)).toMatchObject({
      durationMs: 0,
      participantIds: ['a'],
    });
  });
});

describe('leaving the conversation during a call', () => {
  it('hangs up a joined member, ending a call that has one person left', () => {
    const active = ok(acceptCall(ok(start(['a', 'b'])).call, 'b', T0 + 1_000)).call;
    const t = ok(departCall(active, 'b', T0 + 5_000));
    expect(changes(t)).toEqual(['left:b', 'ended:b']);
    expect(t.call).toMatchObject({ state: 'ended', outcome: 'completed' });
  });

  it('declines for a ringing member, and lets a group call ring on for the others', () => {
    const ringing = ok(start(['a', 'b', 'c'])).call;
    const t = ok(departCall(ringing, 'b', T0 + 1_000));
    expect(changes(t)).toEqual(['declined:b']);
    expect(statuses(t.call)).toEqual({ a: 'joined', b: 'declined', c: 'ringing' });
  });

  it('cancels a call nobody answered when its caller goes, and ignores who is not in it', () => {
    const ringing = ok(start(['a', 'b'])).call;
    expect(changes(departCall(ringing, 'a', T0 + 1_000))).toEqual(['cancelled:a', 'ended:a']);
    expect(ok(departCall(ringing, 'z', T0 + 1_000)).call).toBe(ringing);
    const ended = ok(cancelCall(ringing, 'a', T0 + 2_000)).call;
    expect(ok(departCall(ended, 'b', T0 + 3_000)).call).toBe(ended);
  });
});
