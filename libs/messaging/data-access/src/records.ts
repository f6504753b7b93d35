import type { Card } from '@tidings/contracts';
import type {
  BroadcastMention,
  ConversationKind,
  MemberRole,
  MembershipSource,
  SystemMessage,
  Visibility,
} from '@tidings/messaging/domain';

/** Rows as the feature sees them: times in epoch ms, no database types. */
export interface ConversationRecord {
  id: string;
  kind: ConversationKind;
  visibility: Visibility;
  name: string | null;
  topic: string | null;
  purpose: string | null;
  directKey: string | null;
  createdBy: string;
  createdAt: number;
  archivedAt: number | null;
  archivedBy: string | null;
  lastSeq: number;
  lastActivityAt: number;
  memberCount: number;
  /** What drives membership besides people: a directory group or department (null: none). */
  membershipSource?: MembershipSource | null;
  /** The business object a widget page opened it for (null or absent: none; docs/widget.md). */
  context?: ConversationContext | null;
}

/**
 * A context conversation's object: the widget site's (normalized) origin, the page's key for
 * the object (`erp:order:SO-2026-00817`), and the object's page (null: none given).
 */
export interface ConversationContext {
  origin: string;
  key: string;
  url: string | null;
}

export type MemberStatus = 'active' | 'deactivated';

export interface MemberRecord {
  conversationId: string;
  userId: string;
  role: MemberRole;
  status: MemberStatus;
  joinedAt: number;
  lastReadSeq: number;
  /**
   * No desktop notifications from this conversation. Read where the API shows the caller's
   * own membership; absent on records built for other purposes (new members: not muted).
   */
  muted?: boolean;
}

/** Who a message is by, as the users projection knows them (null: never seen there). */
export interface Author {
  username: string;
  displayName: string;
  active: boolean;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  senderKind: SenderKind;
  clientMsgId: string | null;
  text: string;
  broadcast: BroadcastMention | null;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  deletedBy: string | null;
  /**
   * When a retention policy removed the content (absent or null: never). A purged message is
   * a tombstone too: `deletedAt` holds the same time.
   */
  purgedAt?: number | null;
  /** A reply's thread root (null: top-level). Optional on insert: top-level by default. */
  threadRootId?: string | null;
  /** A root's live replies and when the newest came (0 / null for everything else). */
  replyCount?: number;
  lastReplyAt?: number | null;
  /** Set on system messages (`kind: system`): what happened. */
  system?: SystemMessage | null;
  /** The card the message carries (null or absent: none; a tombstone has none). */
  card?: Card | null;
  /** 0 without a card, 1 once it has one, +1 per update (absent on insert: from `card`). */
  cardVersion?: number;
}

/** One emoji on a message: how many reacted with it, and whether the viewer did. */
export interface ReactionCount {
  emoji: string;
  count: number;
  me: boolean;
}

/** A root's thread as a message view shows it. */
export interface ThreadSummary {
  replyCount: number;
  lastReplyAt: number | null;
  /** Who replied, in the order they first did (the first THREAD_PARTICIPANTS_SHOWN). */
  participants: string[];
  /** Whether the viewer follows the thread. */
  following: boolean;
}

/** A file attached to a message, as message views show it (`messaging_files`). */
export interface AttachedFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
}

/** A message with what hangs off it, as history and the conversation list show it. */
export interface MessageDetail extends MessageRecord {
  mentions: string[];
  fileIds: string[];
  /** The attached files' metadata, in the message's order (none for a tombstone). */
  files?: AttachedFile[];
  author: Author | null;
  /** In order of the first reaction with each emoji. */
  reactions?: ReactionCount[];
  /** Top-level messages with replies, or followed by the viewer; null otherwise. */
  thread?: ThreadSummary | null;
  pinned?: { by: string; at: number } | null;
}

/**
 * `system`: the platform's own notices (joins, renames) — their sender is who caused them,
 * or a system actor (the directory sync).
 */
export type SenderKind = 'user' | 'bot' | 'integration' | 'system';

/** user, bot (bots and integrations: never a person) or system: how a client shows it. */
export type MessageKind = 'user' | 'bot' | 'system';

export function kindOf(message: Pick<MessageRecord, 'senderKind' | 'system'>): MessageKind {
  if (message.system) return 'system';
  return message.senderKind === 'user'
    ? 'user'
    : message.senderKind === 'system'
      ? 'system'
      : 'bot';
}

export interface MessagingUser {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  changedAt: number;
  /** The department path, root first ([] when the person is in none, or not yet known). */
  orgUnitPath?: string[];
}
