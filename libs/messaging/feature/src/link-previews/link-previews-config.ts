import { env } from '@tidings/platform/config';
import {
  DEFAULT_FETCH_POLICY,
  hostListVariable,
  type EgressPolicy,
} from '@tidings/platform/egress';
import { z } from 'zod';

/**
 * The link preview variables, spread into the host's configuration schema (one schema per
 * app, DESIGN.md §4.7). docs/configuration.md documents them.
 */
export const linkPreviewsConfigShape = {
  /** `off` turns link previews off (the API answers 404 link_preview.disabled). */
  LINK_PREVIEWS: env.bool(true),
  /** Hosts previewed although private or loopback (an intranet wiki; the tests' page server). */
  LINK_PREVIEW_ALLOW_HOSTS: hostListVariable(),
};

export type LinkPreviewsConfig = z.output<z.ZodObject<typeof linkPreviewsConfigShape>>;

export interface LinkPreviewsOptions {
  enabled: boolean;
  policy: EgressPolicy;
}

export function linkPreviewsOptionsOf(config: LinkPreviewsConfig): LinkPreviewsOptions {
  return {
    enabled: config.LINK_PREVIEWS,
    policy: { ...DEFAULT_FETCH_POLICY, allowHosts: new Set(config.LINK_PREVIEW_ALLOW_HOSTS) },
  };
}
