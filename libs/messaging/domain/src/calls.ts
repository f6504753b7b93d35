import { refuse, type Refusal } from './decision';
import type { CallSummary, SystemMessage } from './system-messages';

/**
 * A conversation's voice or video call as a pure state machine (docs/calls.md, "Call state").
 * Each command takes the call as stored and answers the call after it plus the steps that led
 * there — one `messaging.call.updated` event each, in order — or a refusal. A command repeated
 * after it took effect answers the call unchanged and no steps, so a client may retry.
 *
 * Every call ends with exactly one `ended` step, always its last: clients and the audit trail
 * learn "the call is over, this long" from one kind of event, whatever ended it.
 */

/** Joined at once, at most: every participant holds a peer connection to every other (mesh). */
export const MAX_CALL_PARTICIPANTS = 4;

export const CALL_MEDIA = ['audio', 'video'] as const;
export type CallMedia = (typeof CALL_MEDIA)[number];
export type CallState = 'ringing' | 'active' | 'ended';
export type CallOutcome = 'completed' | 'missed' | 'cancelled' | 'declined' | 'busy';
export type ParticipantStatus = 'joined' | 'ringing' | 'declined' | 'busy' | 'missed' | 'left';
export type CallChange =
  'started' | 'accepted' | 'declined' | 'busy' | 'cancelled' | 'left' | 'missed' | 'ended';

export interface CallParticipant {
  userId: string;
  status: ParticipantStatus;
  /** When they last joined (ms); null: never did. */
  joinedAt: number | null;
  /** When they last left (ms); null: in the call, or never joined. */
  leftAt: number | null;
}

export interface Call {
  id: string;
  conversationId: string;
  media: CallMedia;
  state: CallState;
  outcome: CallOutcome | null;
  startedBy: string;
  startedAt: number;
  connectedAt: number | null;
  endedAt: number | null;
  /** When the ringing participants turn `missed`; null once nobody rings any more. */
  ringExpiresAt: number | null;
  /** The caller first, then everyone else by user id (orderParticipants). */
  participants: CallParticipant[];
}

export interface CallStep {
  change: CallChange;
  /** Whose act it was: the caller for `started`, the timing-out callee for `missed`. */
  userId: string;
  /** The call right after this step. */
  call: Call;
}

export type CallTransition = { ok: true; call: Call; steps: CallStep[] } | Refusal;

export interface NewCall {
  id: string;
  conversationId: string;
  media: CallMedia;
  callerId: string;
  /** The conversation's active members, the caller among them. */
  memberIds: readonly string[];
  /** Members joined in another call that has not ended: they start `busy`, not ringing. */
  busyIds: ReadonlySet<string>;
  at: number;
  ringTimeoutMs: number;
}

const callEnded = () => refuse('messaging.call.ended', 'conflict', 'This call has ended.');
const notRinging = () =>
  refuse('messaging.call.not_ringing', 'conflict', 'This call is not ringing for you.');

/** Starting: the caller joined, every other member ringing (or busy in another call). */
export function startCall(start: NewCall): CallTransition {
  const callees = [...new Set(start.memberIds)].filter((id) => id !== start.callerId);
  if (callees.length === 0)
    return refuse(
      'messaging.call.no_one_to_call',
      'conflict',
      'Nobody else is in this conversation to call.',
    );
  const call: Call = {
    id: start.id,
    conversationId: start.conversationId,
    media: start.media,
    state: 'ringing',
    outcome: null,
    startedBy: start.callerId,
    startedAt: start.at,
    connectedAt: null,
    endedAt: null,
    ringExpiresAt: start.at + start.ringTimeoutMs,
    participants: orderParticipants(start.callerId, [
      { userId: start.callerId, status: 'joined', joinedAt: start.at, leftAt: null },
      ...callees.map((userId): CallParticipant => ({
        userId,
        status: start.busyIds.has(userId) ? 'busy' : 'ringing',
        joinedAt: null,
        leftAt: null,
      })),
    ]),
  };
  return settle([step('started', start.callerId, call)], start.callerId, start.at);
}

/**
 * Joining: a callee answering, or any member joining (again) a call that is still going —
 * one who declined, missed or left a group call may come back.
 */
export function acceptCall(call: Call, userId: string, at: number): CallTransition {
  if (call.state === 'ended') return callEnded();
  const me = participantOf(call, userId);
  if (me?.status === 'joined') return unchanged(call);
  if (joinedCount(call) >= MAX_CALL_PARTICIPANTS)
    return refuse(
      'messaging.call.full',
      'conflict',
      `This call has ${MAX_CALL_PARTICIPANTS} participants already.`,
    );
  const joined: CallParticipant = { userId, status: 'joined', joinedAt: at, leftAt: null };
  const participants = me
    ? call.participants.map((p) => (p.userId === userId ? joined : p))
    : orderParticipants(call.startedBy, [...call.participants, joined]);
  const connected = call.state === 'ringing';
  return settle(
    [
      step('accepted', userId, {
        ...call,
        participants,
        state: 'active',
        connectedAt: connected ? at : call.connectedAt,
      }),
    ],
    userId,
    at,
  );
}

/** A ringing callee says no. The last one to do so in a call nobody answered ends it. */
export function declineCall(call: Call, userId: string, at: number): CallTransition {
  return answerRing(call, userId, at, 'declined');
}

/** A ringing callee's device says they are in another call. */
export function reportBusy(call: Call, userId: string, at: number): CallTransition {
  return answerRing(call, userId, at, 'busy');
}

function answerRing(
  call: Call,
  userId: string,
  at: number,
  status: 'declined' | 'busy',
): CallTransition {
  const me = participantOf(call, userId);
  if (me?.status === status) return unchanged(call);
  if (call.state === 'ended' || me?.status !== 'ringing') return notRinging();
  return settle([step(status, userId, withStatus(call, userId, status, at))], userId, at);
}

/** The caller gives up before anyone answered: every ring stops as `missed`. */
export function cancelCall(call: Call, userId: string, at: number): CallTransition {
  if (userId !== call.startedBy)
    return refuse('messaging.call.not_caller', 'forbidden', 'Only the caller may cancel a call.');
  if (call.state === 'ended' && call.outcome === 'cancelled') return unchanged(call);
  if (call.state !== 'ringing') return notRinging();
  const rang = call.participants.map((p) =>
    p.status === 'ringing' ? { ...p, status: 'missed' as const } : p,
  );
  const cancelled = step('cancelled', userId, { ...call, participants: rang });
  return { ok: true, ...end([cancelled], 'cancelled', userId, at) };
}

/**
 * Leaving. The caller hanging up a call nobody answered cancels it; a call left with fewer
 * than two people in it is over.
 */
export function hangUp(call: Call, userId: string, at: number): CallTransition {
  const me = participantOf(call, userId);
  if (me?.status === 'left') return unchanged(call);
  if (call.state === 'ringing' && userId === call.startedBy) return cancelCall(call, userId, at);
  if (call.state === 'ended' || me?.status !== 'joined')
    return refuse('messaging.call.not_joined', 'conflict', 'You are not in this call.');
  return settle([step('left', userId, withStatus(call, userId, 'left', at))], userId, at);
}

/**
 * Someone stopped being a member of the call's conversation (left, removed, deactivated, taken
 * out by the directory): they can be in none of its calls. Joined, they hang up (the caller of a
 * call nobody answered cancels it); ringing, they decline; otherwise nothing changes.
 */
export function departCall(call: Call, userId: string, at: number): CallTransition {
  if (call.state === 'ended') return unchanged(call);
  const me = participantOf(call, userId);
  if (me?.status === 'joined') return hangUp(call, userId, at);
  if (me?.status === 'ringing') return declineCall(call, userId, at);
  return unchanged(call);
}

/**
 * The ring timeout: whoever still rings has missed it, one step each. A call nobody answered
 * is over (`missed`); an active group call goes on without them. Before its time, or for a call
 * that rings no more, nothing changes.
 */
export function expireRinging(call: Call, at: number): { call: Call; steps: CallStep[] } {
  if (call.state === 'ended' || call.ringExpiresAt === null || at < call.ringExpiresAt)
    return { call, steps: [] };
  const steps: CallStep[] = [];
  let current: Call = { ...call, ringExpiresAt: null };
  for (const p of call.participants)
    if (p.status === 'ringing') {
      current = withStatus(current, p.userId, 'missed', at);
      steps.push(step('missed', p.userId, current));
    }
  if (current.state === 'ringing') return end(steps, 'missed', call.startedBy, at, current);
  return { call: current, steps };
}

/** endedAt − connectedAt for a completed call; 0 for every other (and an unfinished) one. */
export function callDuration(call: Pick<Call, 'outcome' | 'connectedAt' | 'endedAt'>): number {
  if (call.outcome !== 'completed' || call.connectedAt === null || call.endedAt === null) return 0;
  return Math.max(0, call.endedAt - call.connectedAt);
}

export function joinedCount(call: Call): number {
  return call.participants.filter((p) => p.status === 'joined').length;
}

/**
 * The system message an ended call leaves in its conversation: `call.missed` for missed and
 * cancelled calls (unread for the callees), `call.ended` for the others. Null while it goes on.
 */
export function callSummaryMessage(call: Call): SystemMessage | null {
  if (call.state !== 'ended' || call.outcome === null) return null;
  const summary: CallSummary = {
    callId: call.id,
    media: call.media,
    outcome: call.outcome,
    durationMs: callDuration(call),
    participantIds: call.participants.filter((p) => p.joinedAt !== null).map((p) => p.userId),
  };
  return call.outcome === 'missed' || call.outcome === 'cancelled'
    ? { type: 'call.missed', ...summary }
    : { type: 'call.ended', ...summary };
}

/**
 * The one order participants are listed in, however they were read: the caller first, then by
 * user id — stable across the answer of a command, the stored rows and every event.
 */
export function orderParticipants<P extends { userId: string }>(callerId: string, list: P[]): P[] {
  const rank = (p: P) => (p.userId === callerId ? 0 : 1);
  return [...list].sort(
    (x, y) => rank(x) - rank(y) || (x.userId < y.userId ? -1 : x.userId > y.userId ? 1 : 0),
  );
}

function participantOf(call: Call, userId: string): CallParticipant | undefined {
  return call.participants.find((p) => p.userId === userId);
}

function unchanged(call: Call): CallTransition {
  return { ok: true, call, steps: [] };
}

function step(change: CallChange, userId: string, call: Call): CallStep {
  return { change, userId, call };
}

function withStatus(call: Call, userId: string, status: ParticipantStatus, at: number): Call {
  return {
    ...call,
    participants: call.participants.map((p) =>
      p.userId !== userId
        ? p
        : { ...p, status, leftAt: p.status === 'joined' && status !== 'joined' ? at : p.leftAt },
    ),
  };
}

/**
 * After a participant's change: does the call end? An answered call ends when fewer than two
 * remain joined; an unanswered one when nobody rings any more (all declined or busy). A ring
 * that nobody still hears has no timeout left.
 */
function settle(steps: CallStep[], actorId: string, at: number): CallTransition {
  const last = steps.at(-1) as CallStep;
  const call = last.call;
  const ringing = call.participants.some((p) => p.status === 'ringing');
  const current = ringing || call.ringExpiresAt === null ? call : { ...call, ringExpiresAt: null };
  const settled = [...steps.slice(0, -1), { ...last, call: current }];
  if (call.state === 'active' && joinedCount(call) < 2)
    return { ok: true, ...end(settled, 'completed', actorId, at, current) };
  if (call.state === 'ringing' && !ringing) {
    const callees = call.participants.filter((p) => p.userId !== call.startedBy);
    const outcome = callees.every((p) => p.status === 'busy') ? 'busy' : 'declined';
    return { ok: true, ...end(settled, outcome, actorId, at, current) };
  }
  return { ok: true, call: current, steps: settled };
}

/** The `ended` step: whoever is still in leaves, whoever still rings has missed it. */
function end(
  steps: CallStep[],
  outcome: CallOutcome,
  actorId: string,
  at: number,
  from: Call = (steps.at(-1) as CallStep).call,
): { call: Call; steps: CallStep[] } {
  const ended: Call = {
    ...from,
    state: 'ended',
    outcome,
    endedAt: at,
    ringExpiresAt: null,
    participants: from.participants.map((p) =>
      p.status === 'joined'
        ? { ...p, status: 'left', leftAt: at }
        : p.status === 'ringing'
          ? { ...p, status: 'missed' }
          : p,
    ),
  };
  return { call: ended, steps: [...steps, step('ended', actorId, ended)] };
}
