import type { Decision } from '@tidings/messaging/domain';
import { DomainError, NotFoundError } from '@tidings/platform/errors';

/** A refused rule becomes the error the edge turns into problem+json. */
export function enforce(decision: Decision): void {
  if (!decision.ok) throw new DomainError(decision.code, decision.kind, decision.message);
}

/** The one answer for "does not exist" and "you may not know it exists". */
export function conversationNotFound(): NotFoundError {
  return new NotFoundError('messaging.conversation.not_found', 'No such conversation.');
}

export function messageNotFound(): NotFoundError {
  return new NotFoundError('messaging.message.not_found', 'No such message.');
}

export function usersNotFound(userIds: readonly string[]): NotFoundError {
  return new NotFoundError(
    'messaging.user.not_found',
    'No active user with this id (people are known once the directory has them).',
    { userIds },
  );
}

export function memberNotFound(): NotFoundError {
  return new NotFoundError(
    'messaging.member.not_found',
    'This person is not a member of the conversation.',
  );
}

/** Unarchiving a channel that is open (also: someone else reopened it a moment ago). */
export function notArchived(): DomainError {
  return new DomainError(
    'messaging.conversation.not_archived',
    'conflict',
    'This channel is not archived.',
  );
}
