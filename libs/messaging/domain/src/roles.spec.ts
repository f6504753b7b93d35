import { describe, expect, it } from 'vitest';
import type { ConversationFacts } from './conversation';
import type { Decision } from './decision';
import {
  mayArchive,
  mayChangeRole,
  mayDelete,
  mayEdit,
  mayInvite,
  mayJoin,
  mayLeave,
  mayMention,
  mayPin,
  mayRemove,
  maySend,
  mayUnarchive,
  mayUpdate,
  type MemberRole,
  type Standing,
} from './roles';

const pub: ConversationFacts = { kind: 'channel', visibility: 'public', archived: false };
const priv: ConversationFacts = { kind: 'channel', visibility: 'private', archived: false };
const archived: ConversationFacts = { ...pub, archived: true };
const direct: ConversationFacts = { kind: 'direct', visibility: 'private', archived: false };
const group: ConversationFacts = { kind: 'group', visibility: 'private', archived: false };

const as = (role: MemberRole | null, moderator = false): Standing => ({ role, moderator });
const code = (d: Decision) => (d.ok ? 'ok' : d.code);

describe('sending and mentioning', () => {
  it('lets members send, not outsiders, and nobody in an archived conversation', () => {
    expect(code(maySend(pub, as('member')))).toBe('ok');
    expect(code(maySend(pub, as(null)))).toBe('messaging.conversation.not_member');
    // A moderator is no member: they join to post like everyone else.
    expect(code(maySend(pub, as(null, true)))).toBe('messaging.conversation.not_member');
    expect(code(maySend(archived, as('owner')))).toBe('messaging.conversation.archived');
  });

  it('limits @all/@channel in large channels to owners, admins and moderators', () => {
    const big = (role: MemberRole, moderator = false, broadcast = 'all' as const) =>
      code(mayMention(pub, as(role, moderator), broadcast, 101, 100));
    expect(big('member')).toBe('messaging.mention.not_allowed');
    expect(code(mayMention(pub, as('member'), 'channel', 101, 100))).toBe(
      'messaging.mention.not_allowed',
    );
    expect(big('admin')).toBe('ok');
    expect(big('owner')).toBe('ok');
    expect(big('member', true)).toBe('ok');
    // @here, names, small channels and group conversations are free for everyone.
    expect(code(mayMention(pub, as('member'), 'here', 101, 100))).toBe('ok');
    expect(code(mayMention(pub, as('member'), null, 101, 100))).toBe('ok');
    expect(code(mayMention(pub, as('member'), 'all', 100, 100))).toBe('ok');
    expect(code(mayMention(group, as('member'), 'all', 50, 10))).toBe('ok');
  });

  it('limits @department like @all', () => {
    expect(code(mayMention(pub, as('member'), 'here', 101, 100, true))).toBe(
      'messaging.mention.not_allowed',
    );
    expect(code(mayMention(pub, as('admin'), null, 101, 100, true))).toBe('ok');
    expect(code(mayMention(pub, as('member', true), null, 101, 100, true))).toBe('ok');
    expect(code(mayMention(pub, as('member'), null, 100, 100, true))).toBe('ok');
    expect(code(mayMention(group, as('member'), null, 50, 10, true))).toBe('ok');
  });
});

describe('renaming and archiving', () => {
  it('gives the name to owners and admins, topic and purpose to any member', () => {
    expect(code(mayUpdate(pub, as('member'), { name: true }))).toBe('messaging.role.insufficient');
    expect(code(mayUpdate(pub, as('admin'), { name: true }))).toBe('ok');
    expect(code(mayUpdate(pub, as('member'), { name: false }))).toBe('ok');
    expect(code(mayUpdate(pub, as(null), { name: false }))).toBe(
      'messaging.conversation.not_member',
    );
    expect(code(mayUpdate(pub, as(null, true), { name: true }))).toBe('ok');
    expect(code(mayUpdate(direct, as('member'), { name: false }))).toBe(
      'messaging.conversation.not_a_channel',
    );
  });

  it('lets owners and admins archive a channel once', () => {
    expect(code(mayArchive(priv, as('member')))).toBe('messaging.role.insufficient');
    expect(code(mayArchive(priv, as('admin')))).toBe('ok');
    expect(code(mayArchive(archived, as('owner')))).toBe('messaging.conversation.archived');
    expect(code(mayArchive(group, as('member', true)))).toBe(
      'messaging.conversation.not_a_channel',
    );
  });

  it('lets exactly those who may archive a channel unarchive it, once', () => {
    const closed = (facts: ConversationFacts) => ({ ...facts, archived: true });
    for (const facts of [pub, priv])
      for (const standing of [
        as(null),
        as('member'),
        as('admin'),
        as('owner'),
        as(null, true),
        as('member', true),
      ]) {
        const archiving = code(mayArchive(facts, standing));
        expect(code(mayUnarchive(closed(facts), standing)), JSON.stringify(standing)).toBe(
          archiving,
        );
      }
    expect(code(mayUnarchive(closed(priv), as('member')))).toBe('messaging.role.insufficient');
    expect(code(mayUnarchive(closed(pub), as(null)))).toBe('messaging.conversation.not_member');
    expect(code(mayUnarchive(closed(pub), as(null, true)))).toBe('ok');
    expect(code(mayUnarchive(pub, as('owner')))).toBe('messaging.conversation.not_archived');
    expect(code(mayUnarchive(closed(direct), as('member')))).toBe(
      'messaging.conversation.not_a_channel',
    );
  });
});

describe('joining and leaving', () => {
  it('opens public channels only', () => {
    expect(code(mayJoin(pub))).toBe('ok');
    expect(code(mayJoin(priv))).toBe('messaging.conversation.private');
    expect(code(mayJoin(archived))).toBe('messaging.conversation.archived');
    expect(code(mayJoin(direct))).toBe('messaging.conversation.not_a_channel');
  });

  it('keeps the last owner until they hand over, unless nobody else is left', () => {
    expect(code(mayLeave(pub, 'owner', { otherOwners: 0, otherMembers: 3 }))).toBe(
      'messaging.member.owner_must_hand_over',
    );
    expect(code(mayLeave(pub, 'owner', { otherOwners: 1, otherMembers: 3 }))).toBe('ok');
    expect(code(mayLeave(pub, 'owner', { otherOwners: 0, otherMembers: 0 }))).toBe('ok');
    expect(code(mayLeave(pub, 'member', { otherOwners: 0, otherMembers: 3 }))).toBe('ok');
    expect(code(mayLeave(group, 'member', { otherOwners: 0, otherMembers: 3 }))).toBe(
      'messaging.conversation.not_a_channel',
    );
  });
});

describe('inviting, removing and roles', () => {
  it('lets anyone invite to public channels, owners and admins to private ones', () => {
    expect(code(mayInvite(pub, as('member'), 'member'))).toBe('ok');
    expect(code(mayInvite(priv, as('member'), 'member'))).toBe('messaging.role.insufficient');
    expect(code(mayInvite(priv, as('admin'), 'member'))).toBe('ok');
    expect(code(mayInvite(pub, as(null), 'member'))).toBe('messaging.conversation.not_member');
  });

  it('takes an owner to grant admin or owner on invitation', () => {
    expect(code(mayInvite(priv, as('admin'), 'admin'))).toBe('messaging.role.insufficient');
    expect(code(mayInvite(priv, as('owner'), 'admin'))).toBe('ok');
    expect(code(mayInvite(priv, as('owner'), 'owner'))).toBe('ok');
  });

  it('lets owners remove admins and members, admins members, nobody an owner', () => {
    expect(code(mayRemove(pub, as('owner'), 'admin'))).toBe('ok');
    expect(code(mayRemove(pub, as('admin'), 'member'))).toBe('ok');
    expect(code(mayRemove(pub, as('admin'), 'admin'))).toBe('messaging.role.insufficient');
    expect(code(mayRemove(pub, as('member'), 'member'))).toBe('messaging.role.insufficient');
    expect(code(mayRemove(pub, as('owner'), 'owner'))).toBe('messaging.member.is_owner');
    expect(code(mayRemove(direct, as('member'), 'member'))).toBe(
      'messaging.conversation.not_a_channel',
    );
  });

  it('gives roles to owners only and never demotes the last owner', () => {
    const change = (from: MemberRole, to: MemberRole, otherOwners: number) => ({
      from,
      to,
      otherOwners,
    });
    expect(code(mayChangeRole(pub, as('admin'), change('member', 'admin', 0)))).toBe(
      'messaging.role.insufficient',
    );
    expect(code(mayChangeRole(pub, as('owner'), change('member', 'owner', 0)))).toBe('ok');
    expect(code(mayChangeRole(pub, as('owner'), change('owner', 'member', 0)))).toBe(
      'messaging.member.last_owner',
    );
    expect(code(mayChangeRole(pub, as('owner'), change('owner', 'admin', 1)))).toBe('ok');
  });
});

describe('editing and deleting messages', () => {
  const mine = { senderId: 'me', deleted: false };
  const theirs = { senderId: 'them', deleted: false };

  it('lets only the author edit, never a deleted message', () => {
    expect(code(mayEdit(pub, mine, 'me'))).toBe('ok');
    expect(code(mayEdit(pub, theirs, 'me'))).toBe('messaging.message.not_author');
    expect(code(mayEdit(pub, { ...mine, deleted: true }, 'me'))).toBe('messaging.message.deleted');
    expect(code(mayEdit(archived, mine, 'me'))).toBe('messaging.conversation.archived');
  });

  it('lets nobody edit a system message, and only moderation delete one', () => {
    const notice = { senderId: 'me', deleted: false, system: true };
    expect(code(mayEdit(pub, notice, 'me'))).toBe('messaging.message.system');
    expect(code(mayDelete(pub, notice, 'me', as('member')))).toBe('messaging.message.not_author');
    expect(code(mayDelete(pub, notice, 'me', as('admin')))).toBe('ok');
  });

  it("lets the author, and a channel's owners and admins, delete", () => {
    expect(code(mayDelete(pub, mine, 'me', as('member')))).toBe('ok');
    expect(code(mayDelete(pub, theirs, 'me', as('member')))).toBe('messaging.message.not_author');
    expect(code(mayDelete(pub, theirs, 'me', as('admin')))).toBe('ok');
    expect(code(mayDelete(pub, theirs, 'me', as(null, true)))).toBe('ok');
    // Nobody moderates someone else's direct messages.
    expect(code(mayDelete(group, theirs, 'me', as('owner', true)))).toBe(
      'messaging.message.not_author',
    );
  });
});

describe('pinning', () => {
  it("is any member's in direct and group conversations, owners' and admins' in channels", () => {
    expect(code(mayPin(direct, as('member')))).toBe('ok');
    expect(code(mayPin(group, as('member')))).toBe('ok');
    expect(code(mayPin(group, as(null)))).toBe('messaging.conversation.not_member');
    expect(code(mayPin(pub, as('member')))).toBe('messaging.role.insufficient');
    expect(code(mayPin(priv, as('admin')))).toBe('ok');
    expect(code(mayPin(priv, as('owner')))).toBe('ok');
    expect(code(mayPin(pub, as(null, true)))).toBe('ok');
    expect(code(mayPin(pub, as(null)))).toBe('messaging.conversation.not_member');
    expect(code(mayPin(archived, as('owner')))).toBe('messaging.conversation.archived');
  });
});
