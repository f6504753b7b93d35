import { Inject, Injectable, type PipeTransform } from '@nestjs/common';
import { messagingStore, type Author, type MessagingStore } from '@tidings/messaging/data-access';
import { RequestPrincipal } from '@tidings/platform/http';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import type { Caller } from '../caller';
import { MESSAGING_OPTIONS, type MessagingOptions, type PrincipalLike } from '../messaging-options';

/** A person-less service account: a token with only the integration role. */
const isIntegration = (principal: PrincipalLike) =>
  principal.roles.length > 0 && principal.roles.every((r) => r === 'integration');

/**
 * The id messaging knows a principal by (memberships, messages, files): people by their
 * directory id, found by username when the token's subject is another issuer's id; bots and
 * integration accounts by their own id, never by name.
 */
export async function messagingIdOf(store: MessagingStore, principal: PrincipalLike) {
  return (await knownAs(store, principal)).id;
}

/** messagingIdOf, with how a person the directory knows is shown as an author. */
async function knownAs(
  store: MessagingStore,
  principal: PrincipalLike,
): Promise<{ id: string; author?: Author }> {
  if (principal.kind === 'bot' || isIntegration(principal)) return { id: principal.userId };
  return (
    (await store.users.callerOf(principal.userId, principal.username)) ?? {
      id: principal.userId,
    }
  );
}

/**
 * Principal → Caller. People are known to messaging by their directory id: a person signed
 * in at an external issuer has another id there, so they are matched by username (as
 * identity matches them for deactivation). Bots and person-less integration accounts are
 * never matched by name — one called like a person must not become them.
 */
@Injectable()
export class CallerPipe implements PipeTransform<PrincipalLike, Promise<Caller>> {
  private readonly store: MessagingStore;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.store = messagingStore(dataSource);
  }

  async transform(principal: PrincipalLike): Promise<Caller> {
    const integration = isIntegration(principal);
    const { id, author } = await knownAs(this.store, principal);
    return {
      id,
      kind: principal.kind,
      senderKind: principal.kind === 'bot' ? 'bot' : integration ? 'integration' : 'user',
      moderator: this.options.isModerator(principal),
      ...(author ? { author } : {}),
    };
  }
}

/** The authenticated caller as messaging knows them — never taken from the request body. */
export const CurrentCaller = () => RequestPrincipal(CallerPipe);
