import {
  messagingStore,
  type ConversationRecord,
  type MessagingStore,
} from '@tidings/messaging/data-access';
import { contextLinkOn, defaultContextTitle } from '@tidings/messaging/domain';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import type { FieldIssue } from '@tidings/platform/errors';
import type { Caller } from '../caller';
import type { ConversationActions } from '../conversations/conversation.actions';
import type { MembershipActions } from '../conversations/membership.actions';
import type { ContextOpening } from './widget-context.schemas';
import {
  contextArchived,
  linkInvalid,
  membersUnknown,
  originMismatch,
  originNotAllowed,
  peopleOnly,
  siteBotUnknown,
} from './widget-context.errors';
import type { WidgetSiteLookup } from './widget-site-lookup';

export interface OpenedContext {
  conversation: ConversationRecord;
  /** True for the first open, which created the channel. */
  created: boolean;
}

/** A bot as messaging's actions see it: it owns the context channels of its site. */
const botCaller = (id: string): Caller => ({
  id,
  kind: 'bot',
  senderKind: 'bot',
  moderator: false,
});

/**
 * Context conversations (docs/widget.md): one private channel per (widget site, key), created
 * by the site's bot on the first open, joined by whoever opens the object's page later.
 *
 * The channel is made and joined through the ordinary actions (conversation created with its
 * first members, `members.added` notices and `member.joined` events), inside one transaction:
 * when two people open a new context at the same moment, the unique (origin, key) index lets
 * one insert win; the other finds that channel and joins it, having written nothing before.
 */
export class WidgetContextActions {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly conversations: ConversationActions,
    private readonly membership: MembershipActions,
    private readonly sites: WidgetSiteLookup,
  ) {}

  /**
   * Opens the context for the caller. `tokenOrigin` is the origin a widget token is bound to
   * (absent for ordinary sign-ins): such a token opens its own site's contexts only.
   */
  async open(
    caller: Caller,
    opening: ContextOpening,
    tokenOrigin?: string,
  ): Promise<OpenedContext> {
    if (caller.kind !== 'user' || caller.senderKind !== 'user') throw peopleOnly();
    const site = await this.sites.byOrigin(opening.origin);
    if (!site) throw originNotAllowed();
    if (tokenOrigin !== undefined && tokenOrigin !== site.origin) throw originMismatch();
    const url = opening.link === undefined ? null : contextLinkOn(opening.link, site.origin);
    if (url === undefined) throw linkInvalid();
    const context = { origin: site.origin, key: opening.context, url };

    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const existing = await store.conversations.findByContext(context.origin, context.key);
      if (existing) return { conversation: await this.join(tx, existing, caller), created: false };
      // The first open: title and members count only now (a later open never fails on a
      // member who has since left the company).
      const memberIds = await activeMembersOf(store, opening.members ?? []);
      if (!(await store.users.activeAmong([site.botId])).has(site.botId)) throw siteBotUnknown();
      const made = await this.conversations.createIn(tx, botCaller(site.botId), {
        kind: 'channel',
        visibility: 'private',
        name: opening.title ?? defaultContextTitle(opening.context),
        memberIds: [caller.id, ...memberIds],
        context,
      });
      if (made.created) return made;
      // Another first open won the insert a moment ago: this one joins its channel.
      return { conversation: await this.join(tx, made.conversation, caller), created: false };
    });
  }

  /**
   * Adds the caller, as the bot that made the channel would invite them — unless they are in
   * it already. There is no ban: someone removed who opens the page again is back in.
   */
  private async join(
    tx: Tx,
    conversation: ConversationRecord,
    caller: Caller,
  ): Promise<ConversationRecord> {
    const store = messagingStore(tx.manager);
    // Two tabs opening the page at once: the second waits here, then finds the first's row.
    await store.conversations.lock(conversation.id);
    const member = await store.members.find(conversation.id, caller.id);
    if (member?.status === 'active') return conversation;
    if (conversation.archivedAt !== null) throw contextArchived();
    // The creator, not the site's bot of today: a site re-created for another bot keeps its
    // conversations, which only their owner may invite to.
    await this.membership.inviteIn(tx, botCaller(conversation.createdBy), conversation.id, [
      caller.id,
    ]);
    return conversation;
  }
}

/**
 * The ids of the named people, or 400 naming each entry that is no active person. `bot:…`
 * names are bots' (their key in the users projection), never people's.
 */
async function activeMembersOf(store: MessagingStore, usernames: readonly string[]) {
  const keys = usernames.map((name) => name.toLowerCase());
  const found = await store.users.activeIdsByUsername([
    ...new Set(keys.filter((k) => !k.startsWith('bot:'))),
  ]);
  const issues: FieldIssue[] = [];
  const ids: string[] = [];
  keys.forEach((key, i) => {
    const id = key.startsWith('bot:') ? undefined : found.get(key);
    if (id) ids.push(id);
    else
      issues.push({ path: `body.members.${i}`, message: `no active person named ${usernames[i]}` });
  });
  if (issues.length > 0) throw membersUnknown(issues);
  return ids;
}
