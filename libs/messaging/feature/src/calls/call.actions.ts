import { callUpdatedV1, type Actor } from '@tidings/contracts';
import {
  messagingStore,
  type ConversationRecord,
  type MessagingStore,
} from '@tidings/messaging/data-access';
import {
  acceptCall,
  callSummaryMessage,
  cancelCall,
  declineCall,
  departCall,
  expireRinging,
  hangUp,
  mayChange,
  reportBusy,
  startCall,
  type Call,
  type CallMedia,
  type CallStep,
  type CallTransition,
} from '@tidings/messaging/domain';
import { uuidv7, type TransactionRunner, type Tx } from '@tidings/platform/bus';
import { ConflictError, DomainError } from '@tidings/platform/errors';
import { accessOf } from '../access';
import { actorOf, type Caller } from '../caller';
import { enforce } from '../errors';
import { postSystem } from '../messages/append';
import { callAccessOf, notMember } from './call-access';
import { callView } from './call-view';

/** CALLS_RING_TIMEOUT_S's default (docs/calls.md). */
export const DEFAULT_RING_TIMEOUT_MS = 45_000;

/** Who acts when the ring times out: no person, messaging itself. */
const RING_TIMEOUT_ACTOR: Actor = { kind: 'system', id: 'messaging' };

type Act = (call: Call, userId: string, at: number) => CallTransition;

/**
 * Call state (docs/calls.md): start, accept, decline, busy, cancel, hang up, and the ring
 * timeout. Each is one transaction: the call's rows, one `messaging.call.updated` per change,
 * and — when the call ends — its summary message through the one append path (a seq and a
 * `messaging.message.sent` like every other system message).
 */
export class CallActions {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly options: { ringTimeoutMs?: number } = {},
  ) {}

  /**
   * Rings every other active member of the conversation. A second call while one is open is
   * refused with the open one's id, also when two members start at the same moment (the
   * insert decides: CallRepository.insert).
   */
  async start(caller: Caller, conversationId: string, media: CallMedia): Promise<Call> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { conversation, facts, member } = await accessOf(store, conversationId, caller);
      if (!member) throw notMember();
      enforce(mayChange(facts));
      const open = await store.calls.openIn(conversationId);
      if (open) throw alreadyActive(open.id);
      const memberIds = (await store.members.listActive(conversationId)).map((m) => m.userId);
      const at = Date.now();
      const { call, steps } = allowed(
        startCall({
          id: uuidv7(),
          conversationId,
          media,
          callerId: caller.id,
          memberIds,
          busyIds: await store.calls.joinedInOpenCalls(memberIds.filter((id) => id !== caller.id)),
          at,
          ringTimeoutMs: this.options.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS,
        }),
      );
      if (!(await store.calls.insert(call))) {
        const winner = await store.calls.openIn(conversationId);
        throw alreadyActive(winner?.id ?? null);
      }
      await publishCall(tx, store, conversation, call, steps, actorOf(caller), {
        endedNow: call.state === 'ended',
      });
      return call;
    });
  }

  accept(caller: Caller, callId: string): Promise<Call> {
    return this.act(caller, callId, acceptCall);
  }

  decline(caller: Caller, callId: string): Promise<Call> {
    return this.act(caller, callId, declineCall);
  }

  busy(caller: Caller, callId: string): Promise<Call> {
    return this.act(caller, callId, reportBusy);
  }

  cancel(caller: Caller, callId: string): Promise<Call> {
    return this.act(caller, callId, cancelCall);
  }

  hangUp(caller: Caller, callId: string): Promise<Call> {
    return this.act(caller, callId, hangUp);
  }

  /**
   * The ring timeout of one call, for the sweep: whoever still rings has missed it. Safe to
   * run in several replicas at once — the call's row lock makes the second wait, and it then
   * finds nothing left to expire. Answers whether anything changed.
   */
  async expire(callId: string, at: number): Promise<boolean> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const before = await store.calls.find(callId, { lock: true });
      if (!before) return false;
      const { call, steps } = expireRinging(before, at);
      if (call === before) return false;
      const conversation = await store.conversations.findById(call.conversationId);
      if (!conversation) return false;
      await store.calls.save(call, before);
      await publishCall(tx, store, conversation, call, steps, RING_TIMEOUT_ACTOR, {
        endedNow: before.state !== 'ended' && call.state === 'ended',
      });
      return steps.length > 0;
    });
  }

  private act(caller: Caller, callId: string, act: Act): Promise<Call> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const access = await callAccessOf(store, caller, callId, { lock: true });
      const before = access.call;
      const { call, steps } = allowed(act(before, caller.id, Date.now()));
      if (call === before) return before; // a repeat: nothing to write or tell
      await store.calls.save(call, before);
      await publishCall(tx, store, access.conversation, call, steps, actorOf(caller), {
        endedNow: before.state !== 'ended' && call.state === 'ended',
      });
      return call;
    });
  }
}

/**
 * One `messaging.call.updated` per change, in order, and the summary message when this
 * transaction ended the call.
 */
async function publishCall(
  tx: Tx,
  store: MessagingStore,
  conversation: ConversationRecord,
  call: Call,
  steps: readonly CallStep[],
  actor: Actor,
  { endedNow }: { endedNow: boolean },
): Promise<void> {
  for (const step of steps)
    tx.publish(callUpdatedV1, {
      key: call.conversationId,
      actor,
      data: {
        conversationId: call.conversationId,
        call: callView(step.call),
        change: step.change,
        userId: step.userId,
      },
    });
  const summary = endedNow ? callSummaryMessage(call) : null;
  // An archived conversation takes no messages: the call's end is in its events only.
  if (summary && conversation.archivedAt === null)
    await postSystem(tx, store, call.conversationId, { kind: 'user', id: call.startedBy }, summary);
}

/**
 * Someone stopped being an active member of `conversationId` in this transaction (left,
 * removed, deactivated, taken out by the directory): their part in its open call ends with it —
 * a joined member hangs up, a ringing one declines — so a call never keeps, or rings, someone
 * who may no longer hear the conversation.
 */
export async function departOpenCall(
  tx: Tx,
  store: MessagingStore,
  conversationId: string,
  userId: string,
  actor: Actor,
): Promise<void> {
  // Locked: a command on the call waits for this transaction, and sees the departure.
  const before = await store.calls.openIn(conversationId, { lock: true });
  if (!before) return;
  const conversation = await store.conversations.findById(conversationId);
  if (!conversation) return;
  const transition = departCall(before, userId, Date.now());
  if (!transition.ok || transition.call === before) return;
  await store.calls.save(transition.call, before);
  await publishCall(tx, store, conversation, transition.call, transition.steps, actor, {
    endedNow: before.state !== 'ended' && transition.call.state === 'ended',
  });
}

/** The transition, or its refusal thrown as the error the edge turns into problem+json. */
function allowed(transition: CallTransition): Extract<CallTransition, { ok: true }> {
  if (!transition.ok) throw new DomainError(transition.code, transition.kind, transition.message);
  return transition;
}

function alreadyActive(callId: string | null): ConflictError {
  return new ConflictError(
    'messaging.call.already_active',
    'This conversation has a call going on: join it instead.',
    callId ? { callId } : undefined,
  );
}
