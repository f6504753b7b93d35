import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

const admin: As = { username: 'root', roles: ['admin'] };
const alice: As = { username: 'alice' };

interface Message {
  id: string;
  kind: string;
  text: string;
  deleted: boolean;
  editedAt: string | null;
  threadRootId: string | null;
  card: unknown;
  cardVersion: number;
  files: Array<{ id: string; name: string }>;
  sender: { id: string; kind: string; username: string | null; displayName: string | null };
}

/**
 * A bot connector end to end through the real host: an admin creates a bot and a token; with
 * it the bot looks people up, opens conversations, adds a member, posts, edits, deletes,
 * uploads a file and posts it, and speaks Slack's chat.postMessage — always as itself. A token
 * scoped without messaging.write cannot post at all.
 */
describe.each(databaseFlavours)('bot connectors on %s', (flavour) => {
  let db: TestDatabase;
  const host = new MessagingTestHost();
  const filesDir = mkdtempSync(join(tmpdir(), 'tidings-bot-files-'));
  const ids: Record<string, string> = {};
  let botId: string;
  let bot: As;
  let channelId: string;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({ DATABASE_URL: db.url, FILES_DIR: filesDir });
    for (const [username, email, employeeNumber] of [
      ['alice', 'Alice.Wang@Example.com', 'E-1001'],
      ['bob', 'bob.li@example.com', 'E-1002'],
    ] as const) {
      const person = await host.call('POST', '/directory/users', admin, {
        username,
        displayName: username.toUpperCase(),
        email,
        employeeNumber,
      });
      expect(person.statusCode, person.body).toBe(201);
      ids[username] = (person.json() as { id: string }).id;
    }
    await host.projected(Object.values(ids));

    const created = await host.call('POST', '/bots', admin, {
      username: 'oa-bot',
      displayName: 'OA System',
    });
    expect(created.statusCode, created.body).toBe(201);
    botId = (created.json() as { id: string }).id;
    const token = await host.call('POST', `/bots/${botId}/tokens`, admin, {});
    expect(token.statusCode, token.body).toBe(201);
    expect(token.json()).toMatchObject({
      scopes: ['connectors.use', 'directory.read', 'messaging.read', 'messaging.write'],
    });
    bot = { username: 'oa-bot', bearer: (token.json() as { token: string }).token };
    // Messaging learns the bot from identity's event: its name on its messages.
    await host.projected([botId]);
  });

  afterAll(async () => {
    await host.stop();
    await db?.drop();
    rmSync(filesDir, { recursive: true, force: true });
  });

  const history = async (conversationId: string, as: As = alice) => {
    const response = await host.call('GET', `/conversations/${conversationId}/messages`, as);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: Message[] }).items.filter((m) => m.kind !== 'system');
  };

  /** Slack's Web API call: the token in the Authorization header, JSON arguments. */
  const slack = (body: unknown, bearer: string | null | undefined = bot.bearer) =>
    host.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/api/v1/connect/chat.postMessage',
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          'content-type': 'application/json; charset=utf-8',
        },
        payload: JSON.stringify(body),
      });

  const upload = (as: As, conversationId: string, name: string, content: string) => {
    const boundary = 'bot-connector-boundary';
    return host.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/api/v1/files',
        headers: {
          authorization: `Bearer ${as.bearer}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: [
          `--${boundary}`,
          'Content-Disposition: form-data; name="conversationId"',
          '',
          conversationId,
          `--${boundary}`,
          `Content-Disposition: form-data; name="file"; filename="${name}"`,
          'Content-Type: text/plain',
          '',
          content,
          `--${boundary}--`,
          '',
        ].join('\r\n'),
      });
  };

  it('refuses a token scope the bot role does not grant, naming it (422)', async () => {
    const refused = await host.call('POST', `/bots/${botId}/tokens`, admin, {
      scopes: ['messaging.write', 'messaging.manage'],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'identity.token.scope_invalid',
      scope: 'messaging.manage',
      errors: [{ path: 'body.scopes.1' }],
    });
    const empty = await host.call('POST', `/bots/${botId}/tokens`, admin, { scopes: [] });
    expect(empty.json()).toMatchObject({ status: 400, errors: [{ path: 'body.scopes' }] });
  });

  it('looks people up by e-mail and by employee number', async () => {
    const byEmail = await host.call(
      'GET',
      '/directory/people/lookup?email=alice.wang@example.COM',
      bot,
    );
    expect(byEmail.statusCode, byEmail.body).toBe(200);
    expect(byEmail.json()).toMatchObject({ id: ids['alice'], username: 'alice', status: 'active' });
    const byNumber = await host.call('GET', '/directory/people/lookup?employeeNumber=E-1002', bot);
    expect(byNumber.json()).toMatchObject({ id: ids['bob'], email: 'bob.li@example.com' });
    // Two people holding one number is the directory's mistake: said, not guessed.
    for (const username of ['dup1', 'dup2'])
      await host.call('POST', '/directory/users', admin, {
        username,
        displayName: username,
        employeeNumber: 'E-2000',
      });
    const twice = await host.call('GET', '/directory/people/lookup?employeeNumber=E-2000', bot);
    expect(twice.json()).toMatchObject({ status: 409, code: 'directory.user.ambiguous' });
    const nobody = await host.call('GET', '/directory/people/lookup?employeeNumber=E-9', bot);
    expect(nobody.statusCode).toBe(404);
    expect(nobody.json()).toMatchObject({ code: 'directory.user.not_found' });
    for (const query of ['', '?email=a@example.com&employeeNumber=E-1001'])
      expect((await host.call('GET', `/directory/people/lookup${query}`, bot)).statusCode).toBe(
        400,
      );
  });

  it('creates a channel, adds a member, posts, edits and deletes its own message', async () => {
    const channel = await host.call('POST', '/conversations', bot, {
      kind: 'channel',
      visibility: 'private',
      name: 'leave-requests',
    });
    expect(channel.statusCode, channel.body).toBe(201);
    channelId = (channel.json() as { id: string }).id;
    expect(channel.json()).toMatchObject({ createdBy: botId, membership: { role: 'owner' } });
    const added = await host.call('POST', `/conversations/${channelId}/members`, bot, {
      userIds: [ids['alice']],
    });
    expect(added.statusCode, added.body).toBeLessThan(300);

    const sent = await host.call('POST', `/conversations/${channelId}/messages`, bot, {
      text: 'Leave request #42 from **BOB**',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const message = sent.json() as Message;
    expect(message.sender).toMatchObject({ id: botId, kind: 'bot', displayName: 'OA System' });
    const edited = await host.call('PATCH', `/messages/${message.id}`, bot, {
      text: 'Leave request #42 from **BOB** (3 days)',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ text: 'Leave request #42 from **BOB** (3 days)' });

    // Never someone else's: not their message, and no sender field to fill in.
    const hers = await host.call('POST', `/conversations/${channelId}/messages`, alice, {
      text: 'thanks',
    });
    const notTheirs = await host.call('PATCH', `/messages/${hers.json().id}`, bot, { text: 'x' });
    expect(notTheirs.json()).toMatchObject({ status: 403, code: 'messaging.message.not_author' });
    const forged = await host.call('POST', `/conversations/${channelId}/messages`, bot, {
      text: 'I am alice',
      senderId: ids['alice'],
    });
    expect(forged.statusCode).toBe(400);

    const deleted = await host.call('DELETE', `/messages/${message.id}`, bot);
    expect(deleted.json()).toMatchObject({ deleted: true, text: '' });
    const seen = await history(channelId);
    expect(seen.map((m) => [m.sender.kind, m.deleted])).toEqual([
      ['bot', true],
      ['user', false],
    ]);
  });

  it('opens direct and group conversations with people it looked up', async () => {
    const direct = await host.call('POST', '/conversations', bot, {
      kind: 'direct',
      userId: ids['bob'],
    });
    expect(direct.statusCode, direct.body).toBe(201);
    const group = await host.call('POST', '/conversations', bot, {
      kind: 'group',
      userIds: [ids['alice'], ids['bob']],
    });
    expect(group.statusCode, group.body).toBe(201);
    const { id } = direct.json() as { id: string };
    await host.call('POST', `/conversations/${id}/messages`, bot, {
      text: 'Your payslip is ready',
    });
    const [dm] = await history(id, { username: 'bob' });
    expect(dm?.sender).toMatchObject({ id: botId, kind: 'bot', displayName: 'OA System' });
  });

  it('uploads a file and posts it; members download the same bytes', async () => {
    const uploaded = await upload(bot, channelId, 'leave-policy.txt', 'Annual leave: 15 days');
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const file = uploaded.json() as { id: string; uploaderId: string };
    expect(file.uploaderId).toBe(botId);
    const sent = await host.call('POST', `/conversations/${channelId}/messages`, bot, {
      text: 'The policy',
      fileIds: [file.id],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect((sent.json() as Message).files).toMatchObject([
      { id: file.id, name: 'leave-policy.txt' },
    ]);
    const download = await host.call('GET', `/files/${file.id}`, alice);
    expect(download.body).toBe('Annual leave: 15 days');
  });

  it('answers Slack chat.postMessage with Block Kit blocks, by channel id or name', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Leave request approved' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Employee:*\nBOB' },
          { type: 'mrkdwn', text: '*Days:*\n3' },
        ],
      },
    ];
    const posted = await slack({ channel: channelId, text: 'Leave approved', blocks });
    expect(posted.statusCode, posted.body).toBe(200);
    const answer = posted.json() as { ok: boolean; channel: string; ts: string; message: unknown };
    expect(answer).toMatchObject({
      ok: true,
      channel: channelId,
      message: {
        type: 'message',
        subtype: 'bot_message',
        bot_id: botId,
        username: 'OA System',
        card: { title: 'Leave request approved' },
      },
    });
    // A reply by name, with Slack's `username` ignored: a bot never posts as someone else.
    const reply = await slack({
      channel: '#leave-requests',
      text: 'Booked in the *HR system*',
      thread_ts: answer.ts,
      username: 'alice',
      as_user: true,
    });
    expect(reply.json()).toMatchObject({ ok: true, message: { thread_ts: answer.ts } });

    const posts = (await history(channelId)).filter((m) => m.id === answer.ts);
    expect(posts).toHaveLength(1);
    // The blocks became a card; the text sums it up for notifications and search.
    expect(posts[0]).toMatchObject({
      kind: 'bot',
      sender: { id: botId, kind: 'bot' },
      text: 'Leave request approved',
      card: {
        title: 'Leave request approved',
        fields: [
          { title: 'Employee', value: 'BOB' },
          { title: 'Days', value: '3' },
        ],
      },
      cardVersion: 1,
    });
    const thread = await host.call('GET', `/messages/${answer.ts}/thread`, alice);
    expect(thread.statusCode, thread.body).toBe(200);
    expect((thread.json() as { items: Message[] }).items).toMatchObject([
      { text: 'Booked in the **HR system**', sender: { id: botId, kind: 'bot' } },
    ]);
  });

  it('answers Slack-shaped errors with honest HTTP statuses', async () => {
    const hers = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'general',
    });
    const outside = (hers.json() as { id: string }).id;
    const cases: Array<[unknown, string | null | undefined, number, string]> = [
      [{ channel: 'no-such-channel', text: 'hi' }, bot.bearer, 404, 'channel_not_found'],
      [{ channel: outside, text: 'hi' }, bot.bearer, 403, 'not_in_channel'],
      [{ channel: channelId }, bot.bearer, 422, 'no_text'],
      [{ channel: channelId, text: 'x', thread_ts: outside }, bot.bearer, 422, 'thread_not_found'],
      [
        { channel: channelId, blocks: [{ type: 'section', text: 7 }] },
        bot.bearer,
        400,
        'invalid_blocks',
      ],
      [{ channel: channelId, text: 'hi' }, null, 401, 'not_authed'],
      [
        { channel: channelId, text: 'hi' },
        'tdg_AAAAAAAAAAAA_' + 'x'.repeat(43),
        401,
        'invalid_auth',
      ],
    ];
    for (const [body, bearer, status, error] of cases) {
      const response = await slack(body, bearer);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json()).toMatchObject({ ok: false, error });
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('keeps a token without messaging.write from posting anywhere (403)', async () => {
    const scoped = await host.call('POST', `/bots/${botId}/tokens`, admin, {
      scopes: ['connectors.use', 'messaging.read', 'directory.read'],
    });
    expect(scoped.json()).toMatchObject({
      scopes: ['connectors.use', 'directory.read', 'messaging.read'],
    });
    const listed = await host.call('GET', `/bots/${botId}/tokens`, admin);
    expect((listed.json() as { items: unknown[] }).items).toContainEqual(
      expect.objectContaining({
        id: scoped.json().id,
        scopes: ['connectors.use', 'directory.read', 'messaging.read'],
      }),
    );
    const reader: As = { username: 'oa-bot', bearer: (scoped.json() as { token: string }).token };
    const before = (await history(channelId)).length;
    const refused = await host.call('POST', `/conversations/${channelId}/messages`, reader, {
      text: 'hi',
    });
    expect(refused.json()).toMatchObject({ status: 403, code: 'auth.forbidden' });
    expect(await upload(reader, channelId, 'x.txt', 'x').then((r) => r.statusCode)).toBe(403);
    const viaSlack = await slack({ channel: channelId, text: 'hi' }, reader.bearer);
    expect(viaSlack.statusCode).toBe(403);
    expect(viaSlack.json()).toMatchObject({ ok: false, error: 'missing_scope' });
    // It may still read, as scoped.
    expect(
      (await host.call('GET', `/conversations/${channelId}/messages`, reader)).statusCode,
    ).toBe(200);
    expect((await history(channelId)).length).toBe(before);
  });

  it('shows every message the bot posted as sent by the bot, under its name', async () => {
    const mine = (await history(channelId)).filter((m) => m.sender.id === botId);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    for (const m of mine)
      expect(m).toMatchObject({
        kind: 'bot',
        sender: { kind: 'bot', username: 'bot:oa-bot', displayName: 'OA System' },
      });
  });
});
