import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmApiTokenRepository, TypeOrmSubjectRepository } from '@tidings/identity/data-access';
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
 * subjects and bot tokens, and identity's own routes (`/me`, bots, connectors, sessions).
 */
@Module({})
export class IdentityModule {
  static forRoot(options: IdentityModuleOptions): DynamicModule {
    return {
      module: IdentityModule,
      imports: options.imports ?? [],
      controllers: [MeController, BotsController, UsersController, ConnectController],
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
            ),
        },
        {
          provide: IdentityActions,
          inject: [DATA_SOURCE, BusRuntime],
          useFactory: (dataSource: DataSource, bus: BusRuntime) =>
            new IdentityActions(dataSource, bus.runnerFor('identity')),
        },
        DeactivationConsumer,
        ReactivationConsumer,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [Authenticator, TokenVerifier, IdentityActions],
    };
  }
}
