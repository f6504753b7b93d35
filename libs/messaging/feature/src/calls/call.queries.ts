import { messagingStore, type MessagingStore } from '@tidings/messaging/data-access';
import type { Call } from '@tidings/messaging/domain';
import type { DataSource } from 'typeorm';
import { accessOf } from '../access';
import type { Caller } from '../caller';
import { callAccessOf, notMember } from './call-access';

/** More open calls than anyone can be rung in at once: a bound, not a page. */
const OPEN_CALLS_MAX = 20;

/** Most calls one history page lists. */
export const CALL_HISTORY_MAX_LIMIT = 200;

/** Reading calls: one call, and a conversation's call history — for its members. */
export class CallQueries {
  private readonly store: MessagingStore;

  constructor(dataSource: DataSource) {
    this.store = messagingStore(dataSource);
  }

  async call(caller: Caller, callId: string): Promise<Call> {
    return (await callAccessOf(this.store, caller, callId)).call;
  }

  /** The caller's calls that ring or are going on (a device that opens shows them). */
  async open(caller: Caller): Promise<Call[]> {
    return this.store.calls.openFor(caller.id, OPEN_CALLS_MAX);
  }

  /** Newest first. */
  async history(caller: Caller, conversationId: string, limit: number): Promise<Call[]> {
    const { member } = await accessOf(this.store, conversationId, caller);
    if (!member) throw notMember();
    return this.store.calls.history(conversationId, Math.min(limit, CALL_HISTORY_MAX_LIMIT));
  }
}
