/** The REST and WebSocket shapes the client uses (docs/messaging.md, docs/realtime.md). */

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
  /** A retention policy removed the content (a tombstone like a deletion, `deletedAt` set). */
  purged?: boolean;
  threadRootId?: string | null;
  editedAt?: string | null;
  mentions?: string[];
  files?: AttachedFile[];
  reactions?: Reaction[];
  thread?: ThreadSummary | null;
  pinned?: { by: string; at: string } | null;
  /** An interactive card (docs/integrations.md, _Cards_); null or absent without one. */
  card?: Card | null;
  /** 1 once the message has a card, +1 per update; 0 without. Newer replaces older. */
  cardVersion?: number;
  /** `kind: system` only: what happened (docs/messaging.md, _System messages_). */
  system?: SystemInfo | null;
}

/** A system message's `system`: its `type` and the fields that type carries. */
export interface SystemInfo {
  type: string;
  [field: string]: unknown;
}

/** The vendor-neutral card (libs/contracts/src/cards/card.ts), as the client reads it. */
export interface Card {
  title: string;
  url?: string;
  subtitle?: string;
  /** Markdown, rendered like a message's text. */
  text?: string;
  /** A named accent, or the sender's own `#rrggbb`. */
  accent?: string;
  fields?: CardField[];
  actions?: CardAction[];
  inputs?: CardInput[];
  footer?: string;
}

export interface CardField {
  title: string;
  /** Markdown. */
  value: string;
  short?: boolean;
}

/** A button: with `url` a link, without one a callback to the integration. */
export interface CardAction {
  id: string;
  label: string;
  style?: 'primary' | 'danger';
  url?: string;
}

export type CardInput =
  | {
      type: 'select';
      id: string;
      label: string;
      options: Array<{ value: string; label: string }>;
      placeholder?: string;
      required?: boolean;
    }
  | {
      type: 'text';
      id: string;
      label: string;
      multiline?: boolean;
      placeholder?: string;
      required?: boolean;
      maxLength?: number;
    };

/** `messaging.message.card_updated` v1 as the gateway delivers it. */
export interface CardUpdatedEvent {
  conversationId: string;
  messageId: string;
  card: Card | null;
  cardVersion: number;
}

/** `POST /messages/{id}/card-actions`'s answer: the card at once, or handed on. */
export type CardActionAnswer =
  { status: 'updated'; card: Card; cardVersion: number } | { status: 'delivered' | 'queued' };

/** A file as a message view shows it (docs/messaging.md, _Attachments_). */
export interface AttachedFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  thumbnailUrl: string | null;
  url: string;
}

/** `POST /files`'s answer (docs/files.md). */
export interface UploadedFile extends AttachedFile {
  conversationId: string;
  hasThumbnail: boolean;
}

export interface Reaction {
  emoji: string;
  count: number;
  me: boolean;
}

export interface ThreadSummary {
  replyCount: number;
  lastReplyAt: string | null;
  participants: string[];
  following: boolean;
}

/** `GET /messages/{id}/thread`. */
export interface ThreadPage {
  root: Message;
  participants: unknown[];
  items: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
}

/** `GET /conversations/{id}/members`. */
export interface Member {
  userId: string;
  role: 'owner' | 'admin' | 'member';
  joinedAt: string | null;
  username: string | null;
  displayName: string | null;
}

/** `GET /conversations/{id}/receipts`. */
export interface Receipt {
  userId: string;
  lastReadSeq: number;
}

/** A person as `GET /directory/users?q=` lists them. */
export interface DirectoryPerson {
  id: string;
  username: string;
  displayName: string | null;
}

/** A presence view (docs/presence.md), also `presence.changed`'s data. */
export interface PresenceView {
  userId: string;
  state: 'active' | 'idle' | 'dnd' | 'offline' | string;
  lastSeenAt: string | null;
}

/** The ephemeral `typing` frame's data (docs/realtime.md, _Typing_). */
export interface TypingEvent {
  conversationId: string;
  userId: string;
  expiresInMs: number;
}

export interface MessageEditedEvent {
  conversationId: string;
  messageId: string;
  seq: number;
  text: string;
  editedAt?: string;
}

export interface MessageDeletedEvent {
  conversationId: string;
  messageId: string;
  seq: number;
}

/** `messaging.message.purged`: retention removed a message's content. */
export interface MessagePurgedEvent extends MessageDeletedEvent {
  purgedAt: string;
}

export interface ReactionEvent {
  conversationId: string;
  messageId: string;
  seq: number;
  userId: string;
  emoji: string;
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
  membership: { role: string; lastReadSeq: number; muted?: boolean } | null;
  context?: { origin: string; key: string; url: string | null } | null;
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
  fileIds?: string[];
  /** `@all`, `@channel` or `@here`: a mention of everyone in the conversation. */
  broadcast?: 'all' | 'channel' | 'here' | null;
  card?: Card | null;
  cardVersion?: number;
  system?: SystemInfo | null;
}

/** A server frame: `{ type, seq?, data }`. */
export interface ServerFrame {
  type: string;
  seq?: number;
  data: unknown;
}
