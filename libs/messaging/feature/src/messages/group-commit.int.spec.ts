import { randomUUID } from 'node:crypto';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { DEFAULT_LIMITS } from '../messaging-options';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { MessageActions } from './message.actions';

type Answer = { id: string } | { code: string };
const answer = (sent: Promise<string>): Promise<Answer> =>
  sent.then(
    (id) => ({ id }),
    (error: { code?: string }) => ({ code: error.code ?? String(error) }),
  );

/**
 * Sends committed together (group commit) on both databases: each send of a batch is checked
 * and answered on its own, and seqs stay gapless per conversation.
 */
describe.each(databaseFlavours)('batched sends on %s', (flavour) => {
  let h: MessagingHarness;
  let alice: Caller;
  let bob: Caller;
  let mallory: Caller;

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    [alice, bob, mallory] = await Promise.all(
      ['alice', 'bob', 'mallory'].map((name) => h.person(randomUUID(), name)),
    );
  });

  afterAll(async () => {
    await h?.close();
  });

  const channel = async (name: string) =>
    (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility: 'private',
        name: `${name} ${randomUUID()}`,
        memberIds: [bob.id],
      })
    ).conversation.id;

  const seqs = async (conversationId: string) =>
    (
      (await h.dataSource.query(
        `SELECT seq, created_ms FROM messaging_messages WHERE conversation_id = ${flavour === 'postgres' ? '$1' : '?'} ORDER BY seq`,
        [conversationId],
      )) as Array<{ seq: unknown; created_ms: unknown }>
    ).map((r) => ({ seq: Number(r.seq), at: Number(r.created_ms) }));

  it('answers each send of a batch on its own: refusals, retries and the rest', async () => {
    const [one, two, frozen] = await Promise.all(['one', 'two', 'frozen'].map(channel));
    const first = await h.messages.send(alice, one!, { text: 'first', clientMsgId: 'k-1' });
    await h.conversations.archive(alice, frozen!);
    const frozenBefore = await seqs(frozen!);
    // Submitted together: the first of them commits alone, the rest wait and share a batch.
    const answers = await Promise.all(
      [
        h.messages.send(bob, one!, { text: 'warm-up' }),
        h.messages.send(alice, one!, { text: 'a1' }),
        h.messages.send(mallory, one!, { text: 'not a member' }),
        h.messages.send(bob, two!, { text: 'b1' }),
        h.messages.send(alice, frozen!, { text: 'archived' }),
        h.messages.send(alice, one!, { text: 'first', clientMsgId: 'k-1' }), // a retry
        h.messages.send(alice, one!, { text: 'other', clientMsgId: 'k-1' }), // reuse
        h.messages.send(bob, two!, { text: 'b2', clientMsgId: 'k-2' }),
        h.messages.send(bob, two!, { text: 'b2', clientMsgId: 'k-2' }), // same batch, same id
        h.messages.send(bob, two!, { text: 'b2!', clientMsgId: 'k-2' }), // same batch, other text
        h.messages.send(alice, one!, { text: 'a2' }),
      ].map(answer),
    );
    const codes = answers.map((a) => ('code' in a ? a.code : 'ok'));
    expect(codes).toEqual([
      'ok',
      'ok',
      'messaging.conversation.not_found',
      'ok',
      'messaging.conversation.archived',
      'ok',
      'messaging.client_msg_id.reused',
      'ok',
      'ok',
      'messaging.client_msg_id.reused',
      'ok',
    ]);
    expect(answers[5]).toEqual({ id: first });
    expect(answers[8]).toEqual(answers[7]);

    // Gapless per conversation, in the order sent; refused sends took no seq.
    const inOne = await seqs(one!);
    expect(inOne.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    const texts = (await h.queries.history(alice, one!, { limit: 10 })).items.map((m) => m.text);
    expect(texts).toEqual(['first', 'warm-up', 'a1', 'a2']);
    expect((await seqs(two!)).map((r) => r.seq)).toEqual([1, 2]);
    expect(await seqs(frozen!)).toEqual(frozenBefore);
    // The batch after the warm-up committed its messages together (one transaction, one time).
    expect(inOne[2]!.at).toBe(inOne[3]!.at);
  });

  it('lets two processes race one clientMsgId: one message, the same answer for both', async () => {
    const conversationId = await channel('race');
    const other = new MessageActions(h.runner, DEFAULT_LIMITS); // its own batches
    for (let round = 0; round < 10; round++) {
      const clientMsgId = `race-${round}`;
      const ids = await Promise.all(
        [h.messages, other, h.messages, other].map((actions) =>
          actions.send(bob, conversationId, { text: `round ${round}`, clientMsgId }),
        ),
      );
      expect(new Set(ids).size).toBe(1);
    }
    expect((await seqs(conversationId)).map((r) => r.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
  });
});
