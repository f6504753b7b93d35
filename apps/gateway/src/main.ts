import { runHost, serviceConfigSchema } from '@tidings/host';

// The gateway alone: WebSockets (/ws), live delivery and the web client. Run two or more;
// each reaches messaging's internal routes at MESSAGING_INTERNAL_URL (docs/operations.md).
await runHost('gateway', serviceConfigSchema('gateway'));
