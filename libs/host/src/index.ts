// The host's composition: one Nest application running any subset of the services.
// apps/tidings runs all of them; apps/<service> one each (docs/architecture.md, Process roles).
export * from './app.module';
export * from './audit-config';
export * from './audit-wiring';
export * from './config';
export * from './connect-socket-config';
export * from './connect-socket-wiring';
export * from './files-wiring';
export * from './gateway-config';
export * from './gateway-wiring';
export * from './integrations-config';
export * from './integrations-wiring';
export * from './messaging-wiring';
export * from './persistence';
export * from './presence-wiring';
export * from './secret-keys';
export * from './server';
export * from './system.controller';
export * from './version';
export * from './web-client.controller';
export * from './web-root';
export * from './service-config';
export * from './run-host';
