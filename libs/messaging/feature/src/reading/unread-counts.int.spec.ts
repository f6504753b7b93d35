import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';

/** What a message text can mention: each of the three members, a stranger, or everyone. */
const MENTIONABLE = ['@ua', '@ub', '@uc', '@ghost', '@here', '@all', '@channel'] as const;

type Op =
  | { op: 'send'; by: number; mentions: string[] }
  | { op: 'edit'; pick: number; mentions: string[] }
  | { op: 'delete'; pick: number; by: 'author' | 'owner' }
  | { op: 'read'; by: number; seq: number };

const mentions = fc.subarray([...MENTIONABLE]);
const ops = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ op: fc.constant('send' as const), by: fc.nat(2), mentions }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('edit' as const), pick: fc.nat(), mentions }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('delete' as const),
        pick: fc.nat(),
        by: fc.constantFrom('author' as const, 'owner' as const),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('read' as const), by: fc.nat(2), seq: fc.nat(40) }),
    },
  ),
  { maxLength: 40 },
);

/** The rules, as plainly as they can be said. */
class Model {
  messages: Array<{
    seq: number;
    id: string;
    by: number;
    names: Set<string>;
    everyone: boolean;
    deleted: boolean;
  }> = [];
  lastRead = [0, 0, 0];

  counts(reader: number) {
    const unread = this.messages.filter(
      (m) => m.seq > (this.lastRead[reader] ?? 0) && m.by !== reader && !m.deleted,
    );
    const name = ['ua', 'ub', 'uc'][reader] as string;
    return {
      unread: unread.length,
      mentions: unread.filter((m) => m.everyone || m.names.has(name)).length,
    };
  }
}

const textOf = (tokens: string[]) => `hello ${tokens.join(' ')} end`;
const parts = (tokens: string[]) => ({
  names: new Set(tokens.filter((t) => ['@ua', '@ub', '@uc'].includes(t)).map((t) => t.slice(1))),
  everyone: tokens.some((t) => ['@here', '@all', '@channel'].includes(t)),
});

describe('unread and mention counts', () => {
  let h: MessagingHarness;
  let users: Caller[];

  beforeAll(async () => {
    h = await openMessagingHarness('sqlite');
    users = [
      await h.person(randomUUID(), 'ua'),
      await h.person(randomUUID(), 'ub'),
      await h.person(randomUUID(), 'uc'),
    ];
  });

  afterAll(async () => {
    await h?.close();
  });

  it('match a plain model across random sends, edits, deletes and mark-reads', async () => {
    await fc.assert(
      fc.asyncProperty(ops, async (sequence) => {
        const [owner, ...rest] = users as [Caller, Caller, Caller];
        const { conversation } = await h.conversations.create(owner, {
          kind: 'channel',
          visibility: 'public',
          name: 'counts',
          memberIds: rest.map((u) => u.id),
        });
        const model = new Model();
        for (const step of sequence as Op[]) {
          if (step.op === 'send') {
            const id = await h.messages.send(users[step.by] as Caller, conversation.id, {
              text: textOf(step.mentions),
            });
            model.messages.push({
              seq: model.messages.length + 1,
              id,
              by: step.by,
              ...parts(step.mentions),
              deleted: false,
            });
          } else if (step.op === 'edit' && model.messages.length > 0) {
            const m = model.messages[step.pick % model.messages.length]!;
            const edit = h.messages.edit(
              users[m.by] as Caller,
              m.id,
              textOf(['edited', ...step.mentions]),
            );
            if (m.deleted) {
              await expect(edit).rejects.toMatchObject({ code: 'messaging.message.deleted' });
            } else {
              await edit;
              Object.assign(m, parts(step.mentions));
            }
          } else if (step.op === 'delete' && model.messages.length > 0) {
            const m = model.messages[step.pick % model.messages.length]!;
            // The channel's owner may delete anyone's message; deleting twice changes nothing.
            await h.messages.delete(step.by === 'owner' ? owner : (users[m.by] as Caller), m.id);
            m.deleted = true;
          } else if (step.op === 'read') {
            const { lastReadSeq } = await h.reads.markRead(
              users[step.by] as Caller,
              conversation.id,
              step.seq,
            );
            const target = Math.min(step.seq, model.messages.length);
            model.lastRead[step.by] = Math.max(model.lastRead[step.by] ?? 0, target);
            expect(lastReadSeq).toBe(model.lastRead[step.by]);
          }
          for (const [i, user] of users.entries())
            expect(
              await h.queries.counts(user, conversation.id),
              `${JSON.stringify(step)} for u${i}`,
            ).toEqual(model.counts(i));
        }
        // The conversation list says the same as the direct count.
        for (const [i, user] of users.entries()) {
          const item = (await h.queries.list(user, { limit: 200 })).items.find(
            (it) => it.conversation.id === conversation.id,
          );
          expect(item?.counts ?? { unread: 0, mentions: 0 }).toEqual(model.counts(i));
          expect(item?.member.lastReadSeq).toBe(model.lastRead[i]);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
