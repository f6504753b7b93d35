import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER_FORM,
  filterQuery,
  filtersOf,
  localToIso,
  problemFor,
  splitList,
} from './audit-filters';

describe('audit filters', () => {
  it('splits lists on commas (also full-width), spaces and new lines, each item once', () => {
    expect(splitList(' a, b，c\n d  a ')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitList('  ')).toEqual([]);
  });

  it('reads a datetime-local value in the browser time zone; blank is no bound', () => {
    expect(localToIso('2026-03-01T09:30')).toBe(new Date(2026, 2, 1, 9, 30).toISOString());
    expect(localToIso('')).toBeUndefined();
    expect(localToIso('yesterday')).toBeNull();
    expect(localToIso('2026-13-45T99:99')).toBeNull();
  });

  it('turns the form into the API filters, empty parts left out', () => {
    const checked = filtersOf({
      from: '2026-03-01T00:00',
      to: '2026-03-02T00:00',
      users: ['u1', 'u2'],
      conversations: 'c1, c2',
      types: 'messaging.message.sent identity.*',
      q: '  budget ',
    });
    expect(checked).toEqual({
      ok: true,
      filters: {
        from: new Date(2026, 2, 1).toISOString(),
        to: new Date(2026, 2, 2).toISOString(),
        users: ['u1', 'u2'],
        conversations: ['c1', 'c2'],
        types: ['messaging.message.sent', 'identity.*'],
        q: 'budget',
      },
    });
    expect(filtersOf(EMPTY_FILTER_FORM)).toEqual({ ok: true, filters: {} });
  });

  it('leaves the words out for an export', () => {
    expect(filtersOf({ ...EMPTY_FILTER_FORM, q: 'budget' }, false)).toEqual({
      ok: true,
      filters: {},
    });
  });

  it('names every problem with its field at once', () => {
    const checked = filtersOf({
      ...EMPTY_FILTER_FORM,
      from: '2026-03-02T00:00',
      to: '2026-03-01T00:00',
      types: 'messaging.message.sent, Sent Messages, messaging.*.sent',
    });
    expect(checked.ok).toBe(false);
    const problems = checked.ok ? [] : checked.problems;
    expect(problemFor(problems, 'to')).toBe('compliance.filter.toBeforeFrom');
    expect(problemFor(problems, 'types')).toBe('compliance.filter.badType');
    expect(problemFor(problems, 'from')).toBeNull();
    const unreadable = filtersOf({ ...EMPTY_FILTER_FORM, from: 'soon' });
    expect(unreadable.ok ? [] : unreadable.problems).toEqual([
      { field: 'from', message: 'compliance.filter.badTime' },
    ]);
  });

  it('sends lists comma-joined in the query string', () => {
    const query = filterQuery({
      from: '2026-03-01T00:00:00.000Z',
      users: ['u1', 'u2'],
      types: ['audit.search.performed'],
      q: 'a b',
    });
    expect(query.toString()).toBe(
      'from=2026-03-01T00%3A00%3A00.000Z&users=u1%2Cu2&types=audit.search.performed&q=a+b',
    );
    expect(filterQuery({}).toString()).toBe('');
  });
});
