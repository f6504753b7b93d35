export { loadConfig, loadConfigOrExit, ConfigError } from './load-config';
export { withDotEnv } from './env-file';
export * as env from './fields';
