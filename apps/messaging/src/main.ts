import { runHost, serviceConfigSchema } from '@tidings/host';

// Messaging alone: conversations, messages, files, search; it applies the database migrations
// on a first start, so start it before the others on a new database (docs/operations.md).
await runHost('messaging', serviceConfigSchema('messaging'));
