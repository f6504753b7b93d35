import { randomUUID } from 'node:crypto';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';

const SENDERS = 5;
const PER_SENDER = 500;

/**
 * The delivery guarantees, through the actions and the real outbox runner on both databases:
 * per-conversation seqs are exactly 1..n under concurrent senders, and a client's retry never
 * posts twice.
 */
describe.each(databaseFlavours)('sending on %s', (flavour) => {
  let h: MessagingHarness;
  let people: Caller[];

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    people = await Promise.all(
      Array.from({ length: SENDERS }, (_, i) => h.person(randomUUID(), `sender${i}`)),
    );
  });

  afterAll(async () => {
    await h?.close();
  });

  const channel = async () => {
    const [owner, ...others] = people as [Caller, ...Caller[]];
    const { conversation } = await h.conversations.create(owner, {
      kind: 'channel',
      visibility: 'private',
      name: `load ${randomUUID()}`,
      memberIds: others.map((p) => p.id),
    });
    return conversation.id;
  };

  const seqsOf = async (conversationId: string) =>
    (
      (await h.dataSource.query(
        `SELECT seq, sender_id FROM messaging_messages WHERE conversation_id = ${flavour === 'postgres' ? '$1' : '?'} ORDER BY seq`,
        [conversationId],
      )) as Array<{ seq: unknown; sender_id: string }>
    ).map((r) => ({ seq: Number(r.seq), sender: r.sender_id }));

  it(`numbers ${SENDERS} × ${PER_SENDER} concurrent sends 1..${SENDERS * PER_SENDER}, no gap, no duplicate`, async () => {
    const conversationId = await channel();
    // Each sender sends its messages one after another; the senders run side by side.
    const answered = await Promise.all(
      people.map(async (sender, s) => {
        const ids: string[] = [];
        for (let i = 0; i < PER_SENDER; i++)
          ids.push(await h.messages.send(sender, conversationId, { text: `s${s} #${i}` }));
        return ids;
      }),
    );
    const total = SENDERS * PER_SENDER;
    const rows = await seqsOf(conversationId);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(answered.flat()).size).toBe(total);

    // Each sender's own messages got increasing seqs in the order they were sent.
    for (const sender of people) {
      const mine = rows.filter((r) => r.sender === sender.id).map((r) => r.seq);
      expect(mine).toHaveLength(PER_SENDER);
      expect([...mine].sort((a, b) => a - b)).toEqual(mine);
    }
    const { conversation } = await h.queries.get(people[0] as Caller, conversationId);
    expect(conversation.lastSeq).toBe(total);

    // Every message has its event, with the same seq, committed with it.
    const events = (
      await h.events<{ conversationId: string; seq: number }>('messaging.message.sent')
    )
      .filter((e) => e.conversationId === conversationId)
      .map((e) => e.seq)
      .sort((a, b) => a - b);
    expect(events).toEqual(rows.map((r) => r.seq));
  }, 180_000);

  it('answers five concurrent sends of one clientMsgId with one message, five identical answers', async () => {
    const conversationId = await channel();
    const sender = people[1] as Caller;
    await h.messages.send(sender, conversationId, { text: 'before' });
    const clientMsgId = randomUUID();
    const ids = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.messages.send(sender, conversationId, { text: 'exactly once', clientMsgId }),
      ),
    );
    const answers = await Promise.all(ids.map((id) => h.queries.message(id)));
    expect(new Set(ids).size).toBe(1);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ seq: 2, text: 'exactly once', clientMsgId });

    // The losers' transactions rolled back their seq too: the next message is 3, no gap.
    await h.messages.send(sender, conversationId, { text: 'after' });
    expect((await seqsOf(conversationId)).map((r) => r.seq)).toEqual([1, 2, 3]);
    const sent = (await h.events<{ clientMsgId: string | null }>('messaging.message.sent')).filter(
      (e) => e.clientMsgId === clientMsgId,
    );
    expect(sent).toHaveLength(1);
  });

  it('refuses the same clientMsgId with another text, and lets another sender use it', async () => {
    const conversationId = await channel();
    const [a, b] = people as [Caller, Caller];
    const first = await h.messages.send(a, conversationId, { text: 'one', clientMsgId: 'c-1' });
    await expect(
      h.messages.send(a, conversationId, { text: 'two', clientMsgId: 'c-1' }),
    ).rejects.toMatchObject({ code: 'messaging.client_msg_id.reused', kind: 'conflict' });
    // A retry after an edit is still recognised by the text first sent.
    await h.messages.edit(a, first, 'one, edited');
    expect(await h.messages.send(a, conversationId, { text: 'one', clientMsgId: 'c-1' })).toBe(
      first,
    );
    // Client ids are the sender's own: someone else's c-1 is another message.
    expect(await h.messages.send(b, conversationId, { text: 'one', clientMsgId: 'c-1' })).not.toBe(
      first,
    );
  });
});
