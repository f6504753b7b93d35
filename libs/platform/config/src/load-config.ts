import { z } from 'zod';
import { withDotEnv } from './env-file';

/** Raised when the environment does not satisfy an app's schema. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment with the app's schema, once. The first problem becomes one line
 * naming the variable, e.g. `PORT: expected a port number (1-65535), got "abc"`.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const path = issue?.path ?? [];
  const variable = path.map(String).join('.') || '(environment)';
  const raw = path.length === 1 ? env[String(path[0])] : undefined;
  const got = raw === undefined ? 'it is not set' : `got ${JSON.stringify(raw)}`;
  throw new ConfigError(`${variable}: ${issue?.message ?? 'invalid'}; ${got}`, variable);
}

/**
 * Boot-time entry point: reads `.env` (real environment wins), validates, and on failure
 * prints one clear line to stderr and exits non-zero — a half-configured server is worse
 * than one that refuses to start.
 */
export function loadConfigOrExit<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  try {
    return loadConfig(schema, withDotEnv(env));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tidings: invalid configuration — ${error.message}\n`);
      process.exit(78); // EX_CONFIG from sysexits.h
    }
    throw error;
  }
}
