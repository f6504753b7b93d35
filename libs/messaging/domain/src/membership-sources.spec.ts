import { describe, expect, it } from 'vitest';
import type { ConversationFacts } from './conversation';
import type { Decision } from './decision';
import {
  departmentKey,
  departmentKeysWithin,
  isWithin,
  mayMapMembership,
  reconcile,
} from './membership-sources';

const code = (d: Decision) => (d.ok ? 'ok' : d.code);
const pub: ConversationFacts = { kind: 'channel', visibility: 'public', archived: false };

describe('mapping a channel to the directory', () => {
  it('is for moderators, on channels that are not archived', () => {
    expect(code(mayMapMembership(pub, { role: 'owner', moderator: false }))).toBe(
      'messaging.role.insufficient',
    );
    expect(code(mayMapMembership(pub, { role: null, moderator: true }))).toBe('ok');
    expect(
      code(mayMapMembership({ ...pub, kind: 'group' }, { role: 'member', moderator: true })),
    ).toBe('messaging.conversation.not_a_channel');
    expect(
      code(mayMapMembership({ ...pub, archived: true }, { role: null, moderator: true })),
    ).toBe('messaging.conversation.archived');
  });
});

describe('department paths', () => {
  it('matches a subtree by whole names, never by a name prefix', () => {
    expect(isWithin(['研发中心', '平台部', '存储组'], ['研发中心', '平台部'])).toBe(true);
    expect(isWithin(['研发中心', '平台部'], ['研发中心', '平台部'])).toBe(true);
    expect(isWithin(['研发中心'], ['研发中心', '平台部'])).toBe(false);
    expect(isWithin(['Sales Ops'], ['Sales'])).toBe(false);
    expect(isWithin(['Sales'], [])).toBe(false);
  });

  it('keys paths so that a descendant key starts with its ancestor key, and only then', () => {
    const sales = departmentKey(['Sales']);
    expect(departmentKey(['Sales', 'East']).startsWith(sales)).toBe(true);
    expect(departmentKey(['Sales Ops']).startsWith(sales)).toBe(false);
    // A "/" inside a name cannot fake a level.
    expect(departmentKey(['A/B'])).not.toBe(departmentKey(['A', 'B']));
    expect(departmentKeysWithin(['A', 'B', 'C'])).toEqual([
      departmentKey(['A']),
      departmentKey(['A', 'B']),
      departmentKey(['A', 'B', 'C']),
    ]);
  });
});

describe('reconcile', () => {
  it('adds wanted people, removes unwanted plain members the directory knows, nobody else', () => {
    const change = reconcile(
      [
        { userId: 'owner', role: 'owner', status: 'active' },
        { userId: 'admin', role: 'admin', status: 'active' },
        { userId: 'stays', role: 'member', status: 'active' },
        { userId: 'goes', role: 'member', status: 'active' },
        { userId: 'away', role: 'member', status: 'deactivated' },
        { userId: 'bot', role: 'member', status: 'active' },
      ],
      new Set(['stays', 'new', 'away']),
      new Set(['owner', 'admin', 'stays', 'goes', 'away', 'new']),
    );
    expect(change).toEqual({ add: ['new'], remove: ['goes'] });
  });

  it('empties a channel down to its owners and admins when its source is empty', () => {
    const change = reconcile(
      [
        { userId: 'owner', role: 'owner', status: 'active' },
        { userId: 'm1', role: 'member', status: 'active' },
        { userId: 'm2', role: 'member', status: 'deactivated' },
      ],
      new Set(),
      new Set(['owner', 'm1', 'm2']),
    );
    expect(change).toEqual({ add: [], remove: ['m1', 'm2'] });
  });
});
