import { normalizeOrigin } from '@tidings/gateway/domain';
import { z } from 'zod';

/**
 * WS_ALLOWED_ORIGINS: `https://chat.example.com,http://localhost:4200` → normalised origins;
 * unset or empty → undefined (the host then allows PUBLIC_URL's origin only).
 */
export const wsOriginList = () =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const origins: string[] = [];
      for (const item of value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)) {
        const origin = normalizeOrigin(item);
        if (!origin) {
          ctx.addIssue({
            code: 'custom',
            message: `expected origins such as https://chat.example.com (scheme, host, port; no path), "${item}" is not`,
          });
          return z.NEVER;
        }
        origins.push(origin);
      }
      return origins;
    });
