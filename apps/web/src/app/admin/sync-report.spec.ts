import { describe, expect, it } from 'vitest';
import { diffCounts, diffRows, orderedCounts, type ProposedChange } from './sync-report';

const user = (username: string, orgUnits: string[] = []) => ({
  username,
  displayName: username.toUpperCase(),
  orgUnits,
});

const changes: ProposedChange[] = [
  { kind: 'deactivate', id: '1', username: 'zed', reason: 'removed' },
  { kind: 'create', user: user('bob', ['Sales', 'EMEA']) },
  {
    kind: 'move',
    id: '2',
    user: user('carol', ['研发中心', '平台部']),
    from: ['Sales'],
    fields: ['orgUnits', 'title'],
  },
  { kind: 'create', user: user('alice') },
  { kind: 'update', id: '3', user: user('dave'), fields: ['email', 'displayName'] },
  { kind: 'deactivate', id: '4', username: 'eve', reason: 'disabled' },
  { kind: 'reactivate', id: '5', user: user('fay'), fields: [] },
];

describe('the dry run diff', () => {
  it('lists adds, updates, moves, reactivations, then deactivations, each by username', () => {
    expect(diffRows(changes).map((row) => [row.kind, row.username])).toEqual([
      ['create', 'alice'],
      ['create', 'bob'],
      ['update', 'dave'],
      ['move', 'carol'],
      ['reactivate', 'fay'],
      ['deactivate', 'eve'],
      ['deactivate', 'zed'],
    ]);
  });

  it('says what changes: fields, the move between departments, why someone leaves', () => {
    const rows = diffRows(changes);
    const row = (username: string) => rows.find((r) => r.username === username);
    expect(row('bob')).toMatchObject({ displayName: 'BOB', to: 'Sales › EMEA', from: null });
    expect(row('alice')).toMatchObject({ to: null }); // no department
    expect(row('carol')).toMatchObject({
      from: 'Sales',
      to: '研发中心 › 平台部',
      fields: ['title'],
    });
    expect(row('dave')).toMatchObject({ fields: ['email', 'displayName'], from: null, to: null });
    expect(row('eve')).toMatchObject({ reason: 'disabled', displayName: null });
    expect(row('zed')).toMatchObject({ reason: 'removed' });
  });

  it('counts every kind, zeros included', () => {
    expect(diffCounts(changes)).toEqual([
      ['create', 2],
      ['update', 1],
      ['move', 1],
      ['reactivate', 1],
      ['deactivate', 2],
    ]);
    expect(diffCounts([]).every(([, n]) => n === 0)).toBe(true);
  });
});

describe('a run report’s counts', () => {
  it('come in reading order, with counts this client does not know at the end', () => {
    expect(
      orderedCounts({ unchanged: 5, zNew: 1, failed: 0, created: 3, aNew: 2, orgUnitsCreated: 4 }),
    ).toEqual([
      ['created', 3],
      ['unchanged', 5],
      ['failed', 0],
      ['orgUnitsCreated', 4],
      ['aNew', 2],
      ['zNew', 1],
    ]);
  });
});
