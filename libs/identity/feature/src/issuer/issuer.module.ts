import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  IDENTITY_SERVICE,
  IssuerKeyStore,
  PasswordHasher,
  purgeExpiredOidcPayloads,
} from '@tidings/identity/data-access';
import { BusRuntime } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { DataSource } from 'typeorm';
import { AccountActions } from './accounts.actions';
import { bootstrapAdmin } from './admin-bootstrap';
import { EXTERNAL_PASSWORD_CHECK, type ExternalPasswordCheck } from './external-password-check';
import { InteractionPages } from './interactions';
import { subjectStandings } from './issuer-standing';
import { mountIssuer } from './issuer-http';
import { ISSUER_KEYS } from './issuer-keys';
import type { IssuerOptions } from './issuer-options';
import { LoginActions } from './login.actions';
import { PasswordActions } from './password-actions';
import { createOidcProvider } from './oidc-provider.factory';

export const ISSUER_OPTIONS = Symbol('tidings.identity.IssuerOptions');
export const OIDC_PROVIDER = Symbol('tidings.identity.OidcProvider');

/** What the host plugs into the issuer beside its options. */
export interface IssuerModuleExtras {
  /**
   * Checks the passwords of people without a local account — the directory's LDAP bind.
   * Provided by the host (identity may not import the directory), like a Nest factory.
   */
  externalPasswordCheck?: {
    imports?: DynamicModule['imports'];
    inject?: Array<string | symbol | Type>;
    useFactory: (...deps: never[]) => ExternalPasswordCheck;
  };
}

/** Expired sessions, codes and tokens are unreadable at once; this only reclaims space. */
const PURGE_INTERVAL_MS = 15 * 60_000;

/**
 * The built-in OpenID Connect issuer, mounted when OIDC_ISSUER is unset: oidc-provider at
 * /oidc, the login pages, local accounts, and `ISSUER_KEYS` for the in-process verifier.
 * Global, so the identity module can inject `ISSUER_KEYS` without importing this one.
 */
@Module({})
export class IssuerModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Issuer');
  private purgeTimer: NodeJS.Timeout | undefined;

  static forRoot(options: IssuerOptions, extras: IssuerModuleExtras = {}): DynamicModule {
    const external = extras.externalPasswordCheck;
    return {
      module: IssuerModule,
      global: true,
      imports: external?.imports ?? [],
      providers: [
        external
          ? {
              provide: EXTERNAL_PASSWORD_CHECK,
              inject: external.inject ?? [],
              useFactory: external.useFactory,
            }
          : { provide: EXTERNAL_PASSWORD_CHECK, useValue: null },
        { provide: ISSUER_OPTIONS, useValue: options },
        { provide: PasswordHasher, useValue: new PasswordHasher() },
        {
          provide: IssuerKeyStore,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new IssuerKeyStore(dataSource),
        },
        { provide: ISSUER_KEYS, useExisting: IssuerKeyStore },
        {
          provide: AccountActions,
          inject: [DATA_SOURCE, BusRuntime, PasswordHasher],
          useFactory: (dataSource: DataSource, bus: BusRuntime, hasher: PasswordHasher) =>
            new AccountActions(dataSource, bus.runnerFor(IDENTITY_SERVICE), hasher),
        },
        {
          provide: PasswordActions,
          inject: [DATA_SOURCE, BusRuntime, PasswordHasher, EXTERNAL_PASSWORD_CHECK],
          useFactory: (
            dataSource: DataSource,
            bus: BusRuntime,
            hasher: PasswordHasher,
            check: ExternalPasswordCheck | null,
          ) =>
            new PasswordActions(
              dataSource,
              bus.runnerFor(IDENTITY_SERVICE),
              hasher,
              check?.manages
                ? (username) => check.manages?.(username) ?? Promise.resolve(false)
                : undefined,
            ),
        },
        {
          provide: LoginActions,
          inject: [DATA_SOURCE, BusRuntime, PasswordHasher, EXTERNAL_PASSWORD_CHECK],
          useFactory: (
            dataSource: DataSource,
            bus: BusRuntime,
            hasher: PasswordHasher,
            check: ExternalPasswordCheck | null,
          ) =>
            new LoginActions(dataSource, bus.runnerFor(IDENTITY_SERVICE), hasher, options.lockout, {
              ...(check ? { external: check } : {}),
              standing: subjectStandings(dataSource, options.issuer),
            }),
        },
        {
          provide: OIDC_PROVIDER,
          inject: [DATA_SOURCE, IssuerKeyStore],
          useFactory: (dataSource: DataSource, keys: IssuerKeyStore) =>
            createOidcProvider(options, dataSource, keys),
        },
      ],
      exports: [ISSUER_KEYS, IssuerKeyStore, AccountActions, PasswordActions],
    };
  }

  constructor(
    @Inject(ISSUER_OPTIONS) private readonly options: IssuerOptions,
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly adapterHost: HttpAdapterHost,
    private readonly login: LoginActions,
    private readonly accounts: AccountActions,
  ) {}

  onModuleInit(): void {
    const logError = (error: unknown) =>
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    // Koa prints errors itself unless someone listens; route them to our log instead.
    (this.provider as unknown as NodeJS.EventEmitter).on('error', logError);
    this.provider.on('server_error', (_ctx: unknown, error: unknown) => logError(error));
    const externalMount = new URL(this.options.issuer).pathname.replace(/\/+$/, '');
    const pages = new InteractionPages(this.provider, this.login, {
      externalMount,
      homeUrl: `${this.options.publicUrl}/`,
    });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    mountIssuer(fastify, this.provider, pages, { externalMount, onError: logError });
    this.logger.log(`built-in OpenID Connect issuer at ${this.options.issuer}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    await bootstrapAdmin(this.accounts, this.options.bootstrapAdmin, (line) =>
      process.stdout.write(`${line}\n`),
    );
    this.purgeTimer = setInterval(() => {
      purgeExpiredOidcPayloads(this.dataSource).catch((error: unknown) =>
        this.logger.warn(`could not purge expired issuer state: ${String(error)}`),
      );
    }, PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }
}
