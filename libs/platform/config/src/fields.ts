import { z } from 'zod';

/** Reusable environment fields, so every app spells and validates them the same way. */

export const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1 || n > 65535) {
        ctx.addIssue({ code: 'custom', message: 'expected a port number (1-65535)' });
        return z.NEVER;
      }
      return n;
    });

export const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      if (!/^\d+$/.test(value) || Number(value) < 1) {
        ctx.addIssue({ code: 'custom', message: 'expected a positive whole number' });
        return z.NEVER;
      }
      return Number(value);
    });

export const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      if (/^(1|true|yes|on)$/i.test(value)) return true;
      if (/^(0|false|no|off)$/i.test(value)) return false;
      ctx.addIssue({ code: 'custom', message: 'expected true or false' });
      return z.NEVER;
    });

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'expected one of fatal, error, warn, info, debug, trace, silent',
  })
  .default('info');

/**
 * `DATABASE_URL`: `sqlite:<path>` (embedded default) or `postgres://…`.
 * Anything else is refused at boot rather than failing on first query.
 */
export const databaseUrl = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const url = value === undefined || value === '' ? fallback : value;
      if (/^sqlite:/.test(url) || /^postgres(ql)?:\/\//.test(url)) return url;
      ctx.addIssue({
        code: 'custom',
        message: 'expected sqlite:<path> or postgres://user@host:port/database',
      });
      return z.NEVER;
    });

/** `host:port,host:port` → list; unset or empty → `[]`. */
export const hostPortList = () =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return [] as string[];
      const items = value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      for (const item of items) {
        const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(item);
        if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
          ctx.addIssue({
            code: 'custom',
            message: `expected host:port[,host:port…], "${item}" is not`,
          });
          return z.NEVER;
        }
      }
      return items;
    });
