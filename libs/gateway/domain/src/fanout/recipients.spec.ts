import { topics } from '@tidings/contracts';
import { describe, expect, it } from 'vitest';
import {
  audienceKindOf,
  changesAudience,
  needsAudience,
  recipientsOf,
  RECEIPTS_MAX_MEMBERS,
  RECIPIENT_RULES,
} from './recipients';

describe('fan-out recipients', () => {
  const members = ['u-carol', 'u-alice', 'u-bob'];

  it('sends messages and their changes to the active members, each once, sorted', () => {
    for (const type of [
      'messaging.message.sent',
      'messaging.message.edited',
      'messaging.message.card_updated',
      'messaging.reaction.added',
      'messaging.conversation.archived',
    ]) {
      expect(recipientsOf(type, { conversationId: 'c' }, [...members, 'u-alice'])).toEqual([
        'u-alice',
        'u-bob',
        'u-carol',
      ]);
      expect(needsAudience(type)).toBe(true);
    }
  });

  it('tells the member who left (no member any more) as well as those who stay', () => {
    expect(
      recipientsOf('messaging.member.left', { conversationId: 'c', userId: 'u-dave' }, members),
    ).toEqual(['u-alice', 'u-bob', 'u-carol', 'u-dave']);
  });

  it('includes a joiner even when the audience does not list them yet', () => {
    expect(
      recipientsOf('messaging.member.joined', { conversationId: 'c', userId: 'u-erin' }, members),
    ).toContain('u-erin');
  });

  it('sends a read position to every member of a conversation small enough for receipts', () => {
    const read = { conversationId: 'c', userId: 'u-bob', lastReadSeq: 7 };
    expect(recipientsOf('messaging.read.updated', read, members)).toEqual([
      'u-alice',
      'u-bob',
      'u-carol',
    ]);
    // The member count is the audience: the rule needs it, so the fan-out asks for it.
    expect(needsAudience('messaging.read.updated')).toBe(true);
  });

  it('sends a read position to the members up to the receipts limit, and to the reader only beyond', () => {
    const crowd = (n: number) =>
      Array.from({ length: n }, (_, i) => `u-${String(i).padStart(3, '0')}`);
    const read = { conversationId: 'c', userId: 'u-000', lastReadSeq: 7 };
    expect(RECEIPTS_MAX_MEMBERS).toBe(50);
    expect(recipientsOf('messaging.read.updated', read, crowd(50))).toHaveLength(50);
    expect(recipientsOf('messaging.read.updated', read, crowd(51))).toEqual(['u-000']);
  });

  it('tells the reader’s own devices even when the audience does not list them', () => {
    const read = { conversationId: 'c', userId: 'u-dave', lastReadSeq: 1 };
    expect(recipientsOf('messaging.read.updated', read, [])).toEqual(['u-dave']);
    expect(recipientsOf('messaging.read.updated', read, members)).toContain('u-dave');
  });

  it('takes a new conversation’s members from the event, without asking for the audience', () => {
    const data = { conversationId: 'c', members: [{ userId: 'u-b' }, { userId: 'u-a' }] };
    expect(recipientsOf('messaging.conversation.created', data, ['u-x'])).toEqual(['u-a', 'u-b']);
    expect(needsAudience('messaging.conversation.created')).toBe(false);
  });

  it('delivers an event type it has no rule for to nobody (default deny)', () => {
    expect(recipientsOf('messaging.secret.thing', { conversationId: 'c' }, members)).toEqual([]);
    expect(recipientsOf('toString', {}, members)).toEqual([]);
    expect(needsAudience('messaging.secret.thing')).toBe(false);
  });

  it('has a rule for every event on the messaging topic, and marks membership changes', () => {
    const messaging = topics.find((t) => t.name === 'messaging')?.events.map((e) => e.type) ?? [];
    expect(messaging.length).toBeGreaterThan(0);
    expect(messaging.filter((type) => !(type in RECIPIENT_RULES))).toEqual([]);
    expect(changesAudience('messaging.member.left')).toBe(true);
    expect(changesAudience('messaging.message.sent')).toBe(false);
  });

  it("sends a person's profile change to their peers and their own devices", () => {
    const data = { userId: 'u-dave', displayName: 'Dave' };
    expect(recipientsOf('directory.user.updated', data, ['u-bob', 'u-alice'])).toEqual([
      'u-alice',
      'u-bob',
      'u-dave',
    ]);
    expect(audienceKindOf('directory.user.updated')).toBe('peers');
    expect(needsAudience('directory.user.updated')).toBe(false); // not a conversation's members
  });

  it('sends a deactivation to the peers only, even if the audience names the subject', () => {
    expect(
      recipientsOf('directory.user.deactivated', { userId: 'u-dave' }, ['u-dave', 'u-bob']),
    ).toEqual(['u-bob']);
  });

  it('delivers the other directory events to nobody', () => {
    const directory = topics.find((t) => t.name === 'directory')?.events.map((e) => e.type) ?? [];
    const live = directory.filter((type) => type in RECIPIENT_RULES).sort();
    expect(live).toEqual(['directory.user.deactivated', 'directory.user.updated']);
    for (const type of directory.filter((t) => !live.includes(t))) {
      expect(recipientsOf(type, { userId: 'u-dave' }, ['u-bob'])).toEqual([]);
      expect(audienceKindOf(type)).toBeUndefined();
    }
  });
});
