import type { Card } from '@tidings/contracts';
import type { PrincipalRef } from '../ports';

/** A message to post as the calling bot; the sender is never a field of it. */
export interface ConnectPost {
  conversationId: string;
  /** Tidings markdown. */
  text: string;
  /** A reply: the id of the thread's root message (Slack's `thread_ts`). */
  threadRootId: string | null;
  /** The card the blocks or attachments made (validated against the card schema). */
  card: Card | null;
}

/** The posted message as messaging's API shows it (the fields chat.postMessage answers with). */
export interface PostedMessage {
  id: string;
  conversationId: string;
  text: string;
  createdAt: string | null;
  threadRootId: string | null;
  card: Card | null;
  sender: { id: string; kind: string; username: string | null; displayName: string | null };
}

/**
 * How the REST connector's Slack-style alias posts: through messaging's one send path, as
 * the principal the token names (a bot, or a person-less integration account) — the same
 * checks a person's send gets (member of the conversation, not archived, text limits). The
 * host binds it (libs/host/src/integrations-wiring.ts); integrations never writes
 * messaging's tables.
 */
export interface ConnectPosting {
  post(principal: PrincipalRef, message: ConnectPost): Promise<PostedMessage>;
}

export const CONNECT_POSTING = Symbol('tidings.ConnectPosting');
