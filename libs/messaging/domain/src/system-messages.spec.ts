import { describe, expect, it } from 'vitest';
import {
  spokenDuration,
  systemSubjects,
  systemText,
  type CallSummary,
  type SystemMessage,
} from './system-messages';

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

  it('sums up a call in a few words', () => {
    const call: CallSummary = {
      callId: 'c1',
      media: 'video',
      outcome: 'completed',
      durationMs: 192_000,
      participantIds: ['a', 'b'],
    };
    expect(text({ type: 'call.ended', ...call })).toBe('Video call, 3 min 12 s');
    expect(text({ type: 'call.ended', ...call, media: 'audio', outcome: 'declined' })).toBe(
      'Audio call declined',
    );
    expect(text({ type: 'call.ended', ...call, outcome: 'busy', durationMs: 0 })).toBe(
      'Video call, busy',
    );
    for (const outcome of ['missed', 'cancelled'] as const)
      expect(text({ type: 'call.missed', ...call, media: 'audio', outcome, durationMs: 0 })).toBe(
        'Missed audio call',
      );
    expect(systemSubjects({ type: 'call.missed', ...call })).toEqual([]);
  });

  it('says a duration as a call log does', () => {
    expect(spokenDuration(0)).toBe('0 s');
    expect(spokenDuration(44_600)).toBe('45 s');
    expect(spokenDuration(60_000)).toBe('1 min');
    expect(spokenDuration(192_400)).toBe('3 min 12 s');
    expect(spokenDuration(3_600_000)).toBe('1 h');
    expect(spokenDuration(3_900_000 + 30_000)).toBe('1 h 5 min');
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
