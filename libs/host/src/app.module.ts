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
import { TypeOrmUserListingRepository } from '@tidings/directory/data-access';
import { DirectoryModule, LdapPasswordCheck } from '@tidings/directory/feature';
import {
  LinkPreviewsModule,
  linkPreviewsOptionsOf,
  type ConversationAccess,
} from '@tidings/messaging/feature';
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
import {
  issuerOf,
  ldapEnvOf,
  ldapOptionsOf,
  publicUrlOf,
  runs,
  TIDINGS_SERVICE_NAMES,
  type TidingsConfig,
} from './config';
import { hostPersistence } from './persistence';
import { resolveSecretKeys } from './secret-keys';
import { gatewayModule } from './gateway-wiring';
import { filesModule } from './files-wiring';
import { connectSocketModule } from './connect-socket-wiring';
import { auditModule } from './audit-wiring';
import { integrationsModule } from './integrations-wiring';
import { messagingModule } from './messaging-wiring';
import { gatewayPresence, presenceModule, remoteGatewayPresence } from './presence-wiring';
import { processNameOf, ServiceInfoModule } from './service-info';
import { SystemController } from './system.controller';
import { WEB_CLIENT_CONFIG, WebClientController, webClientConfigOf } from './web-client.controller';

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

/**
 * Services mounted in this host that publish events (each has a `<service>_outbox`): a process
 * relays the outboxes of the services it runs. Rows another process writes into an outbox
 * (identity's, when a gateway-only process provisions a user it verified) share the database
 * and are published by that service's own process.
 */
function outboxServicesOf(config: TidingsConfig): string[] {
  return TIDINGS_SERVICE_NAMES.filter((s) => runs(config, s));
}

/**
 * A process running only some services (TIDINGS_SERVICES) talks to the others through Kafka
 * and, for the gateway and integrations, messaging's internal routes: both must be configured.
 */
function checkRoles(config: TidingsConfig): void {
  if (config.TIDINGS_SERVICES.length === TIDINGS_SERVICE_NAMES.length) return;
  if (config.KAFKA_BROKERS.length === 0) {
    throw new ConfigError(
      'KAFKA_BROKERS: required when TIDINGS_SERVICES runs only some services (the in-process bus does not reach other processes)',
      'KAFKA_BROKERS',
    );
  }
  // The gateway and integrations ask messaging over its internal routes when it runs elsewhere.
  const messagingClients = runs(config, 'messaging')
    ? []
    : [
        ...(runs(config, 'gateway') ? ['a gateway'] : []),
        ...(runs(config, 'integrations') ? ['integrations'] : []),
      ];
  for (const client of messagingClients) {
    for (const name of ['MESSAGING_INTERNAL_URL', 'INTERNAL_SERVICE_TOKEN'] as const) {
      if (!config[name]) {
        throw new ConfigError(`${name}: required for ${client} without messaging`, name);
      }
    }
  }
  // A gateway asks presence over its internal routes when presence runs elsewhere.
  if (runs(config, 'gateway') && !runs(config, 'presence')) {
    for (const name of ['PRESENCE_INTERNAL_URL', 'INTERNAL_SERVICE_TOKEN'] as const) {
      if (!config[name]) {
        throw new ConfigError(`${name}: required for a gateway without presence`, name);
      }
    }
  }
}

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
  // Without the built-in issuer in this process (external issuer, or identity runs elsewhere),
  // keys come from the issuer's JWKS over HTTP.
  if (config.OIDC_ISSUER || !runs(config, 'identity')) {
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
              inject: [LdapPasswordCheck, DATA_SOURCE],
              useFactory: (check: LdapPasswordCheck, dataSource: DataSource) => ({
                verify: (username: string, password: string) => check.verify(username, password),
                // An LDAP-synced person's password is the directory's: the console may not
                // give them a local one (it would shadow the directory's at sign-in).
                manages: async (username: string) =>
                  (
                    await new TypeOrmUserListingRepository(dataSource).findByUsernameIgnoringCase(
                      username,
                    )
                  )?.source === 'ldap',
              }),
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
    checkRoles(config);
    const ldap = ldapOptionsOf(config);
    const secretKeys = resolveSecretKeys(config);
    const directory = DirectoryModule.forRoot({
      ldap,
      // The environment layer under API-managed settings, and the key that seals their password.
      ldapEnv: ldapEnvOf(config),
      secretKeys,
    });
    // One object: integrations in this process asks this MessagingModule's webhook consumer
    // about its posts (elsewhere: messaging's internal routes).
    const messaging = messagingModule(config);
    // One object: the gateway imports the same IdentityModule for its authentication port.
    const identity = identityModule(config);
    // One object too: the gateway reports sockets to this PresenceModule's PresenceConnections.
    const presence = presenceModule(config);
    // One object too: /connect plugs its transport into this IntegrationsModule's dispatcher.
    const integrations = runs(config, 'integrations')
      ? integrationsModule(config, secretKeys, runs(config, 'messaging') ? messaging : null)
      : null;
    return {
      module: AppModule,
      imports: [
        loggingModule({ level: config.LOG_LEVEL, service: processNameOf(config) }),
        HealthModule,
        ServiceInfoModule.forRoot(config),
        DatabaseModule.forRoot(hostPersistence(config.DATABASE_URL)),
        BusModule.forRootAsync({
          inject: [MetricsService, HealthRegistry],
          useFactory: (metrics: MetricsService, health: HealthRegistry) => ({
            kafkaBrokers: config.KAFKA_BROKERS,
            clientId: config.KAFKA_CLIENT_ID,
            ...(config.KAFKA_NAMESPACE ? { kafkaNamespace: config.KAFKA_NAMESPACE } : {}),
            partitions: config.BUS_PARTITIONS,
            retry: {
              maxAttempts: config.BUS_MAX_ATTEMPTS,
              initialBackoffMs: config.BUS_RETRY_BACKOFF_MS,
            },
            outboxServices: outboxServicesOf(config),
            topics: [...new Set(allContracts.map((c) => c.topic))],
            metricsRegistry: metrics.registry,
            registerReadiness: (name, check) => health.register(name, check),
          }),
        }),
        BootModule,
        ...(runs(config, 'identity')
          ? // Always offered: LDAP settings may come later through the admin API.
            issuerModules(config, directory)
          : []),
        // Mounted in every process: it verifies the tokens of API calls and WebSockets.
        identity,
        ...(runs(config, 'directory') ? [directory] : []),
        ...(runs(config, 'gateway')
          ? [
              gatewayModule(
                config,
                identity,
                // Sockets are reported to presence in-process, or through the bus to presence
                // in another process (docs/realtime.md, _Several gateway processes_).
                runs(config, 'presence')
                  ? gatewayPresence(presence)
                  : remoteGatewayPresence(config),
              ),
            ]
          : []),
        ...(runs(config, 'presence') ? [presence] : []),
        ...(runs(config, 'messaging')
          ? [
              messaging,
              filesModule(config, conversationAccess),
              // Link previews (docs/link-previews.md): pages fetched by the server, guarded.
              LinkPreviewsModule.forRoot(linkPreviewsOptionsOf(config)),
            ]
          : []),
        // Incoming webhooks (docs/integrations.md); POST /hooks/{id} is mounted by server.ts.
        ...(integrations
          ? [
              integrations,
              // /connect: bots' socket subscriptions over a WebSocket (docs/integrations-connect.md).
              connectSocketModule(
                config,
                identity,
                integrations,
                runs(config, 'messaging') ? messaging : null,
              ),
            ]
          : []),
        // Audit (docs/compliance.md): the hash-chained trail of every topic, search, verify.
        ...(runs(config, 'audit') ? [auditModule(config)] : []),
        ...extraModules,
      ],
      controllers: [SystemController, WebClientController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: WEB_CLIENT_CONFIG, useValue: webClientConfigOf(config) },
      ],
    };
  }
}
