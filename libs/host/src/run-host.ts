import { ConfigError, loadConfigOrExit } from '@tidings/platform/config';
import type { z } from 'zod';
import type { TidingsConfig } from './config';
import { createServer, shutdown } from './server';

/**
 * Boots a host process from its configuration schema — the all-in-one `tidings` or one
 * service (apps/<service>) — and drains it on SIGINT/SIGTERM. `name` labels its log lines.
 */
export async function runHost(
  name: string,
  schema: z.ZodType<TidingsConfig, unknown>,
): Promise<void> {
  const config = loadConfigOrExit(schema);
  const app = await createServer(config).catch((error: unknown) => {
    // Some settings can only be checked while wiring (e.g. TIDINGS_ADMIN_* together).
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: invalid configuration — ${error.message}\n`);
    process.exit(78);
  });
  await app.listen({ port: config.PORT, host: config.HOST });

  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  const services = config.TIDINGS_SERVICES.join(',');
  process.stdout.write(
    `${name}: listening on ${url} (API docs at ${url}/api/docs; services: ${services})\n`,
  );

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return; // a second Ctrl-C while draining changes nothing
      stopping = true;
      shutdown(app, config.SHUTDOWN_TIMEOUT_MS).then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`${name}: shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}
