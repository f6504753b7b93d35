import { describe, expect, it } from 'vitest';
import { dataText, peopleOf, shortHash, summaryOf } from './record-view';

describe('audit record view', () => {
  it('summarises a record by its text, else a name or reason it carries', () => {
    expect(summaryOf({ data: { text: 'Quarterly\n  numbers  attached' } })).toBe(
      'Quarterly numbers attached',
    );
    expect(summaryOf({ data: { name: 'ops', kind: 'channel' } })).toBe('ops');
    expect(summaryOf({ data: { reason: 'bad_password', username: 'wang' } })).toBe('bad_password');
    expect(summaryOf({ data: { count: 3 } })).toBe('');
  });

  it('cuts a long text to one line without splitting a character', () => {
    const summary = summaryOf({ data: { text: '审'.repeat(300) } });
    expect([...summary]).toHaveLength(120);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('lists the acting person first, then the people the record concerns, once each', () => {
    expect(peopleOf({ actor: { kind: 'user', id: 'u1' }, subjectIds: ['u2', 'u1'] })).toEqual([
      'u1',
      'u2',
    ]);
    expect(peopleOf({ actor: { kind: 'webhook', id: 'w1' }, subjectIds: [] })).toEqual([]);
    expect(peopleOf({ actor: null, subjectIds: ['u3'] })).toEqual(['u3']);
  });

  it('shortens hashes for the table and shows data as indented JSON', () => {
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
    expect(shortHash('0'.repeat(8))).toBe('00000000');
    expect(dataText({ data: { text: 'hi' } })).toBe('{\n  "text": "hi"\n}');
  });
});
