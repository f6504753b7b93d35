import type { AuditRecord } from '../record';
import { headerText, mailbox, mailDate, renderMessage } from './mime';

/** Who a chat message came from, as the EML export shows it (webhook: an incoming webhook's post). */
export type EmlSenderKind = 'user' | 'bot' | 'integration' | 'webhook' | 'system';

export interface EmlParty {
  id: string;
  /** The name shown at the time of the record; null when the trail never named them. */
  displayName: string | null;
}

export interface EmlAttachment {
  fileId: string;
  /** Where the export holds its bytes and their SHA-256; null when they could not be copied. */
  copy: { path: string; sha256: string } | null;
}

/** What the trail knew at the record's time, beyond the record itself. */
export interface EmlContext {
  /** The domain of the addresses (`<id>@<domain>`): the instance's public host. */
  domain: string;
  conversation: { id: string; name: string | null; kind: string | null };
  /** Who the message is from: the sender, the editor, or whoever deleted it. */
  from: EmlParty & { kind: EmlSenderKind; webhookId: string | null };
  /** The conversation's members when it happened (To). */
  to: EmlParty[];
  attachments: EmlAttachment[];
}

export type EmlEvent = 'sent' | 'edited' | 'deleted';

const EVENTS: Record<string, EmlEvent> = {
  'messaging.message.sent': 'sent',
  'messaging.message.edited': 'edited',
  'messaging.message.deleted': 'deleted',
};

/** Which records become an .eml: each chat message, each edit and each delete of one. */
export function emlEventOf(record: AuditRecord): EmlEvent | null {
  return EVENTS[record.type] ?? null;
}

/** The message id the record concerns. */
export function messageIdOf(record: AuditRecord): string {
  const id = record.data['messageId'];
  if (typeof id !== 'string') throw new TypeError(`record ${record.seq} names no messageId`);
  return id;
}

/** `messages/<seq>-<messageId>.eml`: the record's place in the chain, then the message. */
export function emlPath(record: AuditRecord): string {
  return `messages/${record.seq}-${fileSafe(messageIdOf(record))}.eml`;
}

/**
 * One RFC 5322 message for a chat record. The original post carries `<messageId@tidings>`;
 * an edit or a delete is a follow-up with its own id (`<recordId@tidings>`) and In-Reply-To
 * the original, so an archiver threads them. Every value comes from the trail: two runs
 * write the same bytes.
 */
export function emlMessage(record: AuditRecord, context: EmlContext): string {
  const event = emlEventOf(record);
  if (event === null)
    throw new TypeError(`record ${record.seq} (${record.type}) is no chat message`);
  const messageId = messageIdOf(record);
  const original = `<${messageId}@tidings>`;
  const party = (p: EmlParty) => mailbox(p.displayName, p.id, context.domain);
  const subject = subjectOf(context.conversation);
  const headers: Array<[string, string]> = [
    ['Message-ID', event === 'sent' ? original : `<${record.id}@tidings>`],
    ['Date', mailDate(record.occurredAt)],
    ['From', party(context.from)],
    ['To', context.to.length > 0 ? context.to.map(party).join(', ') : 'undisclosed-recipients:;'],
    ['Subject', headerText(event === 'sent' ? subject : `${subject} (${event})`)],
  ];
  if (event !== 'sent') headers.push(['In-Reply-To', original], ['References', original]);
  headers.push(
    ['X-Tidings-Event', event],
    ['X-Tidings-Record-Seq', String(record.seq)],
    ['X-Tidings-Record-Id', record.id],
    ['X-Tidings-Record-Hash', record.hash],
    ['X-Tidings-Conversation-Id', context.conversation.id],
    ['X-Tidings-Message-Id', messageId],
    ['X-Tidings-Sender-Kind', context.from.kind],
    ['X-Tidings-Sender-Id', context.from.id],
  );
  if (context.conversation.kind !== null)
    headers.push(['X-Tidings-Conversation-Kind', context.conversation.kind]);
  if (context.from.webhookId !== null)
    headers.push(['X-Tidings-Webhook-Id', context.from.webhookId]);
  const threadRoot = record.data['threadRootId'];
  if (typeof threadRoot === 'string') headers.push(['X-Tidings-Thread-Root-Id', threadRoot]);
  if (event === 'deleted' && typeof record.data['senderId'] === 'string')
    headers.push(['X-Tidings-Original-Sender-Id', record.data['senderId']]);
  for (const a of context.attachments)
    headers.push([
      'X-Tidings-Attachment',
      a.copy === null
        ? `${a.fileId}; missing`
        : `${a.fileId}; path=${asciiPath(a.copy.path)}; sha256=${a.copy.sha256}`,
    ]);
  return renderMessage({ headers, text: bodyOf(record, event, context) });
}

/** A path in a header: each segment percent-encoded (headers are ASCII; names need not be). */
function asciiPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function subjectOf(conversation: EmlContext['conversation']): string {
  if (conversation.name) return conversation.name;
  if (conversation.kind === 'direct') return 'Direct message';
  if (conversation.kind === 'group') return 'Group conversation';
  return `Conversation ${conversation.id}`;
}

function bodyOf(record: AuditRecord, event: EmlEvent, context: EmlContext): string {
  if (event === 'deleted') {
    const who = context.from.displayName ?? context.from.id;
    return `This message was deleted by ${who}.`;
  }
  const text = record.data['text'];
  return typeof text === 'string' ? text : '';
}

/** Bytes of a name kept in a path segment: well within the 255 most file systems allow. */
const MAX_SEGMENT_BYTES = 150;

/**
 * A name usable as one path segment on every file system: no separators, no controls, no
 * leading dot, cut (between characters) to MAX_SEGMENT_BYTES of UTF-8.
 */
export function fileSafe(name: string): string {
  const cleaned = name
    .normalize('NFC')
    // Control characters are what this removes (a name may carry any).
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\x00-\x1f\x7f]/g, '_')
    .replace(/^\.+/, '_');
  let safe = '';
  let bytes = 0;
  for (const char of cleaned) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > MAX_SEGMENT_BYTES) break;
    safe += char;
  }
  return safe === '' ? '_' : safe;
}
