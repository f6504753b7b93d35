import type { MessagingOptions } from '@tidings/messaging/feature';
import { ConfigError, env } from '@tidings/platform/config';
import { z } from 'zod';

type CallsOptions = NonNullable<MessagingOptions['calls']>;

/**
 * `stun:host[:port]` / `turn:host[:port][?transport=udp|tcp]` and their `s` forms (RFC 7064,
 * 7065): the URL forms browsers accept in RTCIceServer.urls, which refuses anything else.
 */
const HOST_PORT = String.raw`(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?`;
const STUN_URL = new RegExp(`^stuns?:${HOST_PORT}$`);
const TURN_URL = new RegExp(`^turns?:${HOST_PORT}(\\?transport=(udp|tcp))?$`);

const urlList = (pattern: RegExp, expected: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const items = (value ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      for (const item of items) {
        if (!pattern.test(item)) {
          ctx.addIssue({ code: 'custom', message: `expected ${expected}; "${item}" is not` });
          return z.NEVER;
        }
      }
      return items;
    });

/** A whole number of seconds in [min, max], `fallback` when unset. */
const seconds = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const n = Number(value.trim());
      if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected whole seconds from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** Voice and video calls (docs/calls.md): ICE servers, TURN credentials, ringing. */
export const callsConfigShape = {
  /** Comma-separated `stun:` URLs browsers learn their public address from. */
  CALLS_STUN_URLS: urlList(STUN_URL, 'comma-separated stun:host[:port] URLs'),
  /** Comma-separated `turn:`/`turns:` URLs of the company's coturn. */
  CALLS_TURN_URLS: urlList(TURN_URL, 'comma-separated turn:host[:port][?transport=udp|tcp] URLs'),
  /**
   * coturn's `static-auth-secret`. Checked by callsOptionsOf, not here: a schema error would
   * print the value it got.
   */
  CALLS_TURN_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** How long a minted TURN credential is valid. */
  CALLS_TURN_TTL_S: seconds(3600, 60, 86_400),
  /** `relay`: browsers send all media through TURN, so peers never learn each other's address. */
  CALLS_ICE_TRANSPORT_POLICY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['all', 'relay'], { error: 'expected all or relay' }).default('all'),
  ),
  /** Unanswered ringing becomes `missed` after this long. */
  CALLS_RING_TIMEOUT_S: env.positiveInt(45),
};

export type CallsConfig = z.output<z.ZodObject<typeof callsConfigShape>>;

/**
 * Messaging's call options, with the checks that span variables. An error names the variable
 * and never repeats the secret.
 */
export function callsOptionsOf(config: CallsConfig): CallsOptions {
  const turnUrls = config.CALLS_TURN_URLS;
  const secret = config.CALLS_TURN_SECRET;
  if (turnUrls.length > 0 && !secret?.trim()) {
    throw new ConfigError(
      'CALLS_TURN_SECRET: required when CALLS_TURN_URLS is set (coturn’s static-auth-secret)',
      'CALLS_TURN_SECRET',
    );
  }
  if (config.CALLS_ICE_TRANSPORT_POLICY === 'relay' && turnUrls.length === 0) {
    throw new ConfigError(
      'CALLS_ICE_TRANSPORT_POLICY: relay needs CALLS_TURN_URLS (with no TURN server to relay through, no call could connect)',
      'CALLS_ICE_TRANSPORT_POLICY',
    );
  }
  return {
    ringTimeoutMs: config.CALLS_RING_TIMEOUT_S * 1000,
    ice: {
      stunUrls: config.CALLS_STUN_URLS,
      turnUrls,
      ...(turnUrls.length > 0 && secret ? { turnSecret: secret } : {}),
      ttlSeconds: config.CALLS_TURN_TTL_S,
      transportPolicy: config.CALLS_ICE_TRANSPORT_POLICY,
    },
  };
}
