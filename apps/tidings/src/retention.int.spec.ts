import { randomBytes } from 'node:crypto';
import { RetentionClock } from '@tidings/audit/feature';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

const DAY = 86_400_000;
const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
const officer: As = { username: 'officer', roles: ['compliance'] };

interface Message {
  id: string;
  seq: number;
  text: string;
  deleted: boolean;
  purged: boolean;
}
interface Policy {
  id: string;
  scope: Record<string, string>;
  deleteContentAfterDays: number;
  createdBy: string;
}
interface Hold {
  id: string;
  target: Record<string, string>;
  reason: string;
}
interface Record_ {
  seq: number;
  type: string;
  actor: { kind: string; id: string } | null;
  conversationId: string | null;
  subjectIds: string[];
  data: Record<string, unknown>;
}

/**
 * Retention and legal hold through the real host (docs/compliance.md "Retention and legal
 * hold"): the compliance API, the run on a clock the test moves (no waiting), messaging's
 * purge seen in history and search, and every change and purge in the audit trail.
 */
describe.each(databaseFlavours)('retention and legal hold on %s', (flavour) => {
  let db: TestDatabase;
  const host = new MessagingTestHost();
  const ids: Record<string, string> = {};
  const conversations: Record<string, string> = {};
  const sent: Record<string, string> = {};
  /** Each sent message's conversation. */
  const where: Record<string, string> = {};
  /** Real time at the start: messages are sent "now"; the retention clock moves from here. */
  const start = Date.now();
  const at = (days: number) => host.app.get(RetentionClock).use(() => start + days * DAY);

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({
      DATABASE_URL: db.url,
      RETENTION_INTERVAL_MINUTES: '0',
      ...(flavour === 'postgres' ? { TIDINGS_SECRET_KEY: randomBytes(32).toString('base64') } : {}),
    });
    for (const name of ['alice', 'bob', 'carol']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
    const create = async (body: Record<string, unknown>) => {
      const response = await host.call('POST', '/conversations', alice, body);
      expect(response.statusCode, response.body).toBe(201);
      return (response.json() as { id: string }).id;
    };
    const channel = (name: string) =>
      create({ kind: 'channel', visibility: 'public', name, memberIds: [ids['bob']] });
    conversations['general'] = await channel('general');
    conversations['legal'] = await channel('legal');
    conversations['held'] = await channel('held');
    conversations['group'] = await create({ kind: 'group', userIds: [ids['bob'], ids['carol']] });
    const post = async (key: string, as: As, conversation: string, text: string) => {
      const response = await host.call('POST', `/conversations/${conversation}/messages`, as, {
        text,
      });
      expect(response.statusCode, response.body).toBe(201);
      sent[key] = (response.json() as { id: string }).id;
      where[key] = conversation;
    };
    await post('alpha', alice, conversations['general'], 'budget alpha');
    await post('bravo', bob, conversations['general'], 'budget bravo');
    await post('charlie', alice, conversations['legal'], 'budget charlie');
    await post('delta', alice, conversations['held'], 'budget delta');
    await post('echo', alice, conversations['group'], 'budget echo');
  });

  afterAll(async () => {
    await host.stop();
    await db?.drop();
  });

  const ok = async <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => {
    const response = await host.call(method, url, officer, body);
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return (response.body ? response.json() : undefined) as T;
  };
  const run = () => ok<{ purged: number }>('POST', '/compliance/retention/run');
  /** A message as history shows it. */
  const message = async (key: string) => {
    const response = await host.call('GET', `/conversations/${where[key]}/messages`, alice);
    expect(response.statusCode, response.body).toBe(200);
    const item = (response.json() as { items: Message[] }).items.find((m) => m.id === sent[key]);
    expect(item, key).toBeDefined();
    return item as Message;
  };
  const found = async (q: string) => {
    const response = await host.call('GET', `/search?${new URLSearchParams({ q })}`, alice);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: Array<{ messageId: string }> }).items
      .map((i) => Object.entries(sent).find(([, id]) => id === i.messageId)?.[0])
      .sort();
  };
  /** The trail's records of these types — waiting for those the bus still carries. */
  const trail = async (types: string[], until: (records: Record_[]) => boolean = () => true) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const page = await ok<{ items: Record_[] }>(
        'GET',
        `/audit/records?${new URLSearchParams({ types: types.join(','), limit: '200' })}`,
      );
      if (until(page.items)) return page.items;
      if (Date.now() > deadline) throw new Error(`the trail never showed ${types.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('answers 403 on every retention route to everyone but compliance', async () => {
    const routes: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string, unknown?]> = [
      ['GET', '/compliance/retention-policies'],
      ['GET', '/compliance/retention-policies/x'],
      [
        'PUT',
        '/compliance/retention-policies',
        { scope: { conversationKind: 'channel' }, deleteContentAfterDays: 1 },
      ],
      ['PUT', '/compliance/retention-policies/x', { deleteContentAfterDays: 1 }],
      ['DELETE', '/compliance/retention-policies/x'],
      ['GET', '/compliance/legal-holds'],
      ['GET', '/compliance/legal-holds/x'],
      ['POST', '/compliance/legal-holds', { target: { userId: 'u' }, reason: 'r' }],
      ['DELETE', '/compliance/legal-holds/x'],
      ['POST', '/compliance/retention/run'],
    ];
    for (const roles of [['user'], ['admin'], ['integration'], ['user', 'admin']])
      for (const [method, url, body] of routes) {
        const response = await host.call(method, url, { username: 'mallory', roles }, body);
        expect(response.statusCode, `${roles.join('+')} ${method} ${url}`).toBe(403);
        expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
      }
    // Nothing happened: no policy, no hold.
    expect(await ok('GET', '/compliance/retention-policies')).toEqual({ items: [] });
    expect(await ok('GET', '/compliance/legal-holds')).toEqual({ items: [] });
  });

  it('refuses a bad policy or hold with problem+json naming the field', async () => {
    const bad = async (method: 'PUT' | 'POST', url: string, body: unknown, path: string) => {
      const response = await host.call(method, url, officer, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
      const issues = (response.json() as { errors: Array<{ path: string }> }).errors;
      expect(issues.map((i) => i.path)).toContain(path);
    };
    const scope = { conversationKind: 'channel' };
    await bad(
      'PUT',
      '/compliance/retention-policies',
      { scope, deleteContentAfterDays: 0 },
      'body.deleteContentAfterDays',
    );
    await bad(
      'PUT',
      '/compliance/retention-policies',
      { scope, deleteContentAfterDays: 3651 },
      'body.deleteContentAfterDays',
    );
    await bad(
      'PUT',
      '/compliance/retention-policies',
      { scope: { conversationKind: 'forum' }, deleteContentAfterDays: 5 },
      'body.scope',
    );
    await bad(
      'POST',
      '/compliance/legal-holds',
      { target: { userId: ids['bob'] }, reason: ' ' },
      'body.reason',
    );
    await bad('POST', '/compliance/legal-holds', { target: {}, reason: 'case 7' }, 'body.target');
    const missing = await host.call('GET', '/compliance/retention-policies/nope', officer);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'audit.not_found' });
  });

  it('purges past its age except under hold, the conversation’s policy beating the kind’s', async () => {
    const kind = await ok<Policy>('PUT', '/compliance/retention-policies', {
      scope: { conversationKind: 'channel' },
      deleteContentAfterDays: 45,
    });
    // The scope has its policy: a second PUT changes its period, keeping it.
    const again = await ok<Policy>('PUT', '/compliance/retention-policies', {
      scope: { conversationKind: 'channel' },
      deleteContentAfterDays: 30,
    });
    expect(again).toMatchObject({ id: kind.id, deleteContentAfterDays: 30 });
    const legal = await ok<Policy>('PUT', '/compliance/retention-policies', {
      scope: { conversationId: conversations['legal'] },
      deleteContentAfterDays: 90,
    });
    expect(
      await ok<Policy>('PUT', `/compliance/retention-policies/${legal.id}`, {
        deleteContentAfterDays: 60,
      }),
    ).toMatchObject({
      id: legal.id,
      scope: { conversationId: conversations['legal'] },
      deleteContentAfterDays: 60,
    });
    expect(await ok<{ items: Policy[] }>('GET', '/compliance/retention-policies')).toMatchObject({
      items: [
        { id: kind.id, scope: { conversationKind: 'channel' }, deleteContentAfterDays: 30 },
        { id: legal.id, deleteContentAfterDays: 60 },
      ],
    });
    const onBob = await ok<Hold>('POST', '/compliance/legal-holds', {
      target: { userId: ids['bob'] },
      reason: 'case 7: litigation',
    });
    const onHeld = await ok<Hold>('POST', '/compliance/legal-holds', {
      target: { conversationId: conversations['held'] },
      reason: 'case 8',
    });
    expect(await ok(`GET`, `/compliance/legal-holds/${onBob.id}`)).toMatchObject({
      target: { userId: ids['bob'] },
      reason: 'case 7: litigation',
    });

    // Within every age: nothing goes.
    at(29);
    expect(await run()).toEqual({ purged: 0 });
    expect(await found('budget')).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);

    // 40 days on: #general's 30 days are past — but bob is held; #legal keeps 60 days; #held is
    // held; the group has no policy.
    at(40);
    expect(await run()).toEqual({ purged: 1 });
    expect(await message('alpha')).toMatchObject({ text: '', deleted: true, purged: true });
    expect(await message('bravo')).toMatchObject({ text: 'budget bravo', purged: false });
    expect(await found('budget')).toEqual(['bravo', 'charlie', 'delta', 'echo']);
    // History shows the tombstone in its place.
    const history = await host.call(
      'GET',
      `/conversations/${conversations['general']}/messages`,
      alice,
    );
    expect(
      (history.json() as { items: Message[] }).items
        .filter((m) => m.id === sent['alpha'] || m.id === sent['bravo'])
        .map((m) => [m.text, m.deleted, m.purged]),
    ).toEqual([
      ['', true, true],
      ['budget bravo', false, false],
    ]);

    // The hold on bob released: his message goes at the next run.
    await ok('DELETE', `/compliance/legal-holds/${onBob.id}`);
    expect(await run()).toEqual({ purged: 1 });
    expect(await message('bravo')).toMatchObject({ text: '', purged: true });

    // 61 days on, #legal's own 60 days are past too; #held stays held.
    at(61);
    expect(await run()).toEqual({ purged: 1 });
    expect(await message('charlie')).toMatchObject({ text: '', purged: true });
    expect(await message('delta')).toMatchObject({ text: 'budget delta', purged: false });
    expect(await found('budget')).toEqual(['delta', 'echo']);

    // Released, the conversation's content is purged like any channel's.
    await ok('DELETE', `/compliance/legal-holds/${onHeld.id}`);
    expect(await run()).toEqual({ purged: 1 });
    expect(await found('budget')).toEqual(['echo']);

    await ok('DELETE', `/compliance/retention-policies/${legal.id}`);
    expect(
      (await host.call('GET', `/compliance/retention-policies/${legal.id}`, officer)).statusCode,
    ).toBe(404);
  });

  it('leaves every change and every purge in the audit trail', async () => {
    const purged = await trail(['messaging.message.purged'], (r) => r.length === 4);
    expect(purged.map((r) => r.data['messageId']).sort()).toEqual(
      [sent['alpha'], sent['bravo'], sent['charlie'], sent['delta']].sort(),
    );
    const policies = await ok<{ items: Policy[] }>('GET', '/compliance/retention-policies');
    const [kind] = policies.items;
    expect(purged.find((r) => r.data['messageId'] === sent['alpha'])).toMatchObject({
      actor: { kind: 'system', id: 'audit.retention' },
      conversationId: conversations['general'],
      data: { reason: 'retention', policyId: kind!.id },
    });

    const applied = await trail(['retention.applied']);
    // Five runs, each applying both policies (#legal's was deleted after the last), oldest first.
    expect(applied).toHaveLength(10);
    const officerId = kind!.createdBy;
    expect(applied.every((r) => r.actor?.id === officerId && r.actor.kind === 'user')).toBe(true);
    expect(applied.map((r) => r.data['purged'])).toEqual([0, 0, 1, 0, 1, 0, 0, 1, 1, 0]);
    expect(applied[2]).toMatchObject({
      data: {
        policy: {
          id: kind!.id,
          scope: { conversationKind: 'channel' },
          deleteContentAfterDays: 30,
        },
        cutoff: new Date(start + 10 * DAY).toISOString(),
        purged: 1,
        exceptSenders: [ids['bob']],
        exceptConversations: [conversations['held'], conversations['legal']].sort(),
      },
    });

    const changes = await trail(['retention.policy.changed', 'legal_hold.changed']);
    expect(changes.map((r) => [r.type, r.data['action']])).toEqual([
      ['retention.policy.changed', 'created'],
      ['retention.policy.changed', 'updated'],
      ['retention.policy.changed', 'created'],
      ['retention.policy.changed', 'updated'],
      ['legal_hold.changed', 'placed'],
      ['legal_hold.changed', 'placed'],
      ['legal_hold.changed', 'released'],
      ['legal_hold.changed', 'released'],
      ['retention.policy.changed', 'deleted'],
    ]);
    expect(changes[1]).toMatchObject({
      actor: { id: officerId },
      data: { policy: { deleteContentAfterDays: 30 }, previous: { deleteContentAfterDays: 45 } },
    });
    // A hold on a person concerns them: the users filter finds it.
    expect(changes[4]).toMatchObject({
      subjectIds: [officerId, ids['bob']],
      data: { hold: { target: { userId: ids['bob'] }, reason: 'case 7: litigation' } },
    });
    expect(changes[5]).toMatchObject({ conversationId: conversations['held'] });
  });
});
