/**
 * Who may read and write a conversation's files — decided by messaging's conversations and
 * memberships, which files asks through this port rather than reading their tables. The host
 * binds it (libs/host/src/files-wiring.ts); tests bind a fake.
 *
 * An implementation answers false for a conversation that does not exist, so a caller can
 * never tell "no such conversation" from "not yours".
 */
export interface ConversationAccess {
  /** May `userId` see the conversation's messages and files? */
  canRead(userId: string, conversationId: string): Promise<boolean>;
  /** May `userId` post into it (a member, the conversation not archived or read-only)? */
  canWrite(userId: string, conversationId: string): Promise<boolean>;
}

export const CONVERSATION_ACCESS = Symbol('CONVERSATION_ACCESS');

/**
 * The binding until messaging's conversations answer the port: no conversation exists, so
 * nothing can be uploaded or read. Safe by default — never a door left open.
 */
export const noConversationAccess: ConversationAccess = {
  canRead: async () => false,
  canWrite: async () => false,
};
