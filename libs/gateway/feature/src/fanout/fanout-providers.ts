import type { DynamicModule, InjectionToken, Provider, Type } from '@nestjs/common';
import { SqlDeliveryStore } from '@tidings/gateway/data-access';
import { DEFAULT_FANOUT_SETTINGS, type FanoutSettings } from '@tidings/gateway/domain';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { AudienceLookup } from './audience';
import { DeliveryPruner } from './delivery-pruner';
import { FANOUT_GROUP, FanoutConsumer } from './fanout.consumer';
import { LocalDeliverySink } from './local-delivery-sink';
import {
  CONVERSATION_AUDIENCE,
  DEFAULT_FANOUT_GROUP,
  DELIVERY_SINK,
  DELIVERY_STORE,
  FANOUT_SETTINGS,
  type ConversationAudience,
} from './ports';
import { TypingHandler } from './typing.handler';

export interface FanoutOptions {
  /** Binds the audience port; the host wires it to a messaging query. */
  audience: {
    imports?: DynamicModule['imports'];
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => ConversationAudience;
  };
  settings?: Partial<FanoutSettings>;
  /**
   * The fan-out's consumer group. ONE group shared by every gateway process: each event is
   * stored once. (Live delivery to each gateway's own sockets is the DeliverySink's business.)
   */
  group?: string;
}

/** What GatewayModule adds when it fans out: store, sink, consumer, pruner, typing. */
export function fanoutParts(options: FanoutOptions | undefined): {
  imports: NonNullable<DynamicModule['imports']>;
  providers: Provider[];
  handlers: Type[];
} {
  if (!options) return { imports: [], providers: [], handlers: [] };
  const settings: FanoutSettings = { ...DEFAULT_FANOUT_SETTINGS, ...options.settings };
  return {
    imports: options.audience.imports ?? [],
    providers: [
      { provide: FANOUT_SETTINGS, useValue: settings },
      { provide: FANOUT_GROUP, useValue: options.group ?? DEFAULT_FANOUT_GROUP },
      {
        provide: CONVERSATION_AUDIENCE,
        inject: options.audience.inject ?? [],
        useFactory: options.audience.useFactory,
      },
      {
        provide: DELIVERY_STORE,
        inject: [DATA_SOURCE],
        useFactory: (dataSource: DataSource) => new SqlDeliveryStore(dataSource),
      },
      LocalDeliverySink,
      { provide: DELIVERY_SINK, useExisting: LocalDeliverySink },
      AudienceLookup,
      FanoutConsumer,
      DeliveryPruner,
    ],
    handlers: [TypingHandler],
  };
}
