import { ConfigError, env } from '@tidings/platform/config';
import { z } from 'zod';

/** An empty value (`LDAP_URL=` in a .env file) means "not set", as operators expect. */
const blankAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Every variable the all-in-one host reads. docs/configuration.md documents each one. */
export const tidingsConfigSchema = z.object({
  PORT: env.port(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: env.databaseUrl('sqlite:./data/tidings.db'),
  LOG_LEVEL: env.logLevel,
  /** Directory of the built web client; defaults to the Angular build or the placeholder. */
  WEB_ROOT: z.string().min(1).optional(),
  /** Largest accepted request body, in bytes. */
  HTTP_BODY_LIMIT: env.positiveInt(1_048_576),
  /** How long a graceful shutdown may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: env.positiveInt(10_000),
  /** Trust X-Forwarded-* headers (set when running behind a reverse proxy). */
  TRUST_PROXY: env.bool(false),
  /**
   * The public base URL users reach Tidings at (no trailing slash). The built-in OpenID
   * Connect issuer lives at `${PUBLIC_URL}/oidc`. Defaults to http://localhost:PORT.
   */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** An external OpenID Connect issuer (Keycloak realm URL); unset → the built-in issuer. */
  OIDC_ISSUER: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** The `aud` access tokens must carry to be accepted by the API. */
  OIDC_AUDIENCE: z.string().min(1).default('tidings-api'),
  /** Tolerated clock difference when checking `exp`/`nbf`, in seconds. */
  OIDC_CLOCK_SKEW_SECONDS: env.positiveInt(30),
  /** After fetching the issuer's keys, wait at least this long before fetching them again. */
  OIDC_JWKS_COOLDOWN_MS: env.positiveInt(30_000),
  /** Record a user on first sight of a valid token whose subject is unknown. */
  OIDC_JIT_PROVISIONING: env.bool(true),
  /** Built-in issuer: consecutive wrong passwords after which an account is locked. */
  OIDC_LOCKOUT_ATTEMPTS: env.positiveInt(5),
  /** Built-in issuer: how long such a lock lasts, in minutes. */
  OIDC_LOCKOUT_MINUTES: env.positiveInt(15),
  /** Built-in issuer: lifetime of access tokens, in seconds. */
  OIDC_ACCESS_TOKEN_TTL_SECONDS: env.positiveInt(600),
  /** Built-in issuer: how long a sign-in and its refresh tokens last, in days. */
  OIDC_REFRESH_TOKEN_TTL_DAYS: env.positiveInt(14),
  /**
   * Built-in issuer: create this admin at boot if no account has this name (needs
   * TIDINGS_ADMIN_PASSWORD). Checked at boot, not here, so a password never lands in an error.
   */
  TIDINGS_ADMIN_USERNAME: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  TIDINGS_ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  /** LDAP / Active Directory to sync people from; unset → local accounts only. */
  LDAP_URL: blankAsUnset(
    z
      .string()
      .regex(
        /^ldaps?:\/\/[^\s/]+(:\d+)?\/?$/,
        'expected ldap://host[:port] or ldaps://host[:port]',
      ),
  ),
  LDAP_BIND_DN: blankAsUnset(z.string()),
  LDAP_BIND_PASSWORD: blankAsUnset(z.string()),
  LDAP_BASE_DN: blankAsUnset(z.string()),
  LDAP_PRESET: z
    .enum(['openldap', 'active-directory'], { error: 'expected openldap or active-directory' })
    .default('openldap'),
  LDAP_USER_FILTER: blankAsUnset(
    z.string().regex(/^\(.*\)$/, 'expected an LDAP filter in parentheses'),
  ),
  LDAP_GROUP_FILTER: blankAsUnset(
    z.string().regex(/^\(.*\)$/, 'expected an LDAP filter in parentheses'),
  ),
  LDAP_START_TLS: env.bool(false),
  LDAP_CA_FILE: blankAsUnset(z.string()),
  /** Between scheduled syncs: `30m`, `2h`, `0` for manual only. */
  LDAP_SYNC_INTERVAL: z
    .string()
    .regex(/^(0|\d+[mh])$/, 'expected 0, or minutes/hours such as 30m or 2h')
    .default('60m')
    .transform((v) => (v === '0' ? 0 : Number(v.slice(0, -1)) * (v.endsWith('h') ? 60 : 1))),
  /** Circuit breaker: a sync may deactivate at most this share of active users unconfirmed. */
  LDAP_MAX_DEACTIVATION_SHARE: z.coerce.number().min(0).max(1).default(0.1),
  LDAP_TIMEOUT_MS: env.positiveInt(10_000),
  /** Kafka bootstrap brokers (`host:port,…`); unset → the embedded in-process bus. */
  KAFKA_BROKERS: env.hostPortList(),
  KAFKA_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, . _ -')
    .default('tidings'),
  /** Partitions per topic (Kafka topics created by Tidings, and the memory transport). */
  BUS_PARTITIONS: env.positiveInt(6),
  /** Handler attempts before an event goes to the consumer group's dead-letter topic. */
  BUS_MAX_ATTEMPTS: env.positiveInt(5),
  /** First retry delay; doubles each attempt up to 10 s. */
  BUS_RETRY_BACKOFF_MS: env.positiveInt(200),
});

export type TidingsConfig = z.output<typeof tidingsConfigSchema>;

/** The directory's LDAP settings, or null when LDAP_URL is unset. */
export function ldapOptionsOf(config: TidingsConfig) {
  if (!config.LDAP_URL) return null;
  for (const name of ['LDAP_BIND_DN', 'LDAP_BIND_PASSWORD', 'LDAP_BASE_DN'] as const) {
    if (!config[name]) throw new ConfigError(`${name}: required when LDAP_URL is set`, name);
  }
  const { LDAP_BIND_DN: bindDn, LDAP_BIND_PASSWORD: bindPassword, LDAP_BASE_DN: baseDn } = config;
  return {
    connection: {
      url: config.LDAP_URL,
      bindDn: bindDn ?? '',
      bindPassword: bindPassword ?? '',
      baseDn: baseDn ?? '',
      startTls: config.LDAP_START_TLS,
      ...(config.LDAP_CA_FILE ? { caFile: config.LDAP_CA_FILE } : {}),
      timeoutMs: config.LDAP_TIMEOUT_MS,
    },
    preset: config.LDAP_PRESET,
    overrides: {
      ...(config.LDAP_USER_FILTER ? { userFilter: config.LDAP_USER_FILTER } : {}),
      ...(config.LDAP_GROUP_FILTER ? { groupFilter: config.LDAP_GROUP_FILTER } : {}),
    },
    syncIntervalMinutes: config.LDAP_SYNC_INTERVAL,
    maxDeactivationShare: config.LDAP_MAX_DEACTIVATION_SHARE,
  };
}

/** The subset the CLI needs: it talks to the same database as the server. */
export const cliConfigSchema = tidingsConfigSchema.pick({ DATABASE_URL: true, LOG_LEVEL: true });
export type CliConfig = z.output<typeof cliConfigSchema>;

/** The public base URL, defaulting to this host's port on localhost. */
export function publicUrlOf(config: TidingsConfig): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}

/** The issuer whose tokens the API accepts: the external one, or the built-in one at /oidc. */
export function issuerOf(config: TidingsConfig): string {
  return config.OIDC_ISSUER ?? `${publicUrlOf(config)}/oidc`;
}

/** What `tidings user/admin/token` need: the database and the built-in issuer's identity. */
export const identityCliConfigSchema = tidingsConfigSchema.pick({
  DATABASE_URL: true,
  LOG_LEVEL: true,
  PORT: true,
  PUBLIC_URL: true,
  OIDC_ISSUER: true,
  OIDC_AUDIENCE: true,
});
