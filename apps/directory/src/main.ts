import { runHost, serviceConfigSchema } from '@tidings/host';

// The directory alone: people, departments, groups and the LDAP sync (run one replica).
await runHost('directory', serviceConfigSchema('directory'));
