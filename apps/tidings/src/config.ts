import { env } from '@tidings/platform/config';
import { z } from 'zod';

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
  /** Record a user on first sight of a valid token whose subject is unknown. */
  OIDC_JIT_PROVISIONING: env.bool(true),
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

/** The subset the CLI needs: it talks to the same database as the server. */
export const cliConfigSchema = tidingsConfigSchema.pick({ DATABASE_URL: true, LOG_LEVEL: true });
export type CliConfig = z.output<typeof cliConfigSchema>;
