import { filesConfigShape, linkPreviewsConfigShape } from '@tidings/messaging/feature';
import { auditConfigShape } from './audit-config';
import { callsConfigShape } from './calls-config';
import { tidingsConfigSchema, type TidingsConfig, type TidingsService } from './config';
import { connectSocketConfigShape } from './connect-socket-config';
import { integrationsRetentionConfigShape } from './integrations-config';

type Variable = keyof typeof tidingsConfigSchema.shape;

const keysOf = (shape: object) => Object.keys(shape) as Variable[];

/** What every service process reads: its HTTP server, database, bus and token checks. */
export const PROCESS_VARIABLES: readonly Variable[] = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'LOG_LEVEL',
  'HTTP_BODY_LIMIT',
  'SHUTDOWN_TIMEOUT_MS',
  'TRUST_PROXY',
  'PUBLIC_URL',
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_CLOCK_SKEW_SECONDS',
  'OIDC_JWKS_COOLDOWN_MS',
  'OIDC_JIT_PROVISIONING',
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  'KAFKA_NAMESPACE',
  'BUS_PARTITIONS',
  'BUS_MAX_ATTEMPTS',
  'BUS_RETRY_BACKOFF_MS',
];

const LDAP_VARIABLES = keysOf(tidingsConfigSchema.shape).filter((k) => k.startsWith('LDAP_'));
const SECRET_KEY_VARIABLES: readonly Variable[] = [
  'TIDINGS_SECRET_KEY',
  'TIDINGS_SECRET_KEY_PREVIOUS',
];
const INTERNAL_CLIENT: readonly Variable[] = ['MESSAGING_INTERNAL_URL', 'INTERNAL_SERVICE_TOKEN'];

/**
 * The variables each service reads on top of PROCESS_VARIABLES (docs/configuration.md,
 * _Per-service processes_). A variable meant for another service is ignored, so one shared
 * environment (a ConfigMap, compose's anchors) can feed every process.
 */
export const SERVICE_VARIABLES: Readonly<Record<TidingsService, readonly Variable[]>> = {
  // The built-in issuer, when OIDC_ISSUER is unset, signs people in by LDAP bind too.
  identity: [
    'OIDC_LOCKOUT_ATTEMPTS',
    'OIDC_LOCKOUT_MINUTES',
    'OIDC_ACCESS_TOKEN_TTL_SECONDS',
    'OIDC_REFRESH_TOKEN_TTL_DAYS',
    'TIDINGS_ADMIN_USERNAME',
    'TIDINGS_ADMIN_PASSWORD',
    ...LDAP_VARIABLES,
    ...SECRET_KEY_VARIABLES,
  ],
  directory: [...LDAP_VARIABLES, ...SECRET_KEY_VARIABLES],
  messaging: [
    'MESSAGE_MAX_CHARS',
    'MENTION_ALL_MAX_MEMBERS',
    'INTERNAL_SERVICE_TOKEN',
    ...keysOf(filesConfigShape),
    ...keysOf(linkPreviewsConfigShape),
    ...keysOf(callsConfigShape),
  ],
  presence: ['INTERNAL_SERVICE_TOKEN', 'PRESENCE_LEASE_MS'],
  gateway: [
    'WEB_ROOT',
    'WS_DELIVERY',
    ...keysOf(tidingsConfigSchema.shape).filter((k) => k.startsWith('WS_')),
    ...INTERNAL_CLIENT,
    'PRESENCE_INTERNAL_URL',
    'PRESENCE_LEASE_MS',
  ],
  integrations: [
    'INTEGRATIONS_ALLOW_HOSTS',
    'INTEGRATIONS_DELIVERY_TIMEOUT_MS',
    'WS_HEARTBEAT_INTERVAL_MS',
    ...keysOf(integrationsRetentionConfigShape),
    ...keysOf(connectSocketConfigShape),
    ...SECRET_KEY_VARIABLES,
    ...INTERNAL_CLIENT,
  ],
  audit: [...keysOf(auditConfigShape)],
};

/** Variables no service process reads: only the all-in-one host's. */
export const ALL_IN_ONE_ONLY: readonly Variable[] = ['TIDINGS_SERVICES'];

/**
 * The configuration of one service in its own process (apps/<service>): the variables it
 * reads, validated as the all-in-one host validates them, plus what a process among others
 * cannot do without — Kafka (the in-process bus reaches nobody) and PostgreSQL (a SQLite file
 * is one machine's). Everything else takes its default, so the result is a whole
 * TidingsConfig running just this service.
 */
export function serviceConfigSchema(service: TidingsService) {
  const picked = Object.fromEntries(
    [...PROCESS_VARIABLES, ...SERVICE_VARIABLES[service]].map((k) => [k, true as const]),
  ) as Partial<Record<Variable, true>>;
  const defaults = tidingsConfigSchema.parse({});
  return tidingsConfigSchema
    .pick(picked)
    .superRefine((own, ctx) => {
      if ((own.KAFKA_BROKERS ?? []).length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['KAFKA_BROKERS'],
          message: 'required: the Kafka brokers (host:port,…) this service talks over',
        });
      }
      if (!/^postgres(ql)?:\/\//.test(own.DATABASE_URL ?? '')) {
        ctx.addIssue({
          code: 'custom',
          path: ['DATABASE_URL'],
          message: 'expected a postgres:// URL: services in separate processes share PostgreSQL',
        });
      }
    })
    .transform((own): TidingsConfig => ({ ...defaults, ...own, TIDINGS_SERVICES: [service] }));
}
