import { ConfigError, loadConfigOrExit } from '@tidings/platform/config';
import { tidingsConfigSchema } from '@tidings/host';
import { createServer, shutdown } from '@tidings/host';

const config = loadConfigOrExit(tidingsConfigSchema);
const app = await createServer(config).catch((error: unknown) => {
  // Some settings can only be checked while wiring (e.g. TIDINGS_ADMIN_* together).
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`tidings: invalid configuration — ${error.message}\n`);
  process.exit(78);
});
await app.listen({ port: config.PORT, host: config.HOST });

const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
process.stdout.write(`tidings: listening on ${url} (API docs at ${url}/api/docs)\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return; // a second Ctrl-C while draining changes nothing
    stopping = true;
    shutdown(app, config.SHUTDOWN_TIMEOUT_MS).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`tidings: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
