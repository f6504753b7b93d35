import { describe, expect, it } from 'vitest';
import { systemSubjects, systemText, type SystemMessage } from './system-messages';

const names: Record<string, string> = { b: 'Bob', c: 'Carol', d: 'Dave', e: 'Eve' };
const text = (m: SystemMessage) => systemText(m, 'Alice', (id) => names[id] ?? id);

describe('system message texts', () => {
  it('says who did what', () => {
    expect(text({ type: 'member.joined' })).toBe('Alice joined.');
    expect(text({ type: 'member.left' })).toBe('Alice left.');
    expect(text({ type: 'members.added', userIds: ['b'] })).toBe('Alice added Bob.');
    expect(text({ type: 'members.added', userIds: ['b', 'c'] })).toBe('Alice added Bob and Carol.');
    expect(text({ type: 'members.removed', userIds: ['b', 'c', 'd', 'e', 'f'] })).toBe(
      'Alice removed Bob, Carol, Dave and 2 others.',
    );
    expect(text({ type: 'conversation.renamed', name: 'ops', previousName: 'dev' })).toBe(
      'Alice renamed the channel to “ops”.',
    );
    expect(text({ type: 'conversation.topic_changed', topic: 'Q3' })).toBe(
      'Alice set the topic: Q3',
    );
    expect(text({ type: 'conversation.topic_changed', topic: null })).toBe(
      'Alice cleared the topic.',
    );
    expect(text({ type: 'conversation.purpose_changed', purpose: null })).toBe(
      'Alice cleared the purpose.',
    );
    expect(text({ type: 'conversation.archived' })).toBe('Alice archived the channel.');
    expect(text({ type: 'conversation.unarchived' })).toBe('Alice unarchived the channel.');
  });

  it('names the directory source instead of an actor for synced membership', () => {
    expect(
      text({
        type: 'members.added',
        userIds: ['b', 'c', 'd', 'e'],
        via: { kind: 'group', name: 'Sales' },
      }),
    ).toBe('Bob, Carol, Dave and 1 other joined through the directory group “Sales”.');
    expect(
      text({
        type: 'members.removed',
        userIds: ['b'],
        via: { kind: 'department', name: '研发中心 / 平台部' },
      }),
    ).toBe('Bob left with the department “研发中心 / 平台部”.');
  });

  it('looks up at most the names it shows', () => {
    expect(systemSubjects({ type: 'members.added', userIds: ['b', 'c', 'd', 'e'] })).toEqual([
      'b',
      'c',
      'd',
    ]);
    expect(systemSubjects({ type: 'member.joined' })).toEqual([]);
  });
});
