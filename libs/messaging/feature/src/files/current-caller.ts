import { Inject, Injectable, type PipeTransform } from '@nestjs/common';
import type { Actor } from '@tidings/contracts';
import { messagingStore, type MessagingStore } from '@tidings/messaging/data-access';
import { RequestPrincipal } from '@tidings/platform/http';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { messagingIdOf } from '../api/current-caller';
import type { PrincipalLike } from '../messaging-options';

/** Principal → the actor files are stored and checked under: the same id messages use. */
@Injectable()
export class FilesCallerPipe implements PipeTransform<PrincipalLike, Promise<Actor>> {
  private readonly store: MessagingStore;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.store = messagingStore(dataSource);
  }

  async transform(principal: PrincipalLike): Promise<Actor> {
    return { kind: principal.kind, id: await messagingIdOf(this.store, principal) };
  }
}

/** The caller of a route that declared a permission, as an event's actor. */
export const CurrentCaller = () => RequestPrincipal(FilesCallerPipe);
