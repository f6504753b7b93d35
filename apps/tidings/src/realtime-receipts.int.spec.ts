import { RECEIPTS_MAX_MEMBERS as GATEWAY_RECEIPTS_MAX } from '@tidings/gateway/domain';
import type { WsTestClient } from '@tidings/gateway/feature/testing';
import { RECEIPTS_MAX_MEMBERS as MESSAGING_RECEIPTS_MAX } from '@tidings/messaging/domain';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { As } from './messaging.testing';
import { RealtimeTestHost, settle } from './realtime.testing';

const READ = 'messaging.read.updated';
const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };

/**
 * Who the socket says you are, and who hears that you read something — through the whole host
 * (REST → messaging → outbox → bus → fan-out → sockets), on SQLite and PostgreSQL. The test
 * issuer signs tokens with subject `kc-<username>`, so every person here is one whose token
 * subject is not their directory id.
 */
describe.each(databaseFlavours)('ready and read positions on %s', (flavour) => {
  let db: TestDatabase;
  const host = new RealtimeTestHost();
  const ids: Record<string, string> = {};
  const open: WsTestClient[] = [];
  const device = async (username: string) => {
    const d = await host.device(username);
    open.push(d.client);
    return d;
  };
  /** A channel of alice's with these members; a message in it, so there is something to read. */
  const channel = async (name: string, memberIds: string[]) => {
    const created = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'private',
      name,
      memberIds,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const sent = await host.call('POST', `/conversations/${id}/messages`, alice, { text: 'hi' });
    expect(sent.statusCode, sent.body).toBe(201);
    return { id, seq: (sent.json() as { seq: number }).seq };
  };
  const read = async (as: As, conversationId: string, seq: number) => {
    const response = await host.call('POST', `/conversations/${conversationId}/read`, as, { seq });
    expect(response.statusCode, response.body).toBeLessThan(300);
  };
  /** The next read position of `userId` in `conversationId` this socket hears. */
  const readOf = async (client: WsTestClient, conversationId: string, userId: string) => {
    for (;;) {
      const frame = await client.next(READ, 10_000);
      if (frame.data['conversationId'] === conversationId && frame.data['userId'] === userId)
        return frame;
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    for (const name of ['alice', 'bob', 'carol']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await host.stop();
    await db?.drop();
  });

  it("names in ready the person's directory id (what events call them), and identity's id apart", async () => {
    const { ready } = await device('bob');
    expect(ready.data['userId']).toBe(ids['bob']);
    expect(ready.data['username']).toBe('bob');
    // Identity knows bob, signed in at another issuer, by an id of its own.
    expect(ready.data['identityId']).toEqual(expect.any(String));
    expect(ready.data['identityId']).not.toBe(ids['bob']);

    // And it is the id events name him by: his own message's senderId.
    const { client } = await device('bob');
    const room = await host.call('POST', '/conversations', bob, {
      kind: 'direct',
      userId: ids['alice'],
    });
    expect(room.statusCode, room.body).toBe(201);
    const roomId = (room.json() as { id: string }).id;
    await host.call('POST', `/conversations/${roomId}/messages`, bob, { text: 'me' });
    expect((await client.next('messaging.message.sent', 10_000)).data['senderId']).toBe(ids['bob']);
  });

  it('tells the other members of a small conversation who read what, live', async () => {
    const small = await channel('small', [ids['bob']!, ids['carol']!]);
    const carol = await device('carol');
    const bobsOther = await device('bob');
    await read(bob, small.id, small.seq);
    for (const client of [carol.client, bobsOther.client]) {
      expect((await readOf(client, small.id, ids['bob']!)).data).toEqual({
        conversationId: small.id,
        userId: ids['bob'],
        lastReadSeq: small.seq,
      });
    }
  });

  it('keeps read positions to the reader in a conversation over the receipts limit', async () => {
    // The gateway's copy of the limit is messaging's (the gateway may not import messaging).
    expect(GATEWAY_RECEIPTS_MAX).toBe(MESSAGING_RECEIPTS_MAX);
    const crowd: string[] = [];
    // alice, bob and this crowd: one member over the limit.
    for (let i = 0; i < MESSAGING_RECEIPTS_MAX - 1; i++) crowd.push(await host.person(`crowd${i}`));
    await host.projected(crowd);
    const big = await channel('big', [ids['bob']!, ...crowd]);
    const members = await host.call('GET', `/conversations/${big.id}/members`, alice);
    expect((members.json() as { items: unknown[] }).items).toHaveLength(MESSAGING_RECEIPTS_MAX + 1);

    const alices = await device('alice');
    const bobsOther = await device('bob');
    await read(bob, big.id, big.seq);
    // Bob's other device hears it; alice's was written (or not) by the same fan-out write, so
    // once a round trip to her socket is done, anything meant for her has arrived.
    expect((await readOf(bobsOther.client, big.id, ids['bob']!)).data['lastReadSeq']).toBe(big.seq);
    await settle(alices.client);
    const bobsReads = alices.client.events.filter(
      (e) => e.type === READ && e.data['userId'] === ids['bob'],
    );
    expect(bobsReads).toEqual([]);

    // One member fewer and it is a receipts conversation again: alice hears bob's next read.
    const left = await host.call('DELETE', `/conversations/${big.id}/members/${crowd[0]}`, alice);
    expect(left.statusCode, left.body).toBeLessThan(300);
    const again = await host.call('POST', `/conversations/${big.id}/messages`, alice, {
      text: 'again',
    });
    const seq = (again.json() as { seq: number }).seq;
    await read(bob, big.id, seq);
    expect((await readOf(alices.client, big.id, ids['bob']!)).data['lastReadSeq']).toBe(seq);
  });
});
