import { runHost, serviceConfigSchema } from '@tidings/host';

// Identity alone: sessions, API and bot tokens, and the built-in issuer when OIDC_ISSUER is unset.
await runHost('identity', serviceConfigSchema('identity'));
