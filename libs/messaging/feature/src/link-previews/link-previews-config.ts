import { isIP } from 'node:net';
import { env } from '@tidings/platform/config';
import { z } from 'zod';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from './guarded-fetch';

/** A host name (`intranet.example.com`, `localhost`) or an IP address, IPv6 with or without brackets. */
const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

const hostList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const hosts = (value ?? '')
      .split(',')
      .map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/^\[|\]$/g, '')
          .replace(/\.$/, ''),
      )
      .filter(Boolean);
    for (const host of hosts)
      if (isIP(host) === 0 && !HOST_NAME.test(host)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected host names or IP addresses, comma-separated (no ports or schemes): ${host}`,
        });
        return z.NEVER;
      }
    return hosts;
  });

/**
 * The link preview variables, spread into the host's configuration schema (one schema per
 * app, DESIGN.md §4.7). docs/configuration.md documents them.
 */
export const linkPreviewsConfigShape = {
  /** `off` turns link previews off (the API answers 404 link_preview.disabled). */
  LINK_PREVIEWS: env.bool(true),
  /** Hosts previewed although private or loopback (an intranet wiki; the tests' page server). */
  LINK_PREVIEW_ALLOW_HOSTS: hostList,
};

export type LinkPreviewsConfig = z.output<z.ZodObject<typeof linkPreviewsConfigShape>>;

export interface LinkPreviewsOptions {
  enabled: boolean;
  policy: FetchPolicy;
}

export function linkPreviewsOptionsOf(config: LinkPreviewsConfig): LinkPreviewsOptions {
  return {
    enabled: config.LINK_PREVIEWS,
    policy: { ...DEFAULT_FETCH_POLICY, allowHosts: new Set(config.LINK_PREVIEW_ALLOW_HOSTS) },
  };
}
