import { describe, expect, it } from 'vitest';
import {
  directKey,
  groupMembers,
  isVisibleTo,
  mayChange,
  mustBeChannel,
  normalizeName,
  receiptsAllowed,
  type ConversationFacts,
} from './conversation';

const channel = (visibility: 'public' | 'private', archived = false): ConversationFacts => ({
  kind: 'channel',
  visibility,
  archived,
});

describe('directKey', () => {
  it('is the same whoever opens the pair and in whatever order', () => {
    expect(directKey('direct', ['b', 'a'])).toBe(directKey('direct', ['a', 'b']));
    expect(directKey('direct', ['a', 'b'])).toBe('d:a:b');
  });

  it('gives a conversation with oneself its own key', () => {
    expect(directKey('direct', ['a'])).toBe('d:a:a');
    expect(directKey('direct', ['a', 'a'])).toBe('d:a:a');
  });

  it('hashes a group by its member set, never colliding with a pair', () => {
    const key = directKey('group', ['c', 'a', 'b', 'a']);
    expect(key).toBe(directKey('group', ['a', 'b', 'c']));
    expect(key).toMatch(/^g:[0-9a-f]{64}$/);
    expect(key).not.toBe(directKey('group', ['a', 'b', 'd']));
  });

  it('refuses a pair of three', () => {
    expect(() => directKey('direct', ['a', 'b', 'c'])).toThrow();
  });
});

describe('groupMembers', () => {
  it('adds the creator and drops duplicates', () => {
    expect(groupMembers('me', ['x', 'y', 'x', 'me'])).toEqual(['me', 'x', 'y']);
  });

  it('refuses fewer than three and more than fifty people', () => {
    expect(groupMembers('me', ['x', 'me'])).toMatchObject({ code: 'messaging.group.too_small' });
    const many = Array.from({ length: 50 }, (_, i) => `u${i}`);
    expect(groupMembers('me', many)).toMatchObject({ code: 'messaging.group.too_large' });
    expect(groupMembers('me', many.slice(0, 49))).toHaveLength(50);
  });
});

describe('visibility and changes', () => {
  it('shows public channels to everyone, the rest to members only', () => {
    expect(isVisibleTo(channel('public'), false)).toBe(true);
    expect(isVisibleTo(channel('private'), false)).toBe(false);
    expect(isVisibleTo({ kind: 'direct', visibility: 'private', archived: false }, false)).toBe(
      false,
    );
    expect(isVisibleTo(channel('private'), true)).toBe(true);
  });

  it('refuses changes to archived conversations', () => {
    expect(mayChange(channel('public', true))).toMatchObject({
      code: 'messaging.conversation.archived',
      kind: 'forbidden',
    });
    expect(mayChange(channel('public'))).toEqual({ ok: true });
  });

  it('keeps channel-only actions off direct conversations', () => {
    expect(
      mustBeChannel({ kind: 'group', visibility: 'private', archived: false }, 'x'),
    ).toMatchObject({ code: 'messaging.conversation.not_a_channel' });
  });

  it('normalizes names and limits receipts to small conversations', () => {
    expect(normalizeName('  release   train \t')).toBe('release train');
    expect(receiptsAllowed(50).ok).toBe(true);
    expect(receiptsAllowed(51)).toMatchObject({ code: 'messaging.receipts.too_many_members' });
  });
});
