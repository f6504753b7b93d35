import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { WebhooksController } from './api/webhooks.controller';
import { IncomingWebhooks } from './incoming-webhooks';
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
}

/**
 * The integrations service (docs/integrations.md): incoming webhooks today. Its events go
 * through its own outbox (`integrations_outbox`); messaging posts what it accepts. The host
 * also mounts `POST /hooks/{id}` with registerIncomingWebhooks (it reads bodies raw).
 */
@Module({})
export class IntegrationsModule {
  static forRoot({ options, sealer, messaging }: IntegrationsModuleOptions): DynamicModule {
    return {
      module: IntegrationsModule,
      imports: messaging.imports ?? [],
      controllers: [WebhooksController],
      providers: [
        { provide: INTEGRATIONS_OPTIONS, useValue: options },
        { provide: SECRET_SEALER, useValue: sealer },
        {
          provide: INTEGRATIONS_MESSAGING,
          inject: messaging.inject ?? [],
          useFactory: messaging.useFactory,
        },
        WebhooksService,
        IncomingWebhooks,
      ],
      exports: [WebhooksService, IncomingWebhooks],
    };
  }
}
