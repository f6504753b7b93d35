export { loggingModule, type LoggingOptions } from './logger-module';
export { requestIdOf, REQUEST_ID_HEADER } from './request-id';
