export {
  GATEWAY_AUTHENTICATOR,
  type GatewayAuthenticator,
  type GatewayPrincipal,
} from './auth-port';
export { GatewayModule, type GatewayModuleOptions } from './gateway.module';
export {
  DEFAULT_REVOCATION_GROUP,
  GATEWAY_OPTIONS,
  GATEWAY_PATH,
  type GatewayOptions,
} from './gateway-options';
export { GatewayWsAdapter, useGatewayAdapter } from './ws-adapter';
export { HANDLER_REGISTRY } from './frame-dispatcher';
export {
  GatewayMessage,
  type FrameContext,
  type FrameHandler,
  type RegisteredHandler,
  type Reply,
} from './frame-handler';
export { ConnectionRegistry } from './connection-registry';
export { BUILT_IN_HANDLERS } from './handlers/built-in';
