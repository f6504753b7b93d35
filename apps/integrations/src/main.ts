import { runHost, serviceConfigSchema } from '@tidings/host';

// Integrations alone: incoming webhooks (/hooks), subscriptions and deliveries, bots, /connect.
await runHost('integrations', serviceConfigSchema('integrations'));
