import { messagingStore, type MessagingStore } from '@tidings/messaging/data-access';
import type { DataSource } from 'typeorm';

/** A call as the gateway's relay needs it: where it is, whether it is over, who is in it. */
export interface CallParticipantsView {
  conversationId: string;
  state: string;
  /** Participants whose status is `joined`. */
  joined: string[];
}

/**
 * What the real-time gateway asks messaging before it relays a `call.signal` (it may not read
 * messaging's tables): the call's conversation and state, and who is joined now — read afresh
 * for every signal, so a hang-up stops the relay at once.
 */
export class CallParticipantQueries {
  private readonly store: MessagingStore;

  constructor(dataSource: DataSource) {
    this.store = messagingStore(dataSource);
  }

  /** undefined for an unknown call. */
  async callOf(callId: string): Promise<CallParticipantsView | undefined> {
    const call = await this.store.calls.find(callId);
    if (!call) return undefined;
    return {
      conversationId: call.conversationId,
      state: call.state,
      joined: call.participants.filter((p) => p.status === 'joined').map((p) => p.userId),
    };
  }
}
