import type { EventEnvelope } from '@tidings/contracts';
import { describe, expect, it } from 'vitest';
import { draftFromEvent } from './event-mapping';

function event(type: string, data: unknown, actor = { kind: 'user' as const, id: 'u1' }) {
  return {
    id: '0190f0e0-0000-7000-8000-0000000000aa',
    type,
    version: 1,
    key: 'k',
    occurredAt: '2025-01-02T11:04:05+08:00',
    actor,
    source: 'messaging',
    data,
  } satisfies EventEnvelope;
}

describe('draftFromEvent', () => {
  it('keeps the data as published, the event id, and the time in UTC', () => {
    const data = { conversationId: 'c1', messageId: 'm1', senderId: 'u1', text: 'x'.repeat(5000) };
    expect(draftFromEvent(event('messaging.message.sent', data))).toEqual({
      sourceEventId: '0190f0e0-0000-7000-8000-0000000000aa',
      type: 'messaging.message.sent',
      occurredAt: '2025-01-02T03:04:05.000Z',
      actor: { kind: 'user', id: 'u1' },
      subjectIds: ['u1'],
      conversationId: 'c1',
      data,
    });
  });

  it('names everyone a call rang or joined, and who joined it in its summary', () => {
    const rang = draftFromEvent(
      event('messaging.call.updated', {
        conversationId: 'c1',
        change: 'started',
        userId: 'u1',
        call: {
          id: 'k1',
          participants: [
            { userId: 'u1', status: 'joined' },
            { userId: 'u2', status: 'ringing' },
            { userId: 'u3', status: 'busy' },
          ],
        },
      }),
    );
    expect(rang.subjectIds).toEqual(['u1', 'u2', 'u3']);
    const summary = draftFromEvent(
      event('messaging.message.sent', {
        conversationId: 'c1',
        senderId: 'u1',
        system: { type: 'call.ended', participantIds: ['u1', 'u4'] },
      }),
    );
    expect(summary.subjectIds).toEqual(['u1', 'u4']);
  });

  it('names the people an event concerns', () => {
    const created = draftFromEvent(
      event('messaging.conversation.created', {
        conversationId: 'c1',
        createdBy: 'u1',
        members: [
          { userId: 'u1', role: 'owner' },
          { userId: 'u2', role: 'member' },
        ],
      }),
    );
    expect(created.subjectIds).toEqual(['u1', 'u2']);
    const left = draftFromEvent(
      event('messaging.member.left', { conversationId: 'c1', userId: 'u3', by: 'u1' }),
    );
    expect(left.subjectIds).toEqual(['u1', 'u3']);
    const group = draftFromEvent(
      event(
        'directory.group.membership.changed',
        { groupId: 'g', added: ['a', 'b'], removed: ['c'] },
        { kind: 'system', id: 'directory.sync' } as never,
      ),
    );
    expect(group.subjectIds).toEqual(['a', 'b', 'c']);
    expect(group.conversationId).toBeNull();
  });

  it('records a login failure of an unknown name with no subject but the data', () => {
    const failed = draftFromEvent(
      event('identity.login.failed', { username: 'mallory', reason: 'unknown_user' }, {
        kind: 'system',
        id: 'identity.issuer',
      } as never),
    );
    expect(failed.subjectIds).toEqual([]);
    expect(failed.data).toEqual({ username: 'mallory', reason: 'unknown_user' });
  });
});
