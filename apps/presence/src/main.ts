import { runHost, serviceConfigSchema } from '@tidings/host';

// Presence alone: who is online, from the gateways' connection reports on the bus.
await runHost('presence', serviceConfigSchema('presence'));
