import { randomUUID } from 'node:crypto';
import type { ConversationCreatedV1, MemberJoinedV1 } from '@tidings/contracts';
import { messagingStore } from '@tidings/messaging/data-access';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationView } from '../api/views';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { WidgetContextActions } from './widget-context.actions';
import type { ContextOpening } from './widget-context.schemas';
import type { WidgetSiteLookup } from './widget-site-lookup';

const ERP = 'https://erp.example.com';
const OA = 'https://oa.example.com';

/**
 * Context conversations through the actions on both databases, with identity's widget sites
 * replaced by a fake port (two sites, each owned by its bot): create, reopen, join, the
 * refusals, two first opens at once, and the conversation views carrying the context.
 */
describe.each(databaseFlavours)('widget context conversations on %s', (flavour) => {
  let h: MessagingHarness;
  let contexts: WidgetContextActions;
  const erpBot: Caller = { id: randomUUID(), kind: 'bot', senderKind: 'bot', moderator: false };
  const oaBot: Caller = { id: randomUUID(), kind: 'bot', senderKind: 'bot', moderator: false };
  /** A site whose bot never reached messaging (identity.bot.created not consumed). */
  const LOST = 'https://lost.example.com';
  const sites = new Map([
    [ERP, erpBot.id],
    [OA, oaBot.id],
    [LOST, randomUUID()],
  ]);
  // Normalizes as identity does (URL.origin): the stored origin is always the site's form.
  const lookup: WidgetSiteLookup = {
    byOrigin: (origin) => {
      let normalized: string;
      try {
        normalized = new URL(origin).origin;
      } catch {
        return Promise.resolve(undefined);
      }
      const botId = sites.get(normalized);
      return Promise.resolve(botId ? { origin: normalized, botId } : undefined);
    },
  };

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    contexts = new WidgetContextActions(h.runner, h.conversations, h.members, lookup);
    // Bots reach the users projection as BotProfilesConsumer records them.
    for (const [bot, name] of [
      [erpBot, 'erp'],
      [oaBot, 'oa'],
    ] as const)
      await h.people.profile({ userId: bot.id, username: `bot:${name}`, displayName: name });
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Fresh people per test, with unique names (usernames are what pages name). */
  const people = (...names: string[]) =>
    Promise.all(names.map((name) => h.person(randomUUID(), `${name}-${randomUUID().slice(0, 6)}`)));
  const usernameOf = async (who: Caller) =>
    (await messagingStore(h.dataSource).users.findById(who.id))?.username ?? '';
  const key = () => `erp:order:SO-${randomUUID()}`;
  const open = (
    who: Caller,
    opening: Partial<ContextOpening> & { context: string },
    token?: string,
  ) => contexts.open(who, { origin: ERP, ...opening }, token);
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => ({ code: 'none' }),
      (error: { code?: string; kind?: string; issues?: unknown }) => ({
        code: error.code,
        kind: error.kind,
        ...(error.issues ? { issues: error.issues } : {}),
      }),
    );
  const membersOf = async (conversationId: string) =>
    (await messagingStore(h.dataSource).members.listActive(conversationId))
      .map((m) => `${m.userId}:${m.role}`)
      .sort();
  const withContext = async (origin: string, contextKey: string) => {
    const p = (n: number) => (flavour === 'postgres' ? `$${n}` : '?');
    return (await h.dataSource.query(
      `SELECT id FROM messaging_conversations WHERE context_origin = ${p(1)} AND context_key = ${p(2)}`,
      [origin, contextKey],
    )) as Array<{ id: string }>;
  };
  const eventsOf = async <T extends { conversationId: string }>(type: string, id: string) =>
    (await h.events<T>(type)).filter((e) => e.conversationId === id);

  it("creates a private channel as the site's bot, with the caller and the members in it", async () => {
    const [alice, bob, carol] = await people('alice', 'bob', 'carol');
    const k = key();
    const opened = await open(alice, {
      context: k,
      title: '  Order   SO-1 ',
      members: [await usernameOf(bob), (await usernameOf(carol)).toUpperCase()],
      link: 'https://ERP.example.com:443/orders/SO-1',
    });
    expect(opened.created).toBe(true);
    const c = opened.conversation;
    expect(c).toMatchObject({
      kind: 'channel',
      visibility: 'private',
      name: 'Order SO-1',
      createdBy: erpBot.id,
      memberCount: 4,
      context: { origin: ERP, key: k, url: `${ERP}/orders/SO-1` },
    });
    expect(await membersOf(c.id)).toEqual(
      [`${erpBot.id}:owner`, `${alice.id}:member`, `${bob.id}:member`, `${carol.id}:member`].sort(),
    );
    // The ordinary creation: one conversation.created by the bot with the first members, no
    // member.joined for them, no notice.
    const created = await eventsOf<ConversationCreatedV1>('messaging.conversation.created', c.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      createdBy: erpBot.id,
      kind: 'channel',
      visibility: 'private',
    });
    expect(created[0]?.members.map((m) => `${m.userId}:${m.role}`).sort()).toEqual(
      await membersOf(c.id),
    );
    expect(await eventsOf('messaging.member.joined', c.id)).toEqual([]);
    expect(await withContext(ERP, k)).toEqual([{ id: c.id }]);
  });

  it('names the channel after the key when the page gives no title', async () => {
    const [alice] = await people('alice');
    const k = `审批:${'x'.repeat(120)}`;
    const { conversation } = await open(alice, { context: k });
    expect(conversation.name).toBe(k.slice(0, 80));
    expect(conversation.context).toEqual({ origin: ERP, key: k, url: null });
  });

  it('reopens the same conversation for the same origin and key, changing nothing', async () => {
    const [alice, bob] = await people('alice', 'bob');
    const k = key();
    const first = await open(alice, {
      context: k,
      title: 'Order',
      members: [await usernameOf(bob)],
    });
    const lastSeq = first.conversation.lastSeq;
    // Title, members and link count only the first time; the origin may be spelled otherwise.
    const again = await contexts.open(alice, {
      origin: 'https://erp.example.com:443/',
      context: k,
      title: 'Another title',
      members: ['nobody-at-all'],
    });
    expect(again.created).toBe(false);
    expect(again.conversation.id).toBe(first.conversation.id);
    expect(again.conversation.name).toBe('Order');
    const byBob = await open(bob, { context: k });
    expect(byBob).toMatchObject({ created: false, conversation: { id: first.conversation.id } });
    const after = await h.queries.get(alice, first.conversation.id);
    expect(after.conversation.lastSeq).toBe(lastSeq);
    expect(await eventsOf('messaging.member.joined', first.conversation.id)).toEqual([]);
    // The same key on another site is another conversation (owned by that site's bot).
    const onOa = await contexts.open(alice, { origin: OA, context: k });
    expect(onOa.created).toBe(true);
    expect(onOa.conversation).toMatchObject({ createdBy: oaBot.id, context: { origin: OA } });
  });

  it('adds another person who opens the page, as the bot invites them', async () => {
    const [alice, dave] = await people('alice', 'dave');
    const k = key();
    const { conversation } = await open(alice, { context: k });
    const opened = await open(dave, { context: k });
    expect(opened).toMatchObject({ created: false, conversation: { id: conversation.id } });
    expect(await membersOf(conversation.id)).toContain(`${dave.id}:member`);
    expect(await eventsOf<MemberJoinedV1>('messaging.member.joined', conversation.id)).toEqual([
      {
        conversationId: conversation.id,
        userId: dave.id,
        role: 'member',
        reason: 'invited',
        by: erpBot.id,
      },
    ]);
    const history = await h.queries.history(dave, conversation.id, { limit: 10 });
    expect(history.items.map((m) => ({ sender: m.senderId, system: m.system }))).toEqual([
      { sender: erpBot.id, system: { type: 'members.added', userIds: [dave.id] } },
    ]);
    // Removed, then back through the page: there is no ban.
    await h.members.remove(erpBot, conversation.id, dave.id);
    expect(await open(dave, { context: k })).toMatchObject({ created: false });
    expect(await membersOf(conversation.id)).toContain(`${dave.id}:member`);
  });

  it('keeps an archived context to its members: they reopen it, nobody new joins', async () => {
    const [alice, erin] = await people('alice', 'erin');
    const k = key();
    const { conversation } = await open(alice, { context: k });
    await h.conversations.archive(erpBot, conversation.id);
    const reopened = await open(alice, { context: k });
    expect(reopened.created).toBe(false);
    expect(reopened.conversation.archivedAt).not.toBeNull();
    expect(await refusal(open(erin, { context: k }))).toEqual({
      code: 'widget.context_archived',
      kind: 'forbidden',
    });
    expect(await membersOf(conversation.id)).not.toContain(`${erin.id}:member`);
  });

  it('refuses members who are no active people, naming each entry', async () => {
    const [alice, bob, gone] = await people('alice', 'bob', 'gone');
    await h.people.deactivated({ userId: gone.id, username: await usernameOf(gone) }, Date.now(), {
      kind: 'system',
      id: 'test',
    });
    const k = key();
    expect(
      await refusal(
        open(alice, {
          context: k,
          members: [await usernameOf(bob), 'no-such-person', await usernameOf(gone), 'bot:erp'],
        }),
      ),
    ).toEqual({
      code: 'widget.member_unknown',
      kind: 'invalid',
      issues: [
        { path: 'body.members.1', message: 'no active person named no-such-person' },
        { path: 'body.members.2', message: `no active person named ${await usernameOf(gone)}` },
        { path: 'body.members.3', message: 'no active person named bot:erp' },
      ],
    });
    expect(await withContext(ERP, k)).toEqual([]);
  });

  it("refuses a link that is not an http(s) URL on the site's origin", async () => {
    const [alice] = await people('alice');
    const k = key();
    for (const link of [
      'https://evil.example.com/orders/1',
      `${OA}/orders/1`,
      'javascript:alert(1)',
      '/orders/1',
    ])
      expect(await refusal(open(alice, { context: k, link })), link).toEqual({
        code: 'widget.link_invalid',
        kind: 'invalid',
        issues: [{ path: 'body.link', message: "not an http(s) URL on the site's origin" }],
      });
    expect(await withContext(ERP, k)).toEqual([]);
  });

  it('refuses origins that are no widget site, and a site whose bot messaging does not know', async () => {
    const [alice] = await people('alice');
    const k = key();
    for (const origin of ['https://evil.example.com', 'not an origin'])
      expect(await refusal(contexts.open(alice, { origin, context: k }))).toEqual({
        code: 'widget.origin_not_allowed',
        kind: 'forbidden',
      });
    expect(await refusal(contexts.open(alice, { origin: LOST, context: k }))).toEqual({
      code: 'widget.site_bot_unknown',
      kind: 'conflict',
    });
    expect(await withContext(LOST, k)).toEqual([]);
  });

  it("holds a widget token to its own site's origin", async () => {
    const [alice] = await people('alice');
    const k = key();
    expect(await refusal(open(alice, { context: k }, OA))).toEqual({
      code: 'widget.origin_mismatch',
      kind: 'forbidden',
    });
    expect(await withContext(ERP, k)).toEqual([]);
    expect(await open(alice, { context: k }, ERP)).toMatchObject({ created: true });
  });

  it('opens contexts for people only: bots and integration accounts are refused', async () => {
    const k = key();
    const integration: Caller = {
      id: randomUUID(),
      kind: 'user',
      senderKind: 'integration',
      moderator: false,
    };
    for (const caller of [erpBot, integration])
      expect(await refusal(open(caller, { context: k }))).toEqual({
        code: 'widget.people_only',
        kind: 'forbidden',
      });
    expect(await withContext(ERP, k)).toEqual([]);
  });

  it('ends two (or more) first opens at once with one conversation holding everyone', async () => {
    const openers = await people('p1', 'p2', 'p3', 'p4');
    const k = key();
    // The first two twice: the same person in two tabs.
    const callers = [...openers, openers[0] as Caller, openers[1] as Caller];
    const opened = await Promise.all(
      callers.map((who) => open(who, { context: k, title: 'Race' })),
    );
    const ids = new Set(opened.map((o) => o.conversation.id));
    expect(ids.size).toBe(1);
    expect(opened.filter((o) => o.created)).toHaveLength(1);
    expect(await withContext(ERP, k)).toHaveLength(1);
    const [id] = [...ids] as [string];
    expect(await membersOf(id)).toEqual(
      [`${erpBot.id}:owner`, ...openers.map((p) => `${p.id}:member`)].sort(),
    );
    expect((await h.queries.get(openers[0] as Caller, id)).conversation.memberCount).toBe(5);
    // Everyone but the creator arrived once, through the bot's invitation.
    expect(await eventsOf('messaging.conversation.created', id)).toHaveLength(1);
    expect(await eventsOf('messaging.member.joined', id)).toHaveLength(3);
  });

  it('shows the context on the conversation views (one, and the list); null on others', async () => {
    const [alice, bob] = await people('alice', 'bob');
    const k = key();
    const { conversation } = await open(alice, { context: k, link: `${ERP}/orders/7` });
    const plain = await h.conversations.create(alice, { kind: 'direct', userId: bob.id });
    const one = await h.queries.get(alice, conversation.id);
    expect(conversationView(one.conversation, one.member).context).toEqual({
      origin: ERP,
      key: k,
      url: `${ERP}/orders/7`,
    });
    const list = await h.queries.list(alice, { limit: 50 });
    const views = new Map(
      list.items.map((i) => [i.conversation.id, conversationView(i.conversation, i.member)]),
    );
    expect(views.get(conversation.id)?.context).toEqual({
      origin: ERP,
      key: k,
      url: `${ERP}/orders/7`,
    });
    expect(views.get(plain.conversation.id)?.context).toBeNull();
  });
});
