import { describe, expect, it } from 'vitest';
import { holdBody, holdSubject, policyBody, scopeLabel } from './retention-forms';

describe('retention and hold forms', () => {
  it('builds a policy for a kind of conversation or for one conversation', () => {
    expect(
      policyBody({ scope: 'kind', kind: 'direct', conversationId: 'ignored', days: '30' }),
    ).toEqual({
      ok: true,
      body: { scope: { conversationKind: 'direct' }, deleteContentAfterDays: 30 },
    });
    expect(
      policyBody({ scope: 'conversation', kind: 'channel', conversationId: ' c1 ', days: '7' }),
    ).toEqual({ ok: true, body: { scope: { conversationId: 'c1' }, deleteContentAfterDays: 7 } });
  });

  it('refuses days that are not a whole number from 1 to 3650, and a missing conversation', () => {
    for (const days of ['', '0', '-3', '1.5', '3651', 'ten'])
      expect(
        policyBody({ scope: 'kind', kind: 'channel', conversationId: '', days }),
        days,
      ).toMatchObject({ ok: false, problems: [{ field: 'days' }] });
    expect(
      policyBody({ scope: 'conversation', kind: 'channel', conversationId: ' ', days: '' }),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'conversationId', message: 'compliance.retention.needConversation' },
        { field: 'days', message: 'compliance.retention.badDays' },
      ],
    });
  });

  it('builds a hold on a person or a conversation, with its reason', () => {
    expect(
      holdBody({ target: 'user', userId: 'u1', conversationId: '', reason: ' Case 42 ' }),
    ).toEqual({ ok: true, body: { target: { userId: 'u1' }, reason: 'Case 42' } });
    expect(
      holdBody({ target: 'conversation', userId: 'u1', conversationId: 'c9', reason: 'x' }),
    ).toEqual({ ok: true, body: { target: { conversationId: 'c9' }, reason: 'x' } });
    expect(holdBody({ target: 'user', userId: null, conversationId: '', reason: '' })).toEqual({
      ok: false,
      problems: [
        { field: 'userId', message: 'compliance.holds.needPerson' },
        { field: 'reason', message: 'compliance.holds.needReason' },
      ],
    });
  });

  it('says what a policy and a hold cover', () => {
    expect(scopeLabel({ conversationKind: 'group' })).toEqual({
      key: 'compliance.kind.group',
      params: {},
    });
    expect(scopeLabel({ conversationId: 'c1' })).toEqual({
      key: 'compliance.retention.oneConversation',
      params: { id: 'c1' },
    });
    expect(holdSubject({ userId: 'u1' })).toEqual({ kind: 'user', id: 'u1' });
    expect(holdSubject({ conversationId: 'c1' })).toEqual({ kind: 'conversation', id: 'c1' });
  });
});
