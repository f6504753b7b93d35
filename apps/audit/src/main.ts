import { runHost, serviceConfigSchema } from '@tidings/host';

// Audit alone: the hash-chained trail of every topic, search, verify, exports and retention.
await runHost('audit', serviceConfigSchema('audit'));
