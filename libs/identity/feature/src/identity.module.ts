import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  TypeOrmApiTokenRepository,
  TypeOrmSubjectRepository,
  TypeOrmWidgetSiteRepository,
  TypeOrmWidgetTokenRepository,
} from '@tidings/identity/data-access';
import { BusRuntime } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { BotsController } from './access/bots.controller';
import { ConnectController } from './access/connect.controller';
import { DeactivationConsumer } from './access/deactivation.consumer';
import { IdentityActions } from './access/identity-actions';
import { MeController } from './access/me.controller';
import { ReactivationConsumer } from './access/reactivation.consumer';
import { UsersController } from './access/users.controller';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import type { KeySource } from './auth/key-source';
import { TokenVerifier } from './auth/token-verifier';
import { WidgetSiteActions } from './widget/widget-site.actions';
import { WidgetSites } from './widget/widget-sites';
import { WidgetSitesController } from './widget/widget-sites.controller';
import { WidgetTokenActions } from './widget/widget-token.actions';
import { WidgetTokensController } from './widget/widget-tokens.controller';

export const KEY_SOURCE = Symbol('tidings.identity.KeySource');

export interface IdentityModuleOptions {
  audience: string;
  clockSkewSeconds: number;
  jitProvisioning: boolean;
  /** Where signing keys come from: the external issuer's JWKS, or the built-in issuer's store. */
  keySource: { inject?: Array<string | symbol>; useFactory: (...deps: never[]) => KeySource };
  /** Modules the key source needs (the built-in issuer). */
  imports?: DynamicModule['imports'];
}

/**
 * Who is asking, for every request: the global AuthGuard (default deny), the token verifier,
 * subjects, bot and widget tokens, and identity's own routes (`/me`, bots, connectors,
 * sessions, widget sites and tokens). WidgetSites, the embedding allowlist, is exported for
 * the other services of the process (messaging, the web host).
 */
@Module({})
export class IdentityModule {
  static forRoot(options: IdentityModuleOptions): DynamicModule {
    return {
      module: IdentityModule,
      imports: options.imports ?? [],
      controllers: [
        MeController,
        BotsController,
        UsersController,
        ConnectController,
        WidgetSitesController,
        WidgetTokensController,
      ],
      providers: [
        {
          provide: KEY_SOURCE,
          inject: options.keySource.inject ?? [],
          useFactory: options.keySource.useFactory,
        },
        {
          provide: TokenVerifier,
          inject: [KEY_SOURCE],
          useFactory: (keys: KeySource) =>
            new TokenVerifier(keys, {
              audience: options.audience,
              clockSkewSeconds: options.clockSkewSeconds,
            }),
        },
        {
          provide: Authenticator,
          inject: [TokenVerifier, DATA_SOURCE],
          useFactory: (verifier: TokenVerifier, dataSource: DataSource) =>
            new Authenticator(
              verifier,
              new TypeOrmSubjectRepository(dataSource),
              new TypeOrmApiTokenRepository(dataSource),
              {
                jitProvisioning: options.jitProvisioning,
              },
              new TypeOrmWidgetTokenRepository(dataSource),
            ),
        },
        {
          provide: IdentityActions,
          inject: [DATA_SOURCE, BusRuntime],
          useFactory: (dataSource: DataSource, bus: BusRuntime) =>
            new IdentityActions(dataSource, bus.runnerFor('identity')),
        },
        {
          provide: WidgetSites,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) =>
            new WidgetSites(new TypeOrmWidgetSiteRepository(dataSource)),
        },
        {
          provide: WidgetSiteActions,
          inject: [DATA_SOURCE, BusRuntime, WidgetSites],
          useFactory: (dataSource: DataSource, bus: BusRuntime, sites: WidgetSites) =>
            new WidgetSiteActions(dataSource, bus.runnerFor('identity'), sites),
        },
        {
          provide: WidgetTokenActions,
          inject: [DATA_SOURCE, BusRuntime, TokenVerifier],
          useFactory: (dataSource: DataSource, bus: BusRuntime, verifier: TokenVerifier) =>
            new WidgetTokenActions(dataSource, bus.runnerFor('identity'), {
              // People are looked up under the issuer whose tokens this process accepts.
              issuer: verifier.issuer,
              jitProvisioning: options.jitProvisioning,
            }),
        },
        DeactivationConsumer,
        ReactivationConsumer,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [Authenticator, TokenVerifier, IdentityActions, WidgetSites],
    };
  }
}
