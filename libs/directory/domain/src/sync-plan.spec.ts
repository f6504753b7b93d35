import { describe, expect, it } from 'vitest';
import {
  planFullSync,
  planSync,
  SyncRefusedError,
  type IncomingUser,
  type KnownUser,
} from './sync-plan';

const safety = { maxDeactivationShare: 0.1, confirmed: false };

function person(n: number, over: Partial<IncomingUser> = {}): IncomingUser {
  return {
    externalId: `ext-${n}`,
    dn: `uid=u${n},ou=Sales,dc=x`,
    username: `u${n}`,
    displayName: `User ${n}`,
    email: `u${n}@x`,
    phone: null,
    title: null,
    employeeNumber: String(n),
    department: null,
    locale: null,
    avatarSha256: null,
    orgUnits: ['Sales'],
    disabled: false,
    ...over,
  };
}

function known(n: number, over: Partial<KnownUser> = {}): KnownUser {
  const { disabled: _disabled, ...mirrored } = person(n);
  return { ...mirrored, id: `id-${n}`, active: true, ...over };
}

/** n = 1 … count */
const range = (count: number) => Array.from({ length: count }, (_, i) => i + 1);
const knownPeople = (count: number) => range(count).map((n) => known(n));
const incomingPeople = (count: number) => range(count).map((n) => person(n));

describe('planFullSync', () => {
  it('creates new people and leaves identical ones alone', () => {
    const plan = planFullSync([known(1)], [person(1), person(2)], safety);
    expect(plan.counts).toMatchObject({ create: 1, unchanged: 1, update: 0, deactivate: 0 });
    expect(plan.changes).toEqual([{ kind: 'create', user: person(2) }]);
  });

  it('treats a rename as an update and a move as a move — matched by external id, not DN', () => {
    const renamed = person(1, {
      username: 'u1-new',
      dn: 'uid=u1-new,ou=Sales,dc=x',
      displayName: 'Renamed',
    });
    const moved = person(2, { dn: 'uid=u2,ou=EMEA,ou=Sales,dc=x', orgUnits: ['Sales', 'EMEA'] });
    const incoming = [renamed, moved, ...incomingPeople(20).slice(2)];
    const plan = planFullSync(knownPeople(20), incoming, safety);
    expect(plan.changes).toEqual([
      { kind: 'update', id: 'id-1', user: renamed, fields: ['username', 'displayName', 'dn'] },
      { kind: 'move', id: 'id-2', user: moved, from: ['Sales'], fields: ['dn', 'orgUnits'] },
    ]);
    expect(plan.counts).toMatchObject({ create: 0, deactivate: 0, unchanged: 18 });
  });

  it('deactivates the removed and the disabled, reactivates the re-enabled — never deletes', () => {
    const current = [...knownPeople(20), known(21, { active: false })];
    const incoming = [
      person(1, { disabled: true }),
      ...incomingPeople(20)
        .slice(1)
        .filter((u) => u.externalId !== 'ext-3'),
      person(21),
    ];
    const plan = planFullSync(current, incoming, safety);
    expect(plan.changes).toEqual(
      expect.arrayContaining([
        { kind: 'deactivate', id: 'id-1', username: 'u1', reason: 'disabled' },
        { kind: 'deactivate', id: 'id-3', username: 'u3', reason: 'removed' },
        { kind: 'reactivate', id: 'id-21', user: person(21), fields: [] },
      ]),
    );
    expect(plan.changes).toHaveLength(3);
  });

  it('does not create a user that arrives already disabled, nor re-deactivate an inactive one', () => {
    const plan = planFullSync(
      [known(1, { active: false })],
      [person(1, { disabled: true }), person(2, { disabled: true })],
      safety,
    );
    expect(plan.changes).toEqual([]);
    expect(plan.counts.unchanged).toBe(1);
  });

  it('refuses an empty source instead of deactivating everyone', () => {
    expect(() => planFullSync(knownPeople(5), [], { ...safety, confirmed: true })).toThrowError(
      expect.objectContaining({ code: 'directory.sync.empty_source' }),
    );
    expect(planFullSync([], [], safety).changes).toEqual([]);
  });

  it('trips the circuit breaker on a mass removal unless confirmed', () => {
    const current = knownPeople(100);
    const incoming = incomingPeople(80); // 20% gone
    try {
      planFullSync(current, incoming, safety);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SyncRefusedError);
      expect((error as SyncRefusedError).details).toEqual({
        deactivate: 20,
        active: 100,
        limit: 10,
      });
    }
    expect(planFullSync(current, incoming, { ...safety, confirmed: true }).counts.deactivate).toBe(
      20,
    );
    expect(
      planFullSync(
        current,
        current.slice(0, 91).map((_, i) => person(i + 1)),
        safety,
      ).counts.deactivate,
    ).toBe(9);
  });

  it('gives a deleted and re-added person their old account back (same username, new id)', () => {
    const readded = person(2, { externalId: 'ext-2-new' });
    const incoming = [person(1), readded, ...incomingPeople(20).slice(2)];
    const plan = planFullSync(knownPeople(20), incoming, safety);
    expect(plan.changes).toEqual([
      { kind: 'update', id: 'id-2', user: readded, fields: ['externalId'] },
    ]);
    const wasDeactivated = [known(1), known(2, { active: false }), ...knownPeople(20).slice(2)];
    expect(planFullSync(wasDeactivated, incoming, safety).changes).toEqual([
      { kind: 'reactivate', id: 'id-2', user: readded, fields: ['externalId'] },
    ]);
  });

  it('notices a new avatar and a new preferred language by their values', () => {
    const changed = person(1, { avatarSha256: 'ab'.repeat(32), locale: 'zh-CN' });
    const plan = planFullSync([known(1)], [changed], safety);
    expect(plan.changes).toEqual([
      { kind: 'update', id: 'id-1', user: changed, fields: ['locale', 'avatarSha256'] },
    ]);
  });

  it('reports a username clash as a failure with the DN and changes neither user', () => {
    const clash = person(3, { username: 'U1', dn: 'uid=U1,ou=Sales,dc=x' });
    const plan = planFullSync(
      knownPeople(3),
      [person(1), person(2), clash, person(4, { username: 'u2' })],
      safety,
    );
    expect(plan.changes).toEqual([]);
    expect(plan.failures.map((f) => f.dn)).toEqual([
      'uid=U1,ou=Sales,dc=x',
      'uid=u4,ou=Sales,dc=x',
    ]);
    expect(plan.counts).toMatchObject({ failed: 2, deactivate: 0, unchanged: 2 });
  });

  it('never deactivates a user whose entry could not be read', () => {
    const plan = planSync(
      knownPeople(3),
      {
        incoming: [person(1), person(2)],
        unreadable: [{ dn: 'uid=u3,ou=Sales,dc=x', message: 'has no uid' }],
        unreadableIds: new Set(['ext-3']),
      },
      safety,
    );
    expect(plan.changes).toEqual([]);
    expect(plan.counts).toMatchObject({ failed: 1, unchanged: 2, deactivate: 0 });
  });
});

describe('planSync for a delta run', () => {
  const everyone = (count: number) => new Set(range(count).map((n) => `ext-${n}`));

  it('applies only the changed entries and counts the rest unchanged', () => {
    const renamed = person(5, { displayName: 'Renamed' });
    const plan = planSync(
      knownPeople(50),
      { incoming: [renamed, person(51)], present: everyone(51) },
      safety,
    );
    expect(plan.changes).toEqual([
      { kind: 'update', id: 'id-5', user: renamed, fields: ['displayName'] },
      { kind: 'create', user: person(51) },
    ]);
    expect(plan.counts).toMatchObject({ update: 1, create: 1, unchanged: 49 });
  });

  it('finds removals by absence from the id scan, and keeps the circuit breaker', () => {
    const present = everyone(50);
    present.delete('ext-7');
    const plan = planSync(knownPeople(50), { incoming: [], present }, safety);
    expect(plan.changes).toEqual([
      { kind: 'deactivate', id: 'id-7', username: 'u7', reason: 'removed' },
    ]);
    expect(() =>
      planSync(knownPeople(50), { incoming: [], present: everyone(40) }, safety),
    ).toThrowError(expect.objectContaining({ code: 'directory.sync.too_many_deactivations' }));
    expect(() =>
      planSync(knownPeople(50), { incoming: [], present: new Set() }, safety),
    ).toThrowError(expect.objectContaining({ code: 'directory.sync.empty_source' }));
  });

  it('disables and re-enables through changed entries', () => {
    const current = [...knownPeople(20), known(21, { active: false })];
    const plan = planSync(
      current,
      { incoming: [person(3, { disabled: true }), person(21)], present: everyone(21) },
      safety,
    );
    expect(plan.changes).toEqual([
      { kind: 'deactivate', id: 'id-3', username: 'u3', reason: 'disabled' },
      { kind: 'reactivate', id: 'id-21', user: person(21), fields: [] },
    ]);
  });
});
