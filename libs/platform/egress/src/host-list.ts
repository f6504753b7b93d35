import { isIP } from 'node:net';
import { z } from 'zod';
import { hostKeyOfEntry } from './policy';

/** A host name (`intranet.example.com`, `localhost`) or an IP address, IPv6 with or without brackets. */
const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * An allowlist variable (LINK_PREVIEW_ALLOW_HOSTS, INTEGRATIONS_ALLOW_HOSTS): host names or IP
 * addresses, comma-separated, normalised as URLs' hosts are — no schemes, no ports.
 */
export const hostListVariable = () =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const hosts = (value ?? '').split(',').map(hostKeyOfEntry).filter(Boolean);
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
