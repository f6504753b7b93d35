/** The REST and WebSocket shapes this slice uses (docs/messaging.md, docs/realtime.md). */

export interface ClientConfig {
  issuer: string;
  clientId: string;
  audience: string;
}

export interface MessageSender {
  id: string;
  kind: string;
  username: string | null;
  displayName: string | null;
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  kind: 'user' | 'bot' | 'system';
  sender: MessageSender;
  text: string;
  clientMsgId: string | null;
  createdAt: string;
  deletedAt?: string | null;
  threadRootId?: string | null;
}

export interface Conversation {
  id: string;
  kind: 'direct' | 'group' | 'channel';
  name: string | null;
  lastSeq: number;
  lastActivityAt: string | null;
  memberCount: number;
  unreadCount: number;
  mentionCount: number;
  memberIds?: string[] | null;
  membership: { role: string; lastReadSeq: number } | null;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface History {
  items: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
}

/** `messaging.message.sent` v1 as the gateway delivers it (docs/events.md). */
export interface MessageSentEvent {
  conversationId: string;
  messageId: string;
  seq: number;
  senderId: string;
  senderKind: string;
  kind: 'user' | 'system' | 'bot';
  text: string;
  threadRootId: string | null;
  mentions: string[];
  clientMsgId: string | null;
  sentAt: string;
}

/** A server frame: `{ type, seq?, data }`. */
export interface ServerFrame {
  type: string;
  seq?: number;
  data: unknown;
}
