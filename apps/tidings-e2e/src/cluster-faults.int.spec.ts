import type { WsTestClient } from '@tidings/gateway/feature/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterUnderTest, eventually } from './cluster.testing';

const BURST = 2_000;
/** Senders in flight at once, like a handful of busy clients. */
const SENDERS = 8;
/** When this many sends are acknowledged, messaging and gateway-1 are killed. */
const KILL_AFTER = 600;

interface StoredMessage {
  id: string;
  seq: number;
  clientMsgId: string | null;
}

/**
 * Issue #11's fault test: during a burst of 2,000 messages, SIGKILL the messaging process and
 * one gateway, then restart them. A sender retries what was not acknowledged with the same
 * clientMsgId (messaging answers a retry with the original), so every message ends up
 * acknowledged; each must then be stored once, reach every member once (live, or by resume
 * after their gateway died), and be in the audit trail once.
 */
describe('a 2,000-message burst survives SIGKILL of messaging and a gateway', () => {
  const t = new ClusterUnderTest();
  const ids: Record<string, string> = {};
  let channelId = '';

  beforeAll(async () => {
    await t.start();
    for (const username of ['alice', 'cora']) {
      ids[username] = (
        await t.ok<{ id: string }>('POST', '/directory/users', 'adam', {
          username,
          displayName: username.toUpperCase(),
        })
      ).id;
    }
    // Messaging learns of the people through the directory topic: retry until it has.
    channelId = (
      await eventually(() =>
        t.ok<{ id: string }>('POST', '/conversations', 'alice', {
          kind: 'channel',
          visibility: 'private',
          name: 'burst',
          memberIds: [ids['cora']],
        }),
      )
    ).id;
  }, 400_000);

  afterAll(() => t.stop());

  it('stores, delivers and audits every acknowledged message exactly once', async () => {
    // alice watches on gateway-1 (which dies), cora on gateway-2 (which lives).
    const aliceSockets: WsTestClient[] = [(await t.socket('gateway-1', 'alice')).client];
    const cora = (await t.socket('gateway-2', 'cora')).client;
    const messaging = t.cluster.process('messaging');
    const gateway1 = t.cluster.process('gateway-1');

    const acknowledged = new Map<number, string>();
    let failedTries = 0;
    let next = 0;
    let faults: Promise<void> | null = null;
    const send = async (i: number) => {
      for (const deadline = Date.now() + 180_000; ;) {
        const response = await t
          .call('POST', `/conversations/${channelId}/messages`, 'alice', {
            text: `burst ${i}`,
            clientMsgId: `burst-${i}`,
          })
          .catch(() => null); // the connection itself failed: not acknowledged
        if (response?.status === 201) {
          acknowledged.set(i, ((await response.json()) as { id: string }).id);
          return;
        }
        failedTries++;
        if (Date.now() > deadline) throw new Error(`burst ${i} never acknowledged`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    const sender = async () => {
      while (next < BURST) {
        await send(next++);
        if (acknowledged.size >= KILL_AFTER && !faults) {
          faults = (async () => {
            await Promise.all([messaging.kill('SIGKILL'), gateway1.kill('SIGKILL')]);
            await new Promise((resolve) => setTimeout(resolve, 1_000));
            await Promise.all([messaging.restart(), gateway1.restart()]);
          })();
        }
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    await faults;
    expect(faults).not.toBeNull();
    expect(acknowledged.size).toBe(BURST);
    // The kill really cut sends off: some tries failed and were retried.
    expect(failedTries).toBeGreaterThan(0);

    // alice's first socket died with gateway-1: she resumes on the restarted gateway-1 from
    // the last seq her client saw.
    const lastSeq = Math.max(0, ...aliceSockets[0]!.events.map((e) => e.seq ?? 0));
    aliceSockets.push((await t.socket('gateway-1', 'alice', lastSeq)).client);

    const expected = [...acknowledged.values()].sort();
    const receivedBy = (sockets: WsTestClient[]) =>
      sockets
        .flatMap((s) => s.events)
        .filter((e) => e.type === 'messaging.message.sent')
        .map((e) => String(e.data['messageId']));
    for (const [who, sockets] of [
      ['alice', aliceSockets],
      ['cora', [cora]],
    ] as const) {
      const received = await eventually(async () => {
        const got = receivedBy([...sockets]);
        expect(new Set(got).size, `${who} has every message`).toBe(BURST);
        return got;
      }, 180_000);
      // Once each: no duplicate from a redelivery or an overlapping resume.
      expect([...received].sort(), who).toEqual(expected);
    }

    // Stored once: the channel's history holds each message once, under its acknowledged id.
    const stored: StoredMessage[] = [];
    for (let after = 0; ;) {
      const page = await t.ok<{ items: StoredMessage[] }>(
        'GET',
        `/conversations/${channelId}/messages?after=${after}&limit=200`,
        'alice',
      );
      if (page.items.length === 0) break;
      stored.push(...page.items);
      after = Math.max(...page.items.map((m) => m.seq));
    }
    const burst = stored.filter((m) => m.clientMsgId?.startsWith('burst-'));
    expect(burst.map((m) => m.id).sort()).toEqual(expected);
    expect(new Set(burst.map((m) => m.clientMsgId)).size).toBe(BURST);

    // Audited once: the trail has one messaging.message.sent per message.
    const audited = await eventually(async () => {
      const seen: string[] = [];
      for (let cursor: string | null = null; ;) {
        const page: { items: Array<{ data: { messageId: string } }>; nextCursor: string | null } =
          await t.ok(
            'GET',
            `/audit/records?types=messaging.message.sent&conversations=${channelId}&limit=500${
              cursor ? `&cursor=${cursor}` : ''
            }`,
            'cora',
          );
        seen.push(...page.items.map((r) => r.data.messageId));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(seen.length).toBeGreaterThanOrEqual(BURST);
      return seen;
    }, 120_000);
    expect(audited.sort()).toEqual(expected);
  }, 600_000);
});
