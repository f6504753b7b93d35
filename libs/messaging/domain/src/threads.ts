import { ALLOWED, refuse, type Decision } from './decision';

/**
 * Threads are one level deep (as in Slack and Mattermost): a reply names a root, and a root is
 * a top-level message. Replies take their seq from the conversation's sequence like any other
 * message, so history stays one gapless range and a read position covers replies too.
 */
export interface RootFacts {
  conversationId: string;
  /** Set when the would-be root is itself a reply. */
  threadRootId: string | null;
  deleted: boolean;
  /** System messages (joins, renames) are notices, not conversation starters. */
  system: boolean;
}

/** How many participants a message view lists (the thread view lists them all). */
export const THREAD_PARTICIPANTS_SHOWN = 20;

export function mayReplyTo(conversationId: string, root: RootFacts | undefined): Decision {
  // A root in another conversation is answered like a missing one: its existence is not ours
  // to reveal.
  if (!root || root.conversationId !== conversationId)
    return refuse(
      'messaging.thread.root_not_found',
      'unprocessable',
      'threadRootId names no message of this conversation.',
    );
  if (root.threadRootId !== null || root.system)
    return refuse(
      'messaging.thread.not_a_root',
      'unprocessable',
      'Reply to the top-level message of a thread (replies and system messages have no threads).',
    );
  if (root.deleted)
    return refuse('messaging.message.deleted', 'conflict', 'This message was deleted.');
  return ALLOWED;
}

/** Following is about threads: only a top-level message has followers. */
export function mayFollow(root: Omit<RootFacts, 'conversationId'>): Decision {
  return root.threadRootId !== null || root.system
    ? refuse(
        'messaging.thread.not_a_root',
        'unprocessable',
        "Follow a thread by its root message (a reply's threadRootId).",
      )
    : ALLOWED;
}
