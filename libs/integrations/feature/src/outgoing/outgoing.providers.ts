import type { InjectionToken, Provider, Type } from '@nestjs/common';
import { DeliveriesController } from '../api/deliveries.controller';
import { SubscriptionsController } from '../api/subscriptions.controller';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DeliveryEnqueuer } from './delivery-enqueuer';
import { DeliveryLog } from './delivery-log';
import { DeliveryTransports } from './delivery-transport';
import {
  DEFAULT_RETENTION_OPTIONS,
  IntegrationsPruner,
  RETENTION_OPTIONS,
  type RetentionOptions,
} from './integrations-pruner';
import { OutgoingEventsConsumer } from './outgoing-events.consumer';
import {
  DEFAULT_OUTGOING_OPTIONS,
  DeliveryClock,
  EVENT_AUDIENCE,
  OUTGOING_OPTIONS,
  type Clock,
  type EventAudience,
  type OutgoingOptions,
} from './ports';
import { SubscriptionsService } from './subscriptions.service';

/** What the host gives outgoing webhooks (libs/host/src/integrations-wiring.ts). */
export interface OutgoingModuleOptions {
  options?: Partial<OutgoingOptions>;
  /** How long the delivery log and incoming webhooks' idempotency rows are kept. */
  retention?: Partial<RetentionOptions>;
  /** Binds the audience port to messaging (public channels, the bot's memberships). */
  audience: { inject?: InjectionToken[]; useFactory: (...deps: never[]) => EventAudience };
  /** Default: the system clock (tests may also swap it later through DeliveryClock.use). */
  clock?: Clock;
}

export const outgoingControllers: Type[] = [SubscriptionsController, DeliveriesController];

export function outgoingProviders(outgoing: OutgoingModuleOptions): Provider[] {
  return [
    { provide: OUTGOING_OPTIONS, useValue: { ...DEFAULT_OUTGOING_OPTIONS, ...outgoing.options } },
    {
      provide: RETENTION_OPTIONS,
      useValue: { ...DEFAULT_RETENTION_OPTIONS, ...outgoing.retention },
    },
    {
      provide: EVENT_AUDIENCE,
      inject: outgoing.audience.inject ?? [],
      useFactory: outgoing.audience.useFactory,
    },
    { provide: DeliveryClock, useValue: new DeliveryClock(outgoing.clock) },
    DeliveryTransports,
    SubscriptionsService,
    DeliveryEnqueuer,
    DeliveryDispatcher,
    DeliveryLog,
    OutgoingEventsConsumer,
    IntegrationsPruner,
  ];
}

/** What other modules use: the card-action route, the /connect transport, tests. */
export const outgoingExports = [
  DeliveryDispatcher,
  DeliveryTransports,
  DeliveryClock,
  SubscriptionsService,
  IntegrationsPruner,
];
