import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, problemOf, type As } from './messaging.testing';

const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
const carol: As = { username: 'carol' };
const admin: As = { username: 'admin', roles: ['admin'] };
/** A person-less service account (Keycloak client credentials with the integration role). */
const integration: As = { username: 'svc-erp', roles: ['integration'] };

/** Messaging through the real host: routes, permissions, access rules, problem+json codes. */
describe('messaging API', () => {
  const db = createTestSqliteDatabase();
  const host = new MessagingTestHost();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await host.start({ DATABASE_URL: db.url, MENTION_ALL_MAX_MEMBERS: '2' });
    for (const name of ['alice', 'bob', 'carol']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  const create = async (as: As, body: unknown) => {
    const response = await host.call('POST', '/conversations', as, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string };
  };
  /** A multipart upload (`conversationId` before the file), as a browser's FormData sends it. */
  const uploadFile = (as: As, conversationId: string, filename: string, content: string) => {
    const boundary = 'tidings-test-boundary';
    return host.issuer
      .token({ sub: `kc-${as.username}`, username: as.username, roles: ['user'] })
      .then((token) =>
        host.app
          .getHttpAdapter()
          .getInstance()
          .inject({
            method: 'POST',
            url: '/api/v1/files',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': `multipart/form-data; boundary=${boundary}`,
            },
            payload: [
              `--${boundary}`,
              'Content-Disposition: form-data; name="conversationId"',
              '',
              conversationId,
              `--${boundary}`,
              `Content-Disposition: form-data; name="file"; filename="${filename}"`,
              'Content-Type: text/plain',
              '',
              content,
              `--${boundary}--`,
              '',
            ].join('\r\n'),
          }),
      );
  };
  const send = (as: As, conversationId: string, body: unknown) =>
    host.call('POST', `/conversations/${conversationId}/messages`, as, body);

  it('hides a private channel from non-members: every read and write is a 404', async () => {
    const secret = await create(alice, {
      kind: 'channel',
      visibility: 'private',
      name: 'secret',
      memberIds: [ids['bob']],
    });
    const posted = await send(bob, secret.id, { text: 'for members only' });
    expect(posted.statusCode).toBe(201);
    // Bob signed in with a token whose subject is not his directory id; he is known by name.
    expect(posted.json().sender).toMatchObject({ id: ids['bob'], username: 'bob', kind: 'user' });

    const notFound = {
      status: 404,
      code: 'messaging.conversation.not_found',
      type: 'application/problem+json',
    };
    for (const [method, url, body] of [
      ['GET', `/conversations/${secret.id}`, undefined],
      ['GET', `/conversations/${secret.id}/messages`, undefined],
      ['GET', `/conversations/${secret.id}/members`, undefined],
      ['GET', `/conversations/${secret.id}/receipts`, undefined],
      ['POST', `/conversations/${secret.id}/messages`, { text: 'let me in' }],
      ['POST', `/conversations/${secret.id}/join`, undefined],
      ['PATCH', `/conversations/${secret.id}`, { topic: 'mine now' }],
      ['POST', `/conversations/${secret.id}/read`, { seq: 1 }],
    ] as const)
      expect(problemOf(await host.call(method, url, carol, body)), `${method} ${url}`).toEqual(
        notFound,
      );
    expect(
      problemOf(await host.call('PATCH', `/messages/${posted.json().id}`, carol, { text: 'x' })),
    ).toMatchObject({
      status: 404,
      code: 'messaging.message.not_found',
    });
    const carols = (await host.call('GET', '/conversations', carol)).json().items as Array<{
      id: string;
    }>;
    expect(carols.map((c) => c.id)).not.toContain(secret.id);
  });

  it("keeps a private channel's files to its members (files follow messaging's access)", async () => {
    const secret = await create(alice, {
      kind: 'channel',
      visibility: 'private',
      name: 'secret-files',
      memberIds: [ids['bob']],
    });
    const upload = (as: As) => uploadFile(as, secret.id, 'minutes.txt', 'members only');
    const stored = await upload(bob);
    expect(stored.statusCode, stored.body).toBe(201);
    const fileId = (stored.json() as { id: string }).id;
    const asAlice = await host.call('GET', `/files/${fileId}`, alice);
    expect(asAlice.statusCode).toBe(200);
    expect(asAlice.body).toBe('members only');
    const asCarol = await host.call('GET', `/files/${fileId}`, { username: 'carol' });
    expect(asCarol.statusCode).toBe(404);
    expect((await upload({ username: 'carol' })).statusCode).toBe(404);
  });

  it('sends a message with an uploaded file and shows the file in history', async () => {
    const room = await create(alice, {
      kind: 'channel',
      visibility: 'private',
      name: 'shared-notes',
      memberIds: [ids['bob']],
    });
    const stored = await uploadFile(bob, room.id, 'notes.txt', 'see attached');
    expect(stored.statusCode, stored.body).toBe(201);
    const fileId = (stored.json() as { id: string }).id;
    // Not alice's file: refused, nothing sent.
    expect(
      problemOf(await send(alice, room.id, { text: 'mine?', fileIds: [fileId] })),
    ).toMatchObject({
      status: 400,
      code: 'messaging.file.invalid',
      type: 'application/problem+json',
    });
    const sent = await send(bob, room.id, { text: 'notes', fileIds: [fileId] });
    expect(sent.statusCode, sent.body).toBe(201);
    const history = await host.call('GET', `/conversations/${room.id}/messages?limit=50`, alice);
    expect(history.statusCode).toBe(200);
    const items = (history.json() as { items: Array<Record<string, unknown>> }).items;
    expect(items.filter((m) => m['kind'] === 'user')).toEqual([
      expect.objectContaining({
        text: 'notes',
        fileIds: [fileId],
        files: [
          {
            id: fileId,
            name: 'notes.txt',
            mime: 'text/plain',
            size: 'see attached'.length,
            width: null,
            height: null,
            thumbnailUrl: null,
            url: `/api/v1/files/${fileId}`,
          },
        ],
      }),
    ]);
  });

  it('refuses writes to an archived channel with 403, and still shows it to its members', async () => {
    const team = await create(alice, {
      kind: 'channel',
      visibility: 'private',
      name: 'team',
      memberIds: [ids['bob']],
    });
    expect((await send(bob, team.id, { text: 'wrapping up' })).statusCode).toBe(201);
    const archived = await host.call('POST', `/conversations/${team.id}/archive`, alice);
    expect(archived.json()).toMatchObject({ archived: true });
    expect(problemOf(await send(bob, team.id, { text: 'one more thing' }))).toEqual({
      status: 403,
      code: 'messaging.conversation.archived',
      type: 'application/problem+json',
    });
    const history = await host.call('GET', `/conversations/${team.id}/messages`, bob);
    // The archive is the last entry of history, as a system message.
    expect(
      history.json().items.map((m: { kind: string; text: string }) => [m.kind, m.text]),
    ).toEqual([
      ['user', 'wrapping up'],
      ['system', 'ALICE archived the channel.'],
    ]);
  });

  it('never lets an integration or a bot post as someone else', async () => {
    const lobby = await create(alice, { kind: 'channel', visibility: 'public', name: 'lobby' });
    expect(
      (await host.call('POST', `/conversations/${lobby.id}/join`, integration)).statusCode,
    ).toBe(200);
    const forged = await send(integration, lobby.id, {
      text: 'I am alice',
      senderId: ids['alice'],
    });
    expect(problemOf(forged)).toMatchObject({ status: 400, code: 'request.invalid' });
    const own = await send(integration, lobby.id, { text: 'build 42 is green' });
    expect(own.statusCode).toBe(201);
    expect(own.json().sender).toMatchObject({ kind: 'integration' });
    expect(own.json().sender.id).not.toBe(ids['alice']);
    // It reads what it is a member of, as a connector must (docs/integrations-bots.md).
    expect(
      (await host.call('GET', `/conversations/${lobby.id}/messages`, integration)).statusCode,
    ).toBe(200);
    // A bot's API token is limited to its scopes: without messaging.write it cannot post.
    const bot = (await host.call('POST', '/bots', admin, { username: 'deploy-bot' })).json();
    const { token } = (
      await host.call('POST', `/bots/${bot.id}/tokens`, admin, { scopes: ['connectors.use'] })
    ).json();
    expect(
      problemOf(await send({ username: 'deploy-bot', bearer: token }, lobby.id, { text: 'hi' })),
    ).toMatchObject({
      status: 403,
      code: 'auth.forbidden',
    });
    // Editing someone else's message is refused too.
    expect(
      problemOf(await host.call('PATCH', `/messages/${own.json().id}`, alice, { text: 'mine' })),
    ).toMatchObject({
      status: 403,
      code: 'messaging.message.not_author',
    });
  });

  it('opens direct conversations with known people only, once per pair', async () => {
    const unknown = await host.call('POST', '/conversations', alice, {
      kind: 'direct',
      userId: '00000000-0000-4000-8000-000000000000',
    });
    expect(problemOf(unknown)).toMatchObject({ status: 404, code: 'messaging.user.not_found' });
    const first = await host.call('POST', '/conversations', alice, {
      kind: 'direct',
      userId: ids['carol'],
    });
    const again = await host.call('POST', '/conversations', carol, {
      kind: 'direct',
      userId: ids['alice'],
    });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json().id).toBe(first.json().id);
  });

  it('counts unread messages and mentions, limits @all, and clears on read', async () => {
    const room = await create(alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'room',
      memberIds: [ids['bob'], ids['carol']],
    });
    expect(problemOf(await send(bob, room.id, { text: '@all lunch?' }))).toMatchObject({
      status: 403,
      code: 'messaging.mention.not_allowed',
    });
    await send(bob, room.id, { text: 'lunch @carol?' });
    const last = (await send(alice, room.id, { text: '@channel standup' })).json();
    const item = async () =>
      (
        (await host.call('GET', '/conversations', carol)).json().items as Array<
          Record<string, unknown>
        >
      ).find((c) => c['id'] === room.id);
    expect(await item()).toMatchObject({
      unreadCount: 2,
      mentionCount: 2,
      lastMessage: { text: '@channel standup' },
    });
    const read = await host.call('POST', `/conversations/${room.id}/read`, carol, {
      seq: last.seq,
    });
    expect(read.json()).toEqual({ lastReadSeq: last.seq, unreadCount: 0, mentionCount: 0 });
    const receipts = (await host.call('GET', `/conversations/${room.id}/receipts`, alice)).json()
      .items;
    expect(receipts).toContainEqual({ userId: ids['carol'], lastReadSeq: last.seq });
  });

  it('answers a send with the message exactly as history then shows it (no read-back needed)', async () => {
    const room = await create(alice, {
      kind: 'channel',
      visibility: 'private',
      name: 'answers',
      memberIds: [ids['bob'], ids['carol']],
    });
    const posted = async (as: As, body: Record<string, unknown>) => {
      const response = await send(as, room.id, body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as Record<string, unknown> & { id: string };
    };
    const shown = async (as: As, id: string) => {
      const history = await host.call('GET', `/conversations/${room.id}/messages?limit=50`, as);
      const items = (history.json() as { items: Array<{ id: string }> }).items;
      return items.find((m) => m.id === id);
    };
    // Two mentions (listed by id, whatever their order in the text), a thread reply, and a
    // retry answered with its original.
    // The text names the larger id first, so the answer must reorder to match a read.
    const [first, second] = ['carol', 'bob'].sort((a, b) =>
      (ids[a] as string) > (ids[b] as string) ? -1 : 1,
    );
    const greeting = `hi @${first} and @${second}`;
    const root = await posted(alice, { text: greeting, clientMsgId: 'answers-1' });
    expect(root['mentions']).toEqual([ids['carol'], ids['bob']].sort());
    expect(root).toEqual(await shown(alice, root.id));
    const reply = await posted(bob, { text: 'on it', threadRootId: root.id });
    const thread = await host.call('GET', `/messages/${root.id}/thread`, bob);
    expect(thread.statusCode, thread.body).toBe(200);
    const replies = (thread.json() as { items: Array<{ id: string }> }).items;
    expect(reply).toEqual(replies.find((m) => m.id === reply.id));
    const retried = await posted(alice, { text: greeting, clientMsgId: 'answers-1' });
    expect(retried).toEqual(await shown(alice, root.id));
    expect(retried['thread']).toMatchObject({ replyCount: 1 });
  });

  it('mutes a conversation for the caller only; non-members and bad bodies are refused', async () => {
    const room = await create(alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'noisy',
      memberIds: [ids['bob']],
    });
    const muted = await host.call('PUT', `/conversations/${room.id}/mute`, alice, { muted: true });
    expect(muted.statusCode, muted.body).toBe(200);
    expect(muted.json()).toMatchObject({ id: room.id, membership: { muted: true } });
    const listOf = async (as: As) =>
      (
        (await host.call('GET', '/conversations', as)).json() as {
          items: Array<{ id: string; membership: { muted: boolean } }>;
        }
      ).items.find((c) => c.id === room.id);
    expect((await listOf(alice))?.membership.muted).toBe(true);
    expect((await listOf(bob))?.membership.muted).toBe(false);
    // Carol can read the public channel but is no member: nothing to mute.
    expect(
      problemOf(await host.call('PUT', `/conversations/${room.id}/mute`, carol, { muted: true })),
    ).toMatchObject({ status: 403, code: 'messaging.conversation.not_member' });
    expect(
      problemOf(await host.call('PUT', `/conversations/${room.id}/mute`, alice, { muted: 'yes' })),
    ).toMatchObject({ status: 400, type: 'application/problem+json' });
    const unmuted = await host.call('PUT', `/conversations/${room.id}/mute`, alice, {
      muted: false,
    });
    expect(unmuted.json()).toMatchObject({ membership: { muted: false } });
  });

  it('keeps a deactivated author visible and drops them from member lists', async () => {
    const ops = await create(alice, {
      kind: 'channel',
      visibility: 'private',
      name: 'ops',
      memberIds: [ids['carol']],
    });
    const said = (await send(carol, ops.id, { text: 'handing over' })).json();
    const off = await host.call('POST', `/directory/users/${ids['carol']}/deactivate`, admin);
    expect(off.statusCode).toBe(200);
    await host.projected([ids['carol'] as string], false);
    const members = (await host.call('GET', `/conversations/${ops.id}/members`, alice)).json()
      .items;
    expect(members.map((m: { userId: string }) => m.userId)).toEqual([ids['alice']]);
    const history = (await host.call('GET', `/conversations/${ops.id}/messages`, alice)).json()
      .items;
    expect(history[0]).toMatchObject({ id: said.id, sender: { username: 'carol', active: false } });
  });
});
