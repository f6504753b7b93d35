import { createTestSqliteDatabase, serviceEnv } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

const alice: As = { username: 'alice' };
const zhangwei: As = { username: 'zhangwei' };
const admin: As = { username: 'admin', roles: ['admin'] };

interface Message {
  id: string;
  seq: number;
  kind: string;
  text: string;
  threadRootId: string | null;
  thread: { replyCount: number; participants: string[]; following: boolean } | null;
  reactions: Array<{ emoji: string; count: number; me: boolean }>;
  pinned: { by: string } | null;
  system: { type: string } | null;
  sender: { id: string; username: string | null; kind: string };
}

/**
 * Threads, reactions, pins, system messages and directory-driven membership through the real
 * host: people come from an LDAP sync of the slapd fixture (so group events carry real
 * directory ids), callers sign in at an external issuer and are matched by username.
 */
describe('messaging threads, reactions, pins and directory membership API', () => {
  const db = createTestSqliteDatabase();
  const host = new MessagingTestHost();
  let channelId: string;

  const ok = async (response: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await response;
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json() as Record<string, unknown> & { items?: unknown[] };
  };
  const problem = async (
    response: Promise<{ statusCode: number; headers: Record<string, unknown>; json(): unknown }>,
  ) => {
    const r = await response;
    return {
      status: r.statusCode,
      code: (r.json() as { code?: string }).code,
      type: String(r.headers['content-type']).split(';')[0],
    };
  };
  const send = async (as: As, body: Record<string, unknown>) =>
    (await ok(
      host.call('POST', `/conversations/${channelId}/messages`, as, body),
    )) as unknown as Message;
  const message = async (as: As, id: string) => {
    const history = await ok(host.call('GET', `/conversations/${channelId}/messages`, as));
    return (history.items as Message[]).find((m) => m.id === id);
  };
  const userId = async (username: string) =>
    (
      (await ok(host.call('GET', `/directory/users?q=${username}`, alice))).items as Array<{
        id: string;
        username: string;
      }>
    ).find((u) => u.username === username)?.id ?? '';
  const memberIds = async (conversationId: string) =>
    (
      (await ok(host.call('GET', `/conversations/${conversationId}/members`, admin)))
        .items as Array<{ userId: string }>
    )
      .map((m) => m.userId)
      .sort();

  beforeAll(async () => {
    const ldap = serviceEnv('scripts/services/ldap.sh');
    await host.start({
      DATABASE_URL: db.url,
      LDAP_URL: ldap['LDAP_URL'] ?? '',
      LDAP_BASE_DN: ldap['LDAP_OPENLDAP_BASE_DN'] ?? '',
      LDAP_BIND_DN: ldap['LDAP_OPENLDAP_BIND_DN'] ?? '',
      LDAP_BIND_PASSWORD: ldap['LDAP_OPENLDAP_BIND_PASSWORD'] ?? '',
      LDAP_SYNC_INTERVAL: '0',
    });
    const sync = await host.call('POST', '/directory/sync-runs', admin, {});
    expect(sync.statusCode, sync.body).toBe(201);
    // Messaging learns people and groups from the directory's events, a moment later. (The
    // test peeks at both services' tables to know when; the services never do.)
    const count = async (table: string) =>
      Number(
        (
          (await host.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)) as Array<{
            n: unknown;
          }>
        )[0]?.n,
      );
    await waitFor(
      async () =>
        (await count('messaging_directory_groups')) >= 9 &&
        (await count('messaging_users')) >= (await count('directory_users')),
    );
    channelId = (
      await ok(
        host.call('POST', '/conversations', alice, {
          kind: 'channel',
          visibility: 'public',
          name: 'release',
          memberIds: [await userId('zhangwei')],
        }),
      )
    )['id'] as string;
  }, 180_000);

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  it('replies in a thread, shows it on its root, pages it, and follows it', async () => {
    const root = await send(alice, { text: 'release on Friday?' });
    const reply = await send(zhangwei, { text: '好的', threadRootId: root.id });
    expect(reply).toMatchObject({ threadRootId: root.id, seq: root.seq + 1, kind: 'user' });
    const summary = (await message(alice, root.id))?.thread;
    expect(summary).toMatchObject({
      replyCount: 1,
      participants: [reply.sender.id],
      following: true,
    });
    const thread = await ok(host.call('GET', `/messages/${root.id}/thread?limit=10`, alice));
    expect(thread).toMatchObject({ root: { id: root.id }, hasNewer: false });
    expect((thread.items as Message[]).map((m) => m.text)).toEqual(['好的']);
    expect(await ok(host.call('DELETE', `/messages/${root.id}/follow`, alice))).toEqual({
      following: false,
    });
    expect((await message(alice, root.id))?.thread?.following).toBe(false);
    await ok(host.call('POST', `/messages/${root.id}/follow`, alice));
    expect((await message(alice, root.id))?.thread?.following).toBe(true);
    expect(await problem(host.call('GET', `/messages/${reply.id}/thread`, alice))).toMatchObject({
      status: 422,
      code: 'messaging.thread.not_a_root',
    });
  });

  it('reacts with one emoji per person, counts it, and refuses text with 400', async () => {
    const m = await send(alice, { text: 'ship it' });
    const thumbs = encodeURIComponent('👍');
    await ok(host.call('PUT', `/messages/${m.id}/reactions/${thumbs}`, zhangwei));
    const view = (await ok(
      host.call('PUT', `/messages/${m.id}/reactions/${thumbs}`, zhangwei),
    )) as unknown as Message;
    expect(view.reactions).toEqual([{ emoji: '👍', count: 1, me: true }]);
    expect((await message(alice, m.id))?.reactions).toEqual([{ emoji: '👍', count: 1, me: false }]);
    expect(await problem(host.call('PUT', `/messages/${m.id}/reactions/ok`, zhangwei))).toEqual({
      status: 400,
      code: 'messaging.reaction.invalid',
      type: 'application/problem+json',
    });
    const gone = (await ok(
      host.call('DELETE', `/messages/${m.id}/reactions/${thumbs}`, zhangwei),
    )) as unknown as Message;
    expect(gone.reactions).toEqual([]);
  });

  it("pins as the channel's owner, not as a member, and lists the pins", async () => {
    const m = await send(zhangwei, { text: 'the runbook: …' });
    expect(await problem(host.call('PUT', `/messages/${m.id}/pin`, zhangwei))).toMatchObject({
      status: 403,
      code: 'messaging.role.insufficient',
    });
    const pinned = (await ok(
      host.call('PUT', `/messages/${m.id}/pin`, alice),
    )) as unknown as Message;
    expect(pinned.pinned).toMatchObject({ by: await userId('alice') });
    const pins = await ok(host.call('GET', `/conversations/${channelId}/pins`, zhangwei));
    expect((pins.items as Message[]).map((p) => p.id)).toEqual([m.id]);
  });

  it('records a join as a system message, and no body field makes one', async () => {
    await ok(host.call('POST', `/conversations/${channelId}/join`, { username: 'bob' }));
    const history = await ok(host.call('GET', `/conversations/${channelId}/messages`, alice));
    const last = (history.items as Message[]).at(-1);
    expect(last).toMatchObject({
      kind: 'system',
      system: { type: 'member.joined' },
      sender: { username: 'bob' },
    });
    for (const forged of [
      { kind: 'system' },
      { system: { type: 'member.joined' } },
      { senderKind: 'user' },
    ])
      expect(
        await problem(
          host.call('POST', `/conversations/${channelId}/messages`, alice, {
            text: 'x',
            ...forged,
          }),
        ),
      ).toMatchObject({ status: 400, code: 'request.invalid' });
  });

  it('maps a channel to a directory group: its people become the members', async () => {
    const groups = (await ok(host.call('GET', '/directory/groups', alice))).items as Array<{
      id: string;
      name: string;
    }>;
    const platform = groups.find((g) => g.name === 'platform');
    const detail = await ok(host.call('GET', `/directory/groups/${platform?.id}`, alice));
    const people = (detail['members'] as { all: string[] }).all;
    const { id } = await ok(
      host.call('POST', '/conversations', alice, {
        kind: 'channel',
        visibility: 'public',
        name: 'platform',
        memberIds: [await userId('bob')],
      }),
    );
    const url = `/conversations/${id as string}/directory-group`;
    expect(await problem(host.call('PUT', url, alice, { groupId: platform?.id }))).toMatchObject({
      status: 403,
      code: 'auth.forbidden',
    });
    const mapped = await ok(host.call('PUT', url, admin, { groupId: platform?.id }));
    expect(mapped['membershipSource']).toEqual({ kind: 'group', groupId: platform?.id });
    // The owner stays; everyone else is exactly the group's people (bob is not one of them).
    expect(await memberIds(id as string)).toEqual(
      [...new Set([...people, await userId('alice')])].sort(),
    );
    expect(people).not.toContain(await userId('bob'));
  });

  it('maps a channel to a department subtree: everyone within it becomes a member', async () => {
    const tree = (await ok(host.call('GET', '/directory/org-units', alice))).items as Array<{
      id: string;
      path: string[];
    }>;
    const unit = tree.find((u) => u.path.at(-1) === '平台部');
    expect(unit).toBeTruthy();
    const { id } = await ok(
      host.call('POST', '/conversations', admin, {
        kind: 'channel',
        visibility: 'public',
        name: '平台部',
      }),
    );
    await ok(
      host.call('PUT', `/conversations/${id as string}/department`, admin, {
        orgUnitId: unit?.id,
        path: unit?.path,
      }),
    );
    const owner = (await ok(host.call('GET', `/conversations/${id as string}`, admin)))[
      'createdBy'
    ];
    const members = (await memberIds(id as string)).filter((m) => m !== owner);
    expect(members.length).toBeGreaterThan(5);
    // Each of them is in the department or below it, by the directory's own account.
    for (const member of members.slice(0, 5)) {
      const person = await ok(host.call('GET', `/directory/users/${member}`, alice));
      const within = tree.find((u) => u.id === person['orgUnitId'])?.path ?? [];
      expect(within.slice(0, unit?.path.length)).toEqual(unit?.path);
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for messaging to catch up');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
