import { describe, expect, it } from 'vitest';
import { applyMembership } from './membership';

describe('membership from the trail', () => {
  it('replays created, joined and left', () => {
    const members = new Set<string>();
    applyMembership(members, {
      type: 'messaging.conversation.created',
      data: { members: [{ userId: 'a' }, { userId: 'b' }] },
    });
    applyMembership(members, { type: 'messaging.member.joined', data: { userId: 'c' } });
    applyMembership(members, { type: 'messaging.member.left', data: { userId: 'a' } });
    applyMembership(members, { type: 'messaging.message.sent', data: { senderId: 'z' } });
    expect([...members].sort()).toEqual(['b', 'c']);
  });
});
