import {
  filterProblem,
  LDAP_DEFAULTS,
  MAPPED_ATTRIBUTES,
  type LdapSettingsLayer,
  type MappedAttribute,
} from '@tidings/directory/domain';
import { DEFAULT_GATEWAY_LIMITS } from '@tidings/gateway/domain';
import { filesConfigShape, linkPreviewsConfigShape } from '@tidings/messaging/feature';
import { ConfigError, env } from '@tidings/platform/config';
import { hostListVariable } from '@tidings/platform/egress';
import { z } from 'zod';
import { auditConfigShape } from './audit-config';
import { callsConfigShape } from './calls-config';
import { connectSocketConfigShape } from './connect-socket-config';
import { wsOriginList } from './gateway-config';
import { integrationsRetentionConfigShape } from './integrations-config';

/** An empty value (`LDAP_URL=` in a .env file) means "not set", as operators expect. */
const blankAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** A well-formed RFC 4515 filter (ldapts would silently complete a missing parenthesis). */
const ldapFilter = z.string().superRefine((value, ctx) => {
  const problem = filterProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const attributeName = blankAsUnset(
  z.string().regex(/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)+)$/, 'expected an LDAP attribute name'),
);

/**
 * LDAP_ATTR_<NAME> renames one mapped attribute of the preset (LDAP_ATTR_EMAIL=userPrincipalName):
 * the mapping key in upper snake case.
 */
const ATTRIBUTE_VARIABLES = {
  externalId: 'LDAP_ATTR_EXTERNAL_ID',
  username: 'LDAP_ATTR_USERNAME',
  displayName: 'LDAP_ATTR_DISPLAY_NAME',
  givenName: 'LDAP_ATTR_GIVEN_NAME',
  surname: 'LDAP_ATTR_SURNAME',
  email: 'LDAP_ATTR_EMAIL',
  phone: 'LDAP_ATTR_PHONE',
  title: 'LDAP_ATTR_TITLE',
  employeeNumber: 'LDAP_ATTR_EMPLOYEE_NUMBER',
  department: 'LDAP_ATTR_DEPARTMENT',
  modifiedAt: 'LDAP_ATTR_MODIFIED_AT',
  groupName: 'LDAP_ATTR_GROUP_NAME',
} as const satisfies Record<MappedAttribute, string>;

/** The services one process can host; TIDINGS_SERVICES picks a subset (docs/architecture.md). */
export const TIDINGS_SERVICE_NAMES = [
  'identity',
  'directory',
  'messaging',
  'presence',
  'gateway',
  'integrations',
  'audit',
] as const;
export type TidingsService = (typeof TIDINGS_SERVICE_NAMES)[number];

const serviceList = z.preprocess(
  (value) =>
    typeof value === 'string' && value.trim() !== ''
      ? [
          ...new Set(
            value
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          ),
        ]
      : undefined,
  z
    .array(
      z.enum(TIDINGS_SERVICE_NAMES, {
        error: `expected a comma-separated subset of ${TIDINGS_SERVICE_NAMES.join(', ')}`,
      }),
    )
    .min(1)
    .default([...TIDINGS_SERVICE_NAMES]),
);

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
  // No defaults on the LDAP_* settings below: the admin API shows whether a value came from the
  // environment or is the default (LDAP_DEFAULTS), so an unset variable must stay unset.
  LDAP_PRESET: blankAsUnset(
    z.enum(['openldap', 'active-directory'], { error: 'expected openldap or active-directory' }),
  ),
  LDAP_USER_FILTER: blankAsUnset(ldapFilter),
  LDAP_GROUP_FILTER: blankAsUnset(ldapFilter),
  /** `ou` (the default): departments from the OUs above each user; `attribute`: from LDAP_ATTR_DEPARTMENT's value, levels split by `/`. */
  LDAP_DEPARTMENT_TREE: blankAsUnset(z.enum(['ou', 'attribute'])),
  LDAP_START_TLS: blankAsUnset(
    z
      .string()
      .regex(/^(1|true|yes|on|0|false|no|off)$/i, 'expected true or false')
      .transform((v) => /^(1|true|yes|on)$/i.test(v)),
  ),
  LDAP_CA_FILE: blankAsUnset(z.string()),
  /** Between scheduled syncs: `30m`, `2h`, `0` for manual only. */
  LDAP_SYNC_INTERVAL: blankAsUnset(
    z
      .string()
      .regex(/^(0|\d+[mh])$/, 'expected 0, or minutes/hours such as 30m or 2h')
      .transform((v) => (v === '0' ? 0 : Number(v.slice(0, -1)) * (v.endsWith('h') ? 60 : 1))),
  ),
  /** Circuit breaker: a sync may deactivate at most this share of active users unconfirmed. */
  LDAP_MAX_DEACTIVATION_SHARE: blankAsUnset(z.coerce.number().min(0).max(1)),
  LDAP_TIMEOUT_MS: blankAsUnset(
    z
      .string()
      .regex(/^\d+$/, 'expected a positive whole number')
      .transform(Number)
      .refine((n) => n >= 1, 'expected a positive whole number'),
  ),
  LDAP_ATTR_EXTERNAL_ID: attributeName,
  LDAP_ATTR_USERNAME: attributeName,
  LDAP_ATTR_DISPLAY_NAME: attributeName,
  LDAP_ATTR_GIVEN_NAME: attributeName,
  LDAP_ATTR_SURNAME: attributeName,
  LDAP_ATTR_EMAIL: attributeName,
  LDAP_ATTR_PHONE: attributeName,
  LDAP_ATTR_TITLE: attributeName,
  LDAP_ATTR_EMPLOYEE_NUMBER: attributeName,
  LDAP_ATTR_DEPARTMENT: attributeName,
  LDAP_ATTR_MODIFIED_AT: attributeName,
  LDAP_ATTR_GROUP_NAME: attributeName,
  /**
   * Seals secrets stored in the database (the LDAP bind password set through the API): the
   * base64 of 32 random bytes. Checked by secretKeyBytesOf, not here, so a malformed key never
   * lands in an error message.
   */
  TIDINGS_SECRET_KEY: blankAsUnset(z.string()),
  /** Keys used before a rotation, comma-separated: they still open what they sealed. */
  TIDINGS_SECRET_KEY_PREVIOUS: blankAsUnset(z.string()),
  /** The services this process runs (comma-separated); unset → all of them (embedded). */
  TIDINGS_SERVICES: serviceList,
  /**
   * Shared secret a gateway presents to messaging's internal routes (who is in a conversation)
   * when messaging runs in another process; at least 32 characters. Unset → no internal routes.
   */
  INTERNAL_SERVICE_TOKEN: blankAsUnset(z.string().min(32, 'expected at least 32 characters')),
  /** Where a gateway without messaging in its process reaches messaging (http://host:port). */
  MESSAGING_INTERNAL_URL: blankAsUnset(
    z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .transform((u) => u.replace(/\/+$/, '')),
  ),
  /**
   * Where a gateway without presence in its process reaches presence (http://host:port): it
   * answers sockets' `presence.subscribe` and says who receives a presence change.
   */
  PRESENCE_INTERNAL_URL: blankAsUnset(
    z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .transform((u) => u.replace(/\/+$/, '')),
  ),
  /**
   * How long presence keeps the connections of a gateway process in another process without
   * hearing from it: such a gateway renews every third of this, presence looks for expired
   * ones as often. A killed gateway's people go offline within about 1⅓ of it.
   */
  PRESENCE_LEASE_MS: env.positiveInt(30_000).refine((n) => n >= 300, 'expected at least 300'),
  /**
   * How fanned-out events reach sockets: `direct` (this process's sockets, one gateway) or
   * `bus` (through the `gateway` topic to every gateway process). Default: `bus` with Kafka,
   * `direct` without.
   */
  WS_DELIVERY: blankAsUnset(z.enum(['direct', 'bus'], { error: 'expected direct or bus' })),
  /** Kafka bootstrap brokers (`host:port,…`); unset → the embedded in-process bus. */
  KAFKA_BROKERS: env.hostPortList(),
  KAFKA_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, . _ -')
    .default('tidings'),
  /** Prefix of every Kafka topic and consumer group: several installations on one cluster. */
  KAFKA_NAMESPACE: blankAsUnset(
    z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'expected letters, digits, _ and - (at most 100)'),
  ),
  /** Partitions per topic (Kafka topics created by Tidings, and the memory transport). */
  BUS_PARTITIONS: env.positiveInt(6),
  /** Handler attempts before an event goes to the consumer group's dead-letter topic. */
  BUS_MAX_ATTEMPTS: env.positiveInt(5),
  /** First retry delay; doubles each attempt up to 10 s. */
  BUS_RETRY_BACKOFF_MS: env.positiveInt(200),
  /** Origins browsers may open WebSockets from (comma-separated); unset → PUBLIC_URL's origin. */
  WS_ALLOWED_ORIGINS: wsOriginList(),
  /** A WebSocket without a valid token this long after connecting is closed (4408). */
  WS_AUTH_TIMEOUT_MS: env.positiveInt(DEFAULT_GATEWAY_LIMITS.authTimeoutMs),
  /** The gateway pings every socket this often; one that missed the previous pong is dropped. */
  WS_HEARTBEAT_INTERVAL_MS: env.positiveInt(DEFAULT_GATEWAY_LIMITS.heartbeatIntervalMs),
  /** Largest client WebSocket frame, bytes (larger: close 1009). */
  WS_MAX_FRAME_BYTES: env.positiveInt(DEFAULT_GATEWAY_LIMITS.maxFrameBytes),
  /** Bytes queued for a client that does not read before it is disconnected (4008). */
  WS_SEND_BUFFER_LIMIT_BYTES: env.positiveInt(DEFAULT_GATEWAY_LIMITS.sendBufferLimitBytes),
  /** Client frames per second per connection, sustained, and in a burst (beyond: close 4429). */
  WS_RATE_LIMIT_PER_SECOND: env.positiveInt(DEFAULT_GATEWAY_LIMITS.rateLimitPerSecond),
  WS_RATE_LIMIT_BURST: env.positiveInt(DEFAULT_GATEWAY_LIMITS.rateLimitBurst),
  /** Events kept per user for devices to resume from: this many hours, at most this many. */
  WS_EVENT_RETENTION_HOURS: env.positiveInt(24),
  WS_EVENT_RETENTION_PER_USER: env.positiveInt(10_000),
  /** Longest message text in characters (Unicode code points); longer: 422 messaging.message.too_long. */
  MESSAGE_MAX_CHARS: env.positiveInt(10_000),
  /** `@all`/`@channel` in channels of more members than this: owners and admins only. */
  MENTION_ALL_MAX_MEMBERS: env.positiveInt(100),
  /** Files: FILES_* limits and storage, S3_* for an S3-compatible store (docs/files.md). */
  ...filesConfigShape,
  /** Link previews: LINK_PREVIEWS=off, LINK_PREVIEW_ALLOW_HOSTS (docs/link-previews.md). */
  ...linkPreviewsConfigShape,
  /** Calls: CALLS_STUN_URLS, CALLS_TURN_* (TURN credentials), CALLS_RING_TIMEOUT_S (docs/calls.md). */
  ...callsConfigShape,
  /**
   * Outgoing webhooks (docs/integrations-outgoing.md): receivers reached although private or
   * loopback (host names or addresses as named in subscription URLs; any port on them).
   */
  INTEGRATIONS_ALLOW_HOSTS: hostListVariable(),
  /** One delivery try's limit (connect, send, answer), in ms. */
  INTEGRATIONS_DELIVERY_TIMEOUT_MS: env.positiveInt(10_000),
  /** INTEGRATIONS_DELIVERY_RETENTION_DAYS, INTEGRATIONS_IDEMPOTENCY_RETENTION_DAYS. */
  ...integrationsRetentionConfigShape,
  /** /connect: CONNECT_ACK_TIMEOUT_MS, CONNECT_MAX_IN_FLIGHT, CONNECT_AUTH_TIMEOUT_MS. */
  ...connectSocketConfigShape,
  /** Audit (docs/compliance.md): AUDIT_SIGNING_KEY_FILE, AUDIT_CHECKPOINT_EVERY/_SECONDS. */
  ...auditConfigShape,
});

export type TidingsConfig = z.output<typeof tidingsConfigSchema>;

/**
 * The LDAP settings the environment sets, and only those (unset variables stay absent, so
 * the admin API can show which values are defaults and override them field by field).
 */
export function ldapEnvOf(config: TidingsConfig): LdapSettingsLayer {
  const attributes: Partial<Record<MappedAttribute, string>> = {};
  for (const key of MAPPED_ATTRIBUTES) {
    const value = config[ATTRIBUTE_VARIABLES[key]];
    if (value !== undefined) attributes[key] = value;
  }
  const layer: LdapSettingsLayer = {
    url: config.LDAP_URL,
    startTls: config.LDAP_START_TLS,
    caFile: config.LDAP_CA_FILE,
    bindDn: config.LDAP_BIND_DN,
    bindPassword: config.LDAP_BIND_PASSWORD,
    baseDn: config.LDAP_BASE_DN,
    preset: config.LDAP_PRESET,
    userFilter: config.LDAP_USER_FILTER,
    groupFilter: config.LDAP_GROUP_FILTER,
    departmentTree: config.LDAP_DEPARTMENT_TREE,
    syncIntervalMinutes: config.LDAP_SYNC_INTERVAL,
    maxDeactivationShare: config.LDAP_MAX_DEACTIVATION_SHARE,
    timeoutMs: config.LDAP_TIMEOUT_MS,
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
  return Object.fromEntries(
    Object.entries(layer).filter(([, value]) => value !== undefined),
  ) as LdapSettingsLayer;
}

const SECRET_KEY_FORMAT = 'expected the base64 of 32 random bytes (openssl rand -base64 32)';

function secretKeyBytes(value: string, variable: string): Buffer {
  const bytes = /^[A-Za-z0-9+/_-]{43}=?$/.test(value.trim())
    ? Buffer.from(value.trim(), 'base64')
    : Buffer.alloc(0);
  // The message never repeats the value: it is a key, or a typo of one.
  if (bytes.length !== 32) throw new ConfigError(`${variable}: ${SECRET_KEY_FORMAT}`, variable);
  return bytes;
}

/** TIDINGS_SECRET_KEY and the previous keys, decoded and checked. */
export function secretKeyBytesOf(config: TidingsConfig): {
  current: Buffer | null;
  previous: Buffer[];
} {
  return {
    current: config.TIDINGS_SECRET_KEY
      ? secretKeyBytes(config.TIDINGS_SECRET_KEY, 'TIDINGS_SECRET_KEY')
      : null,
    previous: (config.TIDINGS_SECRET_KEY_PREVIOUS ?? '')
      .split(',')
      .filter((v) => v.trim() !== '')
      .map((v) => secretKeyBytes(v, 'TIDINGS_SECRET_KEY_PREVIOUS')),
  };
}

/** The directory's LDAP settings from the environment alone, or null when LDAP_URL is unset. */
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
      startTls: config.LDAP_START_TLS ?? LDAP_DEFAULTS.startTls,
      ...(config.LDAP_CA_FILE ? { caFile: config.LDAP_CA_FILE } : {}),
      timeoutMs: config.LDAP_TIMEOUT_MS ?? LDAP_DEFAULTS.timeoutMs,
    },
    preset: config.LDAP_PRESET ?? LDAP_DEFAULTS.preset,
    overrides: {
      ...ldapEnvOf(config).attributes,
      ...(config.LDAP_USER_FILTER ? { userFilter: config.LDAP_USER_FILTER } : {}),
      ...(config.LDAP_GROUP_FILTER ? { groupFilter: config.LDAP_GROUP_FILTER } : {}),
      ...(config.LDAP_DEPARTMENT_TREE ? { departmentTree: config.LDAP_DEPARTMENT_TREE } : {}),
    },
    syncIntervalMinutes: config.LDAP_SYNC_INTERVAL ?? LDAP_DEFAULTS.syncIntervalMinutes,
    maxDeactivationShare: config.LDAP_MAX_DEACTIVATION_SHARE ?? LDAP_DEFAULTS.maxDeactivationShare,
  };
}

/** The subset the CLI needs: it talks to the same database as the server. */
export const cliConfigSchema = tidingsConfigSchema.pick({ DATABASE_URL: true, LOG_LEVEL: true });
export type CliConfig = z.output<typeof cliConfigSchema>;

/** Whether this process runs `service` (TIDINGS_SERVICES). */
export function runs(config: Pick<TidingsConfig, 'TIDINGS_SERVICES'>, service: TidingsService) {
  return config.TIDINGS_SERVICES.includes(service);
}

/** The delivery mode: as configured, else the bus when there can be other gateway processes. */
export function deliveryModeOf(config: TidingsConfig): 'direct' | 'bus' {
  return config.WS_DELIVERY ?? (config.KAFKA_BROKERS.length > 0 ? 'bus' : 'direct');
}

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
