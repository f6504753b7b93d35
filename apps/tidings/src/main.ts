import { runHost, tidingsConfigSchema } from '@tidings/host';

// Every service in one process (TIDINGS_SERVICES picks a subset): the embedded default.
await runHost('tidings', tidingsConfigSchema);
