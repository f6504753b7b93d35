import type { Actor } from '@tidings/contracts';
import type { Author, SenderKind } from '@tidings/messaging/data-access';

/**
 * Who is acting, as messaging knows them: the id their memberships and messages carry, and
 * what they are. Always the authenticated principal — never a field of a request body, so a
 * bot cannot post as somebody else.
 */
export interface Caller {
  id: string;
  kind: 'user' | 'bot';
  /** `integration`: a person-less service account (a token with only the integration role). */
  senderKind: SenderKind;
  /** Holds `messaging.manage`: acts as an owner in the channels they can see. */
  moderator: boolean;
  /**
   * How the caller is shown as a message's author, when the request already read it (people
   * the directory knows): a send answers its new message from it without reading it back.
   */
  author?: Author;
}

export function actorOf(caller: Caller): Actor {
  return { kind: caller.senderKind, id: caller.id };
}

/** A plain member, for tests and internal callers. */
export function userCaller(id: string, moderator = false): Caller {
  return { id, kind: 'user', senderKind: 'user', moderator };
}
