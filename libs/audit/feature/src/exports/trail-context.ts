import type { AuditFilter, AuditReadStore } from '@tidings/audit/data-access';
import {
  applyMembership,
  MEMBERSHIP_TYPES,
  type AuditRecord,
  type EmlParty,
  type EmlSenderKind,
} from '@tidings/audit/domain';

/** Records that name a person, a bot or a webhook (their display name at that time). */
const NAMING_TYPES = [
  'directory.user.created',
  'directory.user.updated',
  'identity.bot.created',
  'integrations.webhook.received',
];
const CONVERSATION_TYPES = ['messaging.conversation.created', 'messaging.conversation.updated'];
/** Conversations whose membership is kept between messages; older ones are replayed again. */
const MAX_CONVERSATIONS = 2000;

interface Named {
  displayName: string | null;
  /** A webhook names itself in each post it makes; a person in the directory's records. */
  webhook: boolean;
}

/**
 * What the trail knew at a record's seq, for the EML export and the CSV's sender kind: display
 * names, conversation names, members. Every answer is replayed from the trail itself up to
 * that seq — never read from today's tables — so a re-run writes the same bytes, and an export
 * shows who could read a message when it was posted, not who can now.
 *
 * Records are exported in seq order, so each lookup only moves forward: names and conversations
 * are folded once across the whole trail (one map entry per person, webhook, conversation);
 * membership per conversation, for the last MAX_CONVERSATIONS conversations used.
 */
export class TrailContext {
  private readonly names = new Forward<Map<string, Named>>(
    () => new Map(),
    { types: NAMING_TYPES },
    (names, record) => applyName(names, record),
  );
  private readonly conversations = new Forward<
    Map<string, { name: string | null; kind: string | null }>
  >(
    () => new Map(),
    { types: CONVERSATION_TYPES },
    (conversations, record) => applyConversation(conversations, record),
  );
  private readonly members = new Map<string, Forward<Set<string>>>();

  constructor(private readonly store: AuditReadStore) {}

  async party(id: string, seq: number): Promise<EmlParty> {
    const named = (await this.names.at(this.store, seq)).get(id);
    return { id, displayName: named?.displayName ?? null };
  }

  /**
   * The sender kind an export shows: the event's, except that an `integration` the trail knows
   * as a webhook (it named itself in `integrations.webhook.received`) shows as `webhook`.
   */
  async senderKind(kind: string, senderId: string, seq: number): Promise<EmlSenderKind | string> {
    if (kind !== 'integration') return kind;
    const named = (await this.names.at(this.store, seq)).get(senderId);
    return named?.webhook ? 'webhook' : kind;
  }

  async conversation(
    id: string,
    seq: number,
  ): Promise<{ id: string; name: string | null; kind: string | null }> {
    const known = (await this.conversations.at(this.store, seq)).get(id);
    return { id, name: known?.name ?? null, kind: known?.kind ?? null };
  }

  /** The active members just after record `seq`, sorted. */
  async membersAt(conversationId: string, seq: number): Promise<string[]> {
    let fold = this.members.get(conversationId);
    if (fold) this.members.delete(conversationId);
    else
      fold = new Forward<Set<string>>(
        () => new Set(),
        { conversations: [conversationId], types: [...MEMBERSHIP_TYPES] },
        (members, record) => applyMembership(members, record),
      );
    // Re-inserted: the map's order is least recently used first.
    this.members.set(conversationId, fold);
    if (this.members.size > MAX_CONVERSATIONS) {
      const oldest = this.members.keys().next().value;
      if (oldest !== undefined) this.members.delete(oldest);
    }
    return [...(await fold.at(this.store, seq))].sort();
  }
}

/** A state folded from the records of one filter, moved forward to a seq on demand. */
class Forward<S> {
  private seq = 0;
  private state: S;

  constructor(
    private readonly initial: () => S,
    private readonly filter: AuditFilter,
    private readonly apply: (state: S, record: AuditRecord) => void,
  ) {
    this.state = initial();
  }

  async at(store: AuditReadStore, seq: number): Promise<S> {
    if (seq < this.seq) {
      // Backwards (not in an export's order): replay from the start.
      this.seq = 0;
      this.state = this.initial();
    }
    if (seq > this.seq) {
      for await (const record of store.scan({ ...this.filter, fromSeq: this.seq + 1, toSeq: seq }))
        this.apply(this.state, record);
      this.seq = seq;
    }
    return this.state;
  }
}

function applyName(names: Map<string, Named>, record: AuditRecord): void {
  const data = record.data;
  const name = typeof data['displayName'] === 'string' ? data['displayName'] : null;
  if (record.type === 'integrations.webhook.received') {
    if (typeof data['webhookId'] === 'string')
      names.set(data['webhookId'], { displayName: name, webhook: true });
    return;
  }
  const id = typeof data['userId'] === 'string' ? data['userId'] : data['botId'];
  if (typeof id === 'string') names.set(id, { displayName: name, webhook: false });
}

function applyConversation(
  conversations: Map<string, { name: string | null; kind: string | null }>,
  record: AuditRecord,
): void {
  const data = record.data;
  const id = data['conversationId'];
  if (typeof id !== 'string') return;
  const name = typeof data['name'] === 'string' ? data['name'] : null;
  if (record.type === 'messaging.conversation.created') {
    conversations.set(id, { name, kind: typeof data['kind'] === 'string' ? data['kind'] : null });
    return;
  }
  const known = conversations.get(id);
  conversations.set(id, { name, kind: known?.kind ?? null });
}
