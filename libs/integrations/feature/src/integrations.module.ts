import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { WebhooksController } from './api/webhooks.controller';
import { CardActionsController } from './card-actions/card-actions.controller';
import { CardActions } from './card-actions/card-actions.service';
import {
  CARD_ACTION_DELIVERY,
  INTEGRATIONS_CARDS,
  type IntegrationsCards,
} from './card-actions/ports';
import { ConnectChatController } from './connect/chat.controller';
import { CONNECT_POSTING, type ConnectPosting } from './connect/posting-port';
import { IncomingWebhooks } from './incoming-webhooks';
import { DeliveryDispatcher } from './outgoing/delivery-dispatcher';
import {
  outgoingControllers,
  outgoingExports,
  outgoingProviders,
  type OutgoingModuleOptions,
} from './outgoing/outgoing.providers';
import {
  INTEGRATIONS_MESSAGING,
  INTEGRATIONS_OPTIONS,
  SECRET_SEALER,
  type IntegrationsMessaging,
  type IntegrationsOptions,
  type SecretSealer,
} from './ports';
import { WebhooksService } from './webhooks.service';

export interface IntegrationsModuleOptions {
  options: IntegrationsOptions;
  sealer: SecretSealer;
  /** Binds the messaging port; the host wires it to messaging's queries. */
  messaging: {
    imports?: DynamicModule['imports'];
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => IntegrationsMessaging;
  };
  /** Binds the bot connector's posting port (connect/posting-port.ts) to messaging's send. */
  posting: {
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => ConnectPosting;
  };
  /** Outgoing webhooks (outgoing/outgoing.providers.ts): options and the audience port. */
  outgoing: OutgoingModuleOptions;
  /** Binds the card port (card-actions/ports.ts) to messaging's cards. */
  cards: {
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => IntegrationsCards;
  };
}

/**
 * The integrations service (docs/integrations.md): incoming webhooks, outgoing webhooks
 * (docs/integrations-outgoing.md), bot connectors, card actions. Its events go
 * through its own outbox (`integrations_outbox`); messaging posts what it accepts. The host
 * also mounts `POST /hooks/{id}` with registerIncomingWebhooks (it reads bodies raw).
 */
@Module({})
export class IntegrationsModule {
  static forRoot({
    options,
    sealer,
    messaging,
    posting,
    outgoing,
    cards,
  }: IntegrationsModuleOptions): DynamicModule {
    return {
      module: IntegrationsModule,
      imports: messaging.imports ?? [],
      controllers: [
        WebhooksController,
        ConnectChatController,
        CardActionsController,
        ...outgoingControllers,
      ],
      providers: [
        { provide: INTEGRATIONS_OPTIONS, useValue: options },
        { provide: SECRET_SEALER, useValue: sealer },
        {
          provide: INTEGRATIONS_MESSAGING,
          inject: messaging.inject ?? [],
          useFactory: messaging.useFactory,
        },
        { provide: CONNECT_POSTING, inject: posting.inject ?? [], useFactory: posting.useFactory },
        WebhooksService,
        IncomingWebhooks,
        ...outgoingProviders(outgoing),
        { provide: INTEGRATIONS_CARDS, inject: cards.inject ?? [], useFactory: cards.useFactory },
        // A click goes out through the delivery engine: tried at once, then on its schedule.
        { provide: CARD_ACTION_DELIVERY, useExisting: DeliveryDispatcher },
        CardActions,
      ],
      exports: [WebhooksService, IncomingWebhooks, ...outgoingExports],
    };
  }
}
