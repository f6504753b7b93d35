import { randomUUID } from 'node:crypto';
import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { allContracts } from '@tidings/contracts';
import {
  IdentityModule,
  ISSUER_KEYS,
  IssuerModule,
  localKeySource,
  remoteKeySource,
  type IssuerKeys,
} from '@tidings/identity/feature';
import { DirectoryModule, LdapPasswordCheck } from '@tidings/directory/feature';
import type { ConversationAccess } from '@tidings/messaging/feature';
import { BusModule } from '@tidings/platform/bus';
import { ConfigError } from '@tidings/platform/config';
import { HealthModule, HealthRegistry, MetricsService } from '@tidings/platform/health';
import { ProblemDetailsFilter } from '@tidings/platform/http';
import { loggingModule } from '@tidings/platform/logging';
import {
  DATA_SOURCE,
  DatabaseModule,
  kindOf,
  pingDatabase,
  TypeOrmSettingsRepository,
} from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { issuerOf, ldapEnvOf, ldapOptionsOf, publicUrlOf, type TidingsConfig } from './config';
import { hostPersistence } from './persistence';
import { resolveSecretKeys } from './secret-keys';
import { gatewayModule } from './gateway-wiring';
import { filesModule } from './files-wiring';
import { messagingModule } from './messaging-wiring';
import { gatewayPresence, presenceModule } from './presence-wiring';
import { SystemController } from './system.controller';

/** Wires readiness to the database and gives a fresh installation its instance id. */
@Module({})
class BootModule implements OnModuleInit {
  private readonly logger = new Logger('Boot');

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register('database', async () => {
      await pingDatabase(this.dataSource);
      return { kind: kindOf(this.dataSource) };
    });
    const settings = new TypeOrmSettingsRepository(this.dataSource);
    const instanceId = await settings.setIfAbsent('instance.id', randomUUID());
    this.logger.log(`instance ${instanceId}`);
  }
}

/** Services mounted in this host that publish events (each has a `<service>_outbox`). */
const OUTBOX_SERVICES: string[] = ['identity', 'directory', 'messaging', 'presence'];

export interface AppModuleOptions {
  config: TidingsConfig;
  /** Extra modules, e.g. test-only controllers. */
  extraModules?: Type[];
  /** Who may read and write conversations' files; see files-wiring.ts for the default. */
  conversationAccess?: ConversationAccess;
}

/** Tokens are verified against the external issuer's JWKS, or the built-in issuer's keys. */
function identityModule(config: TidingsConfig): DynamicModule {
  const issuer = issuerOf(config);
  const common = {
    audience: config.OIDC_AUDIENCE,
    clockSkewSeconds: config.OIDC_CLOCK_SKEW_SECONDS,
    jitProvisioning: config.OIDC_JIT_PROVISIONING,
  };
  if (config.OIDC_ISSUER) {
    return IdentityModule.forRoot({
      ...common,
      keySource: { useFactory: () => remoteKeySource(issuer, config.OIDC_JWKS_COOLDOWN_MS) },
    });
  }
  return IdentityModule.forRoot({
    ...common,
    keySource: {
      inject: [ISSUER_KEYS],
      useFactory: (keys: IssuerKeys) => localKeySource(issuer, () => keys.publicJwks()),
    },
  });
}

/**
 * The built-in OpenID Connect issuer at /oidc — only when no external OIDC_ISSUER is set.
 * With a directory configured, people without a local account sign in by LDAP bind through
 * the directory's adapter (identity defines the port, the host connects the two).
 */
function issuerModules(config: TidingsConfig, directory: DynamicModule | null): DynamicModule[] {
  if (config.OIDC_ISSUER) return [];
  const { TIDINGS_ADMIN_USERNAME: username, TIDINGS_ADMIN_PASSWORD: password } = config;
  if (Boolean(username) !== Boolean(password)) {
    const missing = username ? 'TIDINGS_ADMIN_PASSWORD' : 'TIDINGS_ADMIN_USERNAME';
    const other = username ? 'TIDINGS_ADMIN_USERNAME' : 'TIDINGS_ADMIN_PASSWORD';
    throw new ConfigError(`${missing}: must be set together with ${other}`, missing);
  }
  return [
    IssuerModule.forRoot(
      {
        issuer: issuerOf(config),
        publicUrl: publicUrlOf(config),
        audience: config.OIDC_AUDIENCE,
        accessTokenTtlSeconds: config.OIDC_ACCESS_TOKEN_TTL_SECONDS,
        refreshTokenTtlDays: config.OIDC_REFRESH_TOKEN_TTL_DAYS,
        lockout: {
          maxAttempts: config.OIDC_LOCKOUT_ATTEMPTS,
          lockMinutes: config.OIDC_LOCKOUT_MINUTES,
        },
        trustProxy: config.TRUST_PROXY,
        ...(username && password ? { bootstrapAdmin: { username, password } } : {}),
      },
      directory
        ? {
            externalPasswordCheck: {
              imports: [directory],
              inject: [LdapPasswordCheck],
              useFactory: (check: LdapPasswordCheck) => check,
            },
          }
        : {},
    ),
  ];
}

@Module({})
export class AppModule {
  static forRoot({
    config,
    extraModules = [],
    conversationAccess,
  }: AppModuleOptions): DynamicModule {
    const ldap = ldapOptionsOf(config);
    const directory = DirectoryModule.forRoot({
      ldap,
      // The environment layer under API-managed settings, and the key that seals their password.
      ldapEnv: ldapEnvOf(config),
      secretKeys: resolveSecretKeys(config),
    });
    // One object: the gateway imports the same IdentityModule for its authentication port.
    const identity = identityModule(config);
    // One object too: the gateway reports sockets to this PresenceModule's PresenceConnections.
    const presence = presenceModule();
    return {
      module: AppModule,
      imports: [
        loggingModule({ level: config.LOG_LEVEL, service: 'tidings' }),
        HealthModule,
        DatabaseModule.forRoot(hostPersistence(config.DATABASE_URL)),
        BusModule.forRootAsync({
          inject: [MetricsService, HealthRegistry],
          useFactory: (metrics: MetricsService, health: HealthRegistry) => ({
            kafkaBrokers: config.KAFKA_BROKERS,
            clientId: config.KAFKA_CLIENT_ID,
            partitions: config.BUS_PARTITIONS,
            retry: {
              maxAttempts: config.BUS_MAX_ATTEMPTS,
              initialBackoffMs: config.BUS_RETRY_BACKOFF_MS,
            },
            outboxServices: OUTBOX_SERVICES,
            topics: [...new Set(allContracts.map((c) => c.topic))],
            metricsRegistry: metrics.registry,
            registerReadiness: (name, check) => health.register(name, check),
          }),
        }),
        BootModule,
        // Always offered: LDAP settings may come later through the admin API.
        ...issuerModules(config, directory),
        identity,
        directory,
        gatewayModule(config, identity, gatewayPresence(presence)),
        presence,
        messagingModule(config),
        filesModule(config, conversationAccess),
        ...extraModules,
      ],
      controllers: [SystemController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
