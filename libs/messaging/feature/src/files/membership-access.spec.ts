import type {
  ConversationRecord,
  MemberRecord,
  MessagingStore,
} from '@tidings/messaging/data-access';
import { describe, expect, it, vi } from 'vitest';
import { membershipConversationAccess } from './membership-access';

const conversation = (over: Partial<ConversationRecord>): ConversationRecord => ({
  id: 'c1',
  kind: 'channel',
  visibility: 'public',
  name: 'general',
  topic: null,
  purpose: null,
  directKey: null,
  createdBy: 'u0',
  createdAt: 0,
  archivedAt: null,
  archivedBy: null,
  lastSeq: 0,
  lastActivityAt: 0,
  memberCount: 1,
  ...over,
});
const member = (status: MemberRecord['status'] = 'active'): MemberRecord => ({
  conversationId: 'c1',
  userId: 'u1',
  role: 'member',
  status,
  joinedAt: 0,
  lastReadSeq: 0,
});

/** The port over a store whose one conversation lookup answers `found`. */
function accessWith(found: Awaited<ReturnType<MessagingStore['conversations']['withMember']>>) {
  const withMember = vi.fn().mockResolvedValue(found);
  const store = { conversations: { withMember } } as unknown as MessagingStore;
  return { access: membershipConversationAccess(store), withMember };
}

describe('ConversationAccess from memberships', () => {
  const cases: Array<[string, Parameters<typeof accessWith>[0], boolean, boolean]> = [
    ['no such conversation', undefined, false, false],
    ['a member of a channel', { conversation: conversation({}), member: member() }, true, true],
    [
      'a public channel, not a member',
      { conversation: conversation({}), member: undefined },
      true,
      false,
    ],
    [
      'a private channel, not a member',
      { conversation: conversation({ visibility: 'private' }), member: undefined },
      false,
      false,
    ],
    [
      'a member of an archived channel',
      { conversation: conversation({ archivedAt: 1 }), member: member() },
      true,
      false,
    ],
    [
      'a deactivated membership of a private channel',
      { conversation: conversation({ visibility: 'private' }), member: member('deactivated') },
      false,
      false,
    ],
  ];

  it.each(cases)('%s: read %s, write %s', async (_, found, read, write) => {
    const { access, withMember } = accessWith(found);
    expect(await access.canRead('u1', 'c1')).toBe(read);
    expect(await access.canWrite('u1', 'c1')).toBe(write);
    expect(withMember).toHaveBeenCalledWith('c1', 'u1');
  });
});
